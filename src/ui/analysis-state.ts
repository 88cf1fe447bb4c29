// Everything the page shows, as one value, and the pure reducer that moves it on each worker
// message or user action. use-analysis.ts owns the worker and the side effects; this file owns
// the rules, so they are unit-tested without a browser.
import type { Words } from '../i18n/words';
import type { FaceDetectorKind } from '../pipeline/detector-files';
import type { BackendName } from '../backends';
import { failedResult } from '../failure';
import type { AnalysisResult, FrameResult, ModelInfo, Progress, Stage, TensorMemory } from '../types';
import type { FromWorker } from '../worker/protocol';
import type { ProvenanceReading } from '../worker/provenance-client';
import type { DetectorState } from '../report/api-types';

/** One sampled frame as the page shows it. Bitmaps belong to the hook, which closes them. */
export interface FrameView {
  frame: FrameResult;
  image: ImageBitmap | null;
  /** image pixels per source pixel (to draw the face box on the image). */
  scale: number;
  /** The aligned crop of the frame's most suspicious scored face (frame.box), or null. */
  crop: ImageBitmap | null;
  /** crops[i]: the aligned crop of frame.faces[i], null for a face that was not scored. */
  crops: (ImageBitmap | null)[];
}

/** A notice: a sentence of the worker side (its words, said in the page's language when shown), or
 *  the page's own, made in its language (an ignored address parameter, an offline start). */
export type Note = Words | string;

export interface StartupState {
  phase: 'starting' | 'ready' | 'fatal';
  stage: 'load' | 'warmup';
  done: number;
  total: number;
  backend: BackendName | null;
  device: string | null;
  /** The face detector the worker runs (null until ready); the report hashes its files. */
  faceDetector: FaceDetectorKind | null;
  models: ModelInfo[];
  /** Why start-up failed (the automation API reads its English). */
  fatal: Words | null;
}

/** The job's progress is the worker's Progress, with no stage before its first message. */
export interface JobState extends Omit<Progress, 'stage'> {
  id: number;
  fileName: string;
  fileSize: number;
  /** The analysed file, for the video player (null when the caller did not pass it). */
  file: File | null;
  status: 'analyzing' | 'done' | 'cancelled';
  stage: Stage | null;
  /** Frames in arrival order; the timeline sorts them by time. */
  frames: FrameView[];
  result: AnalysisResult | null;
  /** Notices the worker sent while this job ran (frames it had to skip): shown with its result. */
  notices: Note[];
  /** The file's metadata and content credentials, read beside the analysis (null until read). */
  provenance: ProvenanceReading | null;
}

export interface AnalysisState {
  startup: StartupState;
  job: JobState | null;
  /** Frame index the user picked on the timeline or among the crops. */
  selected: number | null;
  /** Things the user should see before anything else: an ignored URL parameter, a worker that
   *  died with no job to blame. Shown above the drop zone. */
  notices: Note[];
  /** How the engine was chosen (a software GPU passed over, a backend that failed): shown small
   *  under the engine status, where they apply, not above the drop zone for every visitor. */
  engineNotices: Note[];
  /** Every finished analysis of this page's life (automation reads it). */
  history: AnalysisResult[];
  memory: TensorMemory | null;
}

export type AnalysisAction =
  | { type: 'worker'; message: FromWorker }
  | { type: 'start'; id: number; fileName: string; fileSize: number; file?: File }
  | { type: 'cancel' }
  | { type: 'select'; index: number | null }
  | { type: 'notice'; message: string }
  /** A note about how the page runs (offline), shown with the engine's. */
  | { type: 'engineNotice'; message: string }
  /** The worker died or could not be reached: the running job (if any) ends with this sentence. */
  | { type: 'crash'; words: Words }
  /** The provenance readers finished with job `id`'s file (whatever the job's status by then). */
  | { type: 'provenance'; id: number; reading: ProvenanceReading };

export function initialState(notices: Note[] = []): AnalysisState {
  return {
    startup: {
      phase: 'starting',
      stage: 'load',
      done: 0,
      total: 0,
      backend: null,
      device: null,
      faceDetector: null,
      models: [],
      fatal: null,
    },
    job: null,
    selected: null,
    notices,
    engineNotices: [],
    history: [],
    memory: null,
  };
}

function isCurrent(state: AnalysisState, id: number): state is AnalysisState & { job: JobState } {
  return state.job !== null && state.job.id === id && state.job.status === 'analyzing';
}

/** The same sentence, as the page's text or as words (a worker restarted after a cancel repeats its). */
export function sameNote(a: Note | null, b: Note | null): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
}

function addNotice(notices: Note[], note: Note): Note[] {
  return notices.some((n) => sameNote(n, note)) ? notices : [...notices, note];
}

