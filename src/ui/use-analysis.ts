// The one hook that holds analysis state: it owns the worker client, hands every worker message to
// the reducer as it is (ui/analysis-state.ts gives messages their meaning, in one place), closes
// frame bitmaps it no longer shows, and mirrors the state onto window.__detector for automation
// (scan, e2e).
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { DEFAULT_FRAMES } from '../frames';
import { DetectorClient } from '../worker/client';
import type { FromWorker } from '../worker/protocol';
import { automationState, initialState, reduce, type AnalysisState } from './analysis-state';
import type { PageParams } from './url-params';

export interface Analysis {
  state: AnalysisState;
  /** Frames sampled per video (URL parameter or the app default). */
  frames: number;
  analyze(file: File): void;
  cancel(): void;
  select(index: number | null): void;
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

function crashMessage(err: unknown): string {
  const detail = err instanceof Error ? err.message : String(err);
  return detail || 'The analysis stopped unexpectedly. Reload the page and try again.';
}

export function useAnalysis(params: PageParams): Analysis {
  const [state, dispatch] = useReducer(reduce, params.warnings, initialState);
  const clientRef = useRef<DetectorClient | null>(null);
  const runningRef = useRef<AbortController | null>(null);
  // Bitmaps of the job on screen; closed when the next job starts or the page goes away.
  const bitmaps = useRef<ImageBitmap[]>([]);
  const frames = params.frames ?? DEFAULT_FRAMES;

  useEffect(() => {
    const onMessage = (message: FromWorker) => {
      if (message.type === 'frame') for (const b of [message.frameImage, message.crop]) if (b !== null) bitmaps.current.push(b);
      dispatch({ type: 'worker', message });
    };
    const client = new DetectorClient({ backend: params.backend ?? undefined, threads: params.threads ?? undefined, onMessage });
    clientRef.current = client;
    return () => {
      client.dispose();
      clientRef.current = null;
      closeAll(bitmaps.current);
    };
  }, [params.backend, params.threads]);

  useEffect(() => {
    window.__detector = {
      results: state.history,
      state: automationState(state),
      backend: state.startup.backend,
      fatal: state.startup.fatal,
      memory: state.memory,
    };
    document.documentElement.dataset.detectorState = automationState(state);
  }, [state]);

  const cancel = useCallback(() => {
    runningRef.current?.abort();
    runningRef.current = null;
    dispatch({ type: 'cancel' });
  }, []);

  const analyze = useCallback(
    (file: File) => {
      const client = clientRef.current;
      if (client === null) return;
      // One analysis at a time: a new file replaces the running one.
      if (runningRef.current !== null) cancel();
      closeAll(bitmaps.current);
      const abort = new AbortController();
      runningRef.current = abort;
      const job = client.analyze(file, { frames, signal: abort.signal });
      dispatch({ type: 'start', id: job.id, fileName: file.name, fileSize: file.size });
      // The result itself reaches the reducer as the worker's 'result' message; here only failures.
      job.outcome
        .catch((err: unknown) => {
          if (!isAbort(err)) dispatch({ type: 'crash', message: crashMessage(err) });
        })
        .finally(() => {
          if (runningRef.current === abort) runningRef.current = null;
        });
    },
    [cancel, frames],
  );

  const select = useCallback((index: number | null) => dispatch({ type: 'select', index }), []);

  return { state, frames, analyze, cancel, select };
}

function closeAll(list: ImageBitmap[]): void {
  for (const b of list) b.close();
  list.length = 0;
}
