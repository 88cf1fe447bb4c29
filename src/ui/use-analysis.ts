// The one hook that holds analysis state: it owns the worker client, hands every worker message to
// the reducer as it is (ui/analysis-state.ts gives messages their meaning, in one place; progress
// and frames at most every UPDATE_INTERVAL_MS, update-throttle.ts, while the API's progress
// callbacks get every message at once), closes frame bitmaps it no longer shows, hashes each input
// for its report, and installs window.deepfakeDetector (detector-api.ts), whose analyses run
// through the same path as a dropped file.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { errorText, failedResult, isAbort, whyOf, WordsError } from '../failure';
import { english, words, type Words } from '../i18n/words';
import { DEFAULT_FRAMES } from '../frames';
import type { AnalysisResult, Progress } from '../types';
import { DetectorClient, type AnalyzeRequest } from '../worker/client';
import { ProvenanceReader, readBeside, type ProvenanceReading } from '../worker/provenance-client';
import { keyframesOf } from './keyframes';
import type { FromWorker } from '../worker/protocol';
import { automationState, initialState, reduce, type AnalysisState } from './analysis-state';
import type { DetectorReport } from '../report/api-types';
import { APP_INFO } from './app-info';
import { DetectorApi } from '../report/detector-api';
import { readDetectorProvenance } from './detector-provenance';
import type { FaceDetectorKind } from '../pipeline/detector-files';
import { digestBlob, type InputDigest } from './input-digest';
import { isOffline, offlineNotice } from './offline';
import { buildReport } from '../report/report';
import { throttleUpdates, type UpdateThrottle } from './update-throttle';
import type { PageParams } from './url-params';

export interface Analysis {
  state: AnalysisState;
  analyze(file: File): void;
  cancel(): void;
  select(index: number | null): void;
  /** The report of a finished job (what "Download report" saves and the API returns). */
  report(jobId: number, result: AnalysisResult): Promise<DetectorReport>;
}

interface JobRecord {
  frames: number;
  name: string;
  /** Kept until the report asks for its hash (a dropped file is hashed only if its report is made). */
  file: File | null;
  digest: Promise<InputDigest | null> | null;
  /** The file's metadata and credentials, read beside the analysis from its start. */
  provenance: Promise<ProvenanceReading>;
  onProgress?(p: Progress): void;
}

/** Job records kept for reports (a record is a name, a number and a File handle). */
const KEPT_JOBS = 20;

interface RunRequest extends AnalyzeRequest {
  /** When to hash the input: alongside the analysis, when a report asks, or never (sha256 null). */
  hash: 'now' | 'lazy' | 'never';
  onProgress?(p: Progress): void;
}

/** Why a job ended without its result: the client's words (the worker died or could not start), or
 *  an error of no one's words inside ours. */
function crashWords(err: unknown): Words {
  if (err instanceof WordsError) return err.words;
  return errorText(err) ? words('analysisFailed', { why: whyOf(err) }) : words('stopped');
}

/** The error of a page whose detector is gone (its message English: scripts read it through the API). */
const shutDown = () => new WordsError(words('shutDown'));