function onWorker(state: AnalysisState, m: FromWorker): AnalysisState {
  switch (m.type) {
    case 'warmup': {
      // A cancel respawns the worker, which warms up again: the page is "starting" until it is ready.
      const phase = state.startup.phase === 'fatal' ? 'fatal' : 'starting';
      return { ...state, startup: { ...state.startup, phase, stage: m.stage, done: m.done, total: m.total } };
    }
    case 'ready':
      return {
        ...state,
        startup: { ...state.startup, phase: 'ready', backend: m.backend, device: m.device, faceDetector: m.faceDetector, models: m.models },
        engineNotices: m.notices.reduce(addNotice, state.engineNotices),
      };
    case 'notice':
      // While a file is analysed a notice is about it (frames skipped); otherwise about the engine.
      // A worker restarted after a cancel repeats how its engine was chosen while the next file may
      // already wait: that is about the engine (it is starting), shown once, at the top.
      if (state.job?.status === 'analyzing' && state.startup.phase === 'ready' && !state.engineNotices.some((n) => sameNote(n, m.words))) {
        return { ...state, job: { ...state.job, notices: addNotice(state.job.notices, m.words) } };
      }
      return { ...state, engineNotices: addNotice(state.engineNotices, m.words) };
    case 'fatal': {
      const next = { ...state, startup: { ...state.startup, phase: 'fatal' as const, fatal: m.words } };
      return state.job?.status === 'analyzing' ? onCrash(next, m.words) : next;
    }
    case 'progress':
      if (!isCurrent(state, m.id)) return state;
      // Forward only: the worker reports decode, detect, score for every frame, and the page shows
      // frames done plus the current frame's phase (format.ts), so a message with fewer frames done
      // than already shown, or one after 'done', would move the display back: it is dropped.
      if (m.done < state.job.done || state.job.stage === 'done') return state;
      return { ...state, job: { ...state.job, stage: m.stage, done: m.done, total: m.total, etaMs: m.etaMs } };
    case 'frame': {
      if (!isCurrent(state, m.id)) return state;
      const top = m.frame.score === null ? -1 : m.frame.faces.findIndex((f) => f.pFake === m.frame.score);
      const view: FrameView = { frame: m.frame, image: m.frameImage, scale: m.frameScale, crop: m.crops[top] ?? null, crops: m.crops };
      const frames = [...state.job.frames.filter((f) => f.frame.index !== m.frame.index), view];
      return { ...state, job: { ...state.job, frames } };
    }
    case 'result': {
      if (!isCurrent(state, m.id)) return state;
      return {
        ...state,
        job: { ...state.job, status: 'done', stage: 'done', etaMs: 0, result: m.result },
        history: [...state.history, m.result],
        memory: m.memory,
      };
    }
  }
}

function onCrash(state: AnalysisState, said: Words): AnalysisState {
  if (state.job === null || state.job.status !== 'analyzing') {
    // The same failure often arrives twice (fatal message, then the rejected analysis): say it once.
    return sameNote(said, state.startup.fatal) ? state : { ...state, notices: addNotice(state.notices, said) };
  }
  const result = failedResult(state.job.fileName, said, state.startup.backend);
  return { ...state, job: { ...state.job, status: 'done', result }, history: [...state.history, result] };
}

export function reduce(state: AnalysisState, action: AnalysisAction): AnalysisState {
  switch (action.type) {
    case 'worker':
      return onWorker(state, action.message);
    case 'start':
      return {
        ...state,
        selected: null,
        job: {
          id: action.id,
          fileName: action.fileName,
          fileSize: action.fileSize,
          file: action.file ?? null,
          status: 'analyzing',
          stage: null,
          done: 0,
          total: 0,
          etaMs: null,
          frames: [],
          result: null,
          notices: [],
          provenance: null,
        },
      };
    case 'cancel':
      return state.job?.status === 'analyzing' ? { ...state, job: { ...state.job, status: 'cancelled' } } : state;
    case 'select':
      return { ...state, selected: action.index };
    case 'notice':
      return { ...state, notices: addNotice(state.notices, action.message) };
    case 'engineNotice':
      return { ...state, engineNotices: addNotice(state.engineNotices, action.message) };
    case 'crash':
      return onCrash(state, action.words);
    case 'provenance':
      return state.job?.id === action.id ? { ...state, job: { ...state.job, provenance: action.reading } } : state;
  }
}

/** The frame the preview shows: the one the user picked, if it exists in this job. */
export function selectedFrame(job: JobState | null, selected: number | null): FrameView | null {
  if (job === null || selected === null) return null;
  return job.frames.find((f) => f.frame.index === selected) ?? null;
}

/** The detector's state as window.deepfakeDetector.status() reports it. */
export function automationState(state: AnalysisState): DetectorState {
  if (state.startup.phase === 'fatal') return 'fatal';
  if (state.job?.status === 'analyzing') return 'analyzing';
  return state.startup.phase === 'ready' ? 'ready' : 'starting';
}
