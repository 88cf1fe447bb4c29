// The one hook that holds analysis state: it owns the worker client, turns its callbacks into
// reducer actions, closes frame bitmaps it no longer shows, and mirrors the state onto
// window.__detector for automation (scan, e2e).
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
  const nextId = useRef(1);
  // Bitmaps of the job on screen; closed when the next job starts or the page goes away.
  const bitmaps = useRef<ImageBitmap[]>([]);
  const frames = params.frames ?? DEFAULT_FRAMES;

  const worker = useCallback((message: FromWorker) => dispatch({ type: 'worker', message }), []);

  useEffect(() => {
    const client = new DetectorClient({
      backend: params.backend ?? undefined,
      onWarmup: (m) => worker({ type: 'warmup', ...m }),
      onReady: (info) => worker({ type: 'ready', ...info }),
      onNotice: (message) => worker({ type: 'notice', message }),
      onFatal: (message) => worker({ type: 'fatal', message }),
    });
    clientRef.current = client;
    return () => {
      client.dispose();
      clientRef.current = null;
      closeAll(bitmaps.current);
    };
  }, [params.backend, worker]);

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
      bitmaps.current = [];
      const id = nextId.current++;
      const abort = new AbortController();
      runningRef.current = abort;
      dispatch({ type: 'start', id, fileName: file.name, fileSize: file.size });
      client
        .analyze(file, {
          frames,
          signal: abort.signal,
          onProgress: (p) => worker({ type: 'progress', id, ...p }),
          onFrame: (f) => {
            for (const b of [f.frameImage, f.crop]) if (b !== null) bitmaps.current.push(b);
            worker({ type: 'frame', id, ...f });
          },
        })
        .then(({ result, memory }) => worker({ type: 'result', id, result, memory }))
        .catch((err: unknown) => {
          if (!isAbort(err)) dispatch({ type: 'crash', message: crashMessage(err) });
        })
        .finally(() => {
          if (runningRef.current === abort) runningRef.current = null;
        });
    },
    [cancel, frames, worker],
  );

  const select = useCallback((index: number | null) => dispatch({ type: 'select', index }), []);

  return { state, frames, analyze, cancel, select };
}

function closeAll(list: ImageBitmap[]): void {
  for (const b of list) b.close();
  list.length = 0;
}