export function useAnalysis(params: PageParams): Analysis {
  const [state, dispatch] = useReducer(reduce, params.warnings, initialState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const clientRef = useRef<DetectorClient | null>(null);
  const provenanceRef = useRef<ProvenanceReader | null>(null);
  const runningRef = useRef<AbortController | null>(null);
  const jobs = useRef(new Map<number, JobRecord>());
  /** Provenance per detector kind (a restarted worker may have fallen back to the other one). */
  const detectorRef = useRef(new Map<FaceDetectorKind | null, Promise<DetectorReport['faceDetector']>>());
  // Bitmaps of the job on screen; closed when the next job starts or the page goes away.
  const bitmaps = useRef<ImageBitmap[]>([]);
  const defaultFrames = params.frames ?? DEFAULT_FRAMES;

  // What reaches the reducer, drawn at most every UPDATE_INTERVAL_MS (update-throttle.ts).
  const throttle = useRef<UpdateThrottle<FromWorker> | null>(null);
  useEffect(() => {
    const shown = throttleUpdates<FromWorker>(
      (batch) => batch.forEach((message) => dispatch({ type: 'worker', message })),
      (m) => m.type === 'progress' || m.type === 'frame' || m.type === 'warmup',
    );
    throttle.current = shown;
    const onMessage = (message: FromWorker) => {
      if (message.type === 'frame') for (const b of [message.frameImage, ...message.crops]) if (b !== null) bitmaps.current.push(b);
      if (message.type === 'progress') {
        const { type: _t, id: _i, ...p } = message;
        jobs.current.get(message.id)?.onProgress?.(p);
      }
      shown.push(message);
    };
    const client = new DetectorClient({ backend: params.backend ?? undefined, threads: params.threads ?? undefined, onMessage });
    clientRef.current = client;
    const provenance = new ProvenanceReader();
    provenanceRef.current = provenance;
    return () => {
      client.dispose();
      clientRef.current = null;
      provenance.dispose();
      provenanceRef.current = null;
      shown.dispose();
      throttle.current = null;
      closeAll(bitmaps.current);
    };
  }, [params.backend, params.threads]);

  // An offline start says so under the engine status (offline.ts).
  useEffect(() => {
    void isOffline(import.meta.env.BASE_URL).then((offline) => {
      if (offline) dispatch({ type: 'engineNotice', message: offlineNotice() });
    });
  }, []);

  // Waiters for a state the page has rendered (the API resolves only once status() shows its result).
  const commits = useRef(new Set<() => void>());
  useEffect(() => {
    document.documentElement.dataset.detectorState = automationState(state);
    for (const check of [...commits.current]) check();
  }, [state]);
  const whenState = useCallback(
    (pred: (s: AnalysisState) => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!pred(stateRef.current)) return;
          commits.current.delete(check);
          resolve();
        };
        commits.current.add(check);
        check();
      }),
    [],
  );

  const report = useCallback(
    async (jobId: number, result: AnalysisResult): Promise<DetectorReport> => {
      const job = jobs.current.get(jobId);
      if (job !== undefined && job.digest === null && job.file !== null) job.digest = digestBlob(job.file).catch(() => null);
      const { startup } = stateRef.current;
      const kind = startup.faceDetector;
      if (!detectorRef.current.has(kind)) detectorRef.current.set(kind, readDetectorProvenance(import.meta.env.BASE_URL, kind));
      const [digest, faceDetector, reading] = await Promise.all([job?.digest ?? null, detectorRef.current.get(kind)!, job?.provenance ?? null]);
      // Keyframes from the frames on screen, when they are this job's (their bitmaps are closed
      // once the next job starts).
      const shown = stateRef.current.job;
      const keyframes = shown !== null && shown.id === jobId ? keyframesOf(shown.frames) : [];
      return buildReport({
        result,
        app: APP_INFO,
        input: { name: job?.name ?? result.file, path: null, bytes: digest?.bytes ?? null, sha256: digest?.sha256 ?? null },
        backend: startup.backend,
        device: startup.device,
        frames: job?.frames ?? defaultFrames,
        requestedBackend: params.backend,
        threads: params.threads,
        models: startup.models,
        faceDetector,
        provenance: reading === null ? null : { ...reading, keyframes },
        userAgent: navigator.userAgent,
        generatedAt: new Date(),
      });
    },
    [defaultFrames, params.backend, params.threads],
  );

  const cancel = useCallback(() => {
    runningRef.current?.abort();
    runningRef.current = null;
    throttle.current?.flush();
    dispatch({ type: 'cancel' });
  }, []);

  /** One file through the worker, shown on the page; resolves with its job id and result. */
  const run = useCallback(
    (file: File, request: RunRequest): Promise<{ id: number; result: AnalysisResult }> => {
      const client = clientRef.current;
      if (client === null) return Promise.reject(shutDown());
      // One analysis at a time: a new file replaces the running one.
      if (runningRef.current !== null) cancel();
      closeAll(bitmaps.current);
      const abort = new AbortController();
      runningRef.current = abort;
      const onOuterAbort = () => {
        if (runningRef.current === abort) cancel();
      };
      request.signal?.addEventListener('abort', onOuterAbort, { once: true });
      // The input's hash: beside the analysis for the API (its report waits for both), on demand for
      // a dropped file (only "Download report" needs it), or not at all.
      const digest = request.hash === 'now' ? digestBlob(file, abort.signal).catch(() => null) : null;
      const job = client.analyze(file, { frames: request.frames, signal: abort.signal });
      const id = job.id;
      // Provenance on other threads: beside the analysis where there are cores to spare, after it
      // otherwise (provenance-client.ts). It reaches the page whatever the analysis does (the
      // reducer keeps it only for the job it belongs to).
      const reader = provenanceRef.current;
      const turn = readBeside(navigator.hardwareConcurrency) ? Promise.resolve() : job.outcome.then(noop, noop);
      const provenance = reader === null ? Promise.reject(shutDown()) : turn.then(() => reader.read(file));
      provenance.then((reading) => dispatch({ type: 'provenance', id, reading })).catch(() => undefined);
      jobs.current.set(id, { frames: request.frames, name: file.name, file: request.hash === 'lazy' ? file : null, digest, provenance, onProgress: request.onProgress });
      for (const old of jobs.current.keys()) if (jobs.current.size > KEPT_JOBS) jobs.current.delete(old);
      throttle.current?.flush();
      dispatch({ type: 'start', id, fileName: file.name, fileSize: file.size, file });
      // The result itself reaches the reducer as the worker's 'result' message; here only failures.
      return job.outcome
        .then(({ result }) => ({ id, result }))
        .catch((err: unknown) => {
          if (isAbort(err)) throw err;
          // The worker died under this file: the job ends with that sentence, as the page shows it.
          const said = crashWords(err);
          throttle.current?.flush();
          dispatch({ type: 'crash', words: said });
          return { id, result: failedResult(file.name, said, stateRef.current.startup.backend) };
        })
        .finally(() => {
          request.signal?.removeEventListener('abort', onOuterAbort);
          const rec = jobs.current.get(id);
          if (rec) rec.onProgress = undefined;
          if (runningRef.current === abort) runningRef.current = null;
        });
    },
    [cancel],
  );

  const analyze = useCallback(
    (file: File) => {
      run(file, { frames: defaultFrames, hash: 'lazy' }).catch(() => undefined);
    },
    [defaultFrames, run],
  );

  // The public API: installed once; it reads the latest state and client through refs.
  const latest = useRef({ run, report, cancel, whenState });
  latest.current = { run, report, cancel, whenState };
  useEffect(() => {
    const api = new DetectorApi({
      whenReady: async () => {
        const client = clientRef.current;
        if (client === null) throw shutDown();
        const info = await client.whenReady();
        return { app: APP_INFO, backend: info.backend, device: info.device, models: info.models.map((m) => ({ name: m.name, weight: m.weight })) };
      },
      run: async (file, frames, onProgress, signal, sha256) => {
        const { id, result } = await latest.current.run(file, { frames, onProgress, signal, hash: sha256 ? 'now' : 'never' });
        await latest.current.whenState((s) => s.job?.id !== id || s.job.status !== 'analyzing');
        return latest.current.report(id, result);
      },
      cancel: () => latest.current.cancel(),
      status: () => {
        const s = stateRef.current;
        return { state: automationState(s), backend: s.startup.backend, fatal: s.startup.fatal === null ? null : english(s.startup.fatal), results: s.history, memory: s.memory };
      },
      defaultFrames,
      pageUrl: window.location.href,
      fetch: (input, init) => window.fetch(input, init),
    });
    window.deepfakeDetector = api;
    return () => {
      if (window.deepfakeDetector === api) delete window.deepfakeDetector;
    };
  }, [defaultFrames]);

  const select = useCallback((index: number | null) => dispatch({ type: 'select', index }), []);

  return { state, analyze, cancel, select, report };
}

function noop(): void {}

function closeAll(list: ImageBitmap[]): void {
  for (const b of list) b.close();
  list.length = 0;
}
