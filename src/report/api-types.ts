// The page's public contract: `window.deepfakeDetector` and the report it returns. The report is
// also what "Download report" saves and what `deepfake-scan` writes, one per line: one type here,
// one JSON Schema (src/report/report.schema.json, checked against real reports in the tests).
// `npm run build:types` emits this file's declarations into the package (types/).
import type { AnalysisResult, FileHash, ModelInfo, Stage } from '../types';
import type { Provenance } from '../provenance';

export type { ContentCredentials, CredentialsState, Keyframe, Provenance, ProvenanceMetadata } from '../provenance';
export type { AnalysisResult, AttentionGrid, BlackBars, Box, Face, FaceResult, FileHash, FrameResult, InputQuality, Interval, Label, Metrics, ModelAgreement, ModelInfo, PersonQuality, Point, QualityIssue, Stage, StageTimings, Track, VerdictBasis, VideoInfo } from '../types';

/** The report's format: bumped whenever a field changes meaning or a required field is added.
 *  3: every face scored (frames[].faces[] with pFake, models, track, attention), result.tracks and
 *  result.basis; the video score is the most suspicious person's, no longer the mean of frames;
 *  settings lists every setting and threshold the verdict depends on (from APP_CONFIG). */
export type ReportFormat = 'deepfake-detector-report/3';

/** The newsroom's record of a check, typed into the page and written into both reports. */
export interface ReportCase {
  /** Where the file was found (a URL, or any text the analyst typed). */
  sourceUrl: string | null;
  analyst: string | null;
  notes: string | null;
}

export interface DetectorReport {
  format: ReportFormat;
  generatedAt: string;
  app: { name: 'deepfake-detector'; version: string; commit: string | null };
  environment: {
    /** The backend that ran the models (null when the detector never started). */
    backend: string | null;
    device: string | null;
    /** True when the GPU backend runs on a software rasteriser (SwiftShader, llvmpipe). */
    softwareGpu: boolean;
    userAgent: string | null;
  };
  /** The analysed bytes: `path` is set by deepfake-scan (as given on its command line), null in the page. */
  input: { name: string; path: string | null; bytes: number | null; sha256: string | null };
  settings: {
    frames: number;
    /** The backend asked for (?backend= or --backend); null = the page's own choice. */
    requestedBackend: string | null;
    /** WebAssembly threads asked for (?threads=); null = the default, half the cores. The threads
     *  actually used are in environment.device. */
    threads: number | null;
    /** Video P(fake) above which the label is "fake", below `realBelow` "real"; between, "uncertain". */
    fakeAbove: number;
    realBelow: number;
    /** Faces narrower than this (source pixels) are not scored. */
    minFacePixels: number;
    /** Fewer frames with a scored face than this make the label "uncertain". */
    minFramesWithFace: number;
    /** Face detector confidence below which a face is ignored. */
    minFaceScore: number;
    /** The whole frame is searched for faces on every n-th sampled frame; in between the detector
     *  follows the previous frame's faces (and searches when one is lost). */
    searchEvery: number;
    /** Side (pixels) of the aligned face crop the models' inputs are resized from. */
    alignSize: number;
    /** The configured ensemble weights (models[].weight is renormalised over the models that loaded). */
    ensemble: { name: string; weight: number }[];
    /** Platt scaling of the ensemble's P(fake): sigmoid(a * logit(p) + b), fitted for `members`;
     *  `applied` is true when exactly those models were loaded (another mix is left uncalibrated). */
    calibration: { platt: { a: number; b: number }; members: string[]; applied: boolean };
    /** The input-quality lines past which the verdict carries a caution (APP_CONFIG.quality); absent
     *  in reports made before them. */
    quality?: { smallFacePixels: number; minBitsPerPixel: number; maxBlockiness: number; minSharpness: number; minBarShare: number; measureFrames: number };
  };
  models: ModelInfo[];
  /** The face detector the worker ran and its files by SHA-256 (tasks-vision: the two .tflite models
   *  as served, with their written metadata, and its wasm loader and binary; tfjs: the graph files). */
  faceDetector: { name: string; files: FileHash[]; provenanceError: string | null };
  /** The analysis itself; `result.error` is one sentence when the file could not be analysed. */
  result: AnalysisResult;
  /** Why this result may be less stable than usual: the input's quality issues first (result.quality:
   *  a heavily compressed copy, blurred or small faces; the page shows these beside the verdict),
   *  then few frames and a software GPU. */
  warnings: string[];
  /** Who checked the file, where it came from and their notes, as typed into the page (absent when
   *  nothing was typed, and in deepfake-scan's reports). Free text from the analyst: not checked. */
  case?: ReportCase;
  /** Where the file came from, as far as the file says: its metadata (editable by anyone: clues,
   *  not proof), its C2PA content credentials, and stills at shot changes for a manual reverse
   *  image search. Absent in reports made before it existed (added in format 3, issue 27). */
  provenance?: Provenance;
}

export interface AnalyzeOptions {
  /** Frames sampled evenly over the video, 1-256 (src/frames.ts; default: the page's, 32 or ?frames=). */
  frames?: number;
  /** File name for a Blob (a File or a URL brings its own). */
  name?: string;
  /** Hash the input for `input.sha256` (default true). false leaves it null: for a caller that hashes
   *  the file itself, as deepfake-scan does in Node (a 4 GB file takes a minute in the page). */
  sha256?: boolean;
  /** Aborting it cancels this analysis: analyze() rejects with an AbortError. */
  signal?: AbortSignal;
  /** Called on every progress step (the same as the 'progress' event). */
  onProgress?(progress: DetectorProgress): void;
}

export interface DetectorProgress {
  /** The input's name. */
  file: string;
  stage: Stage;
  done: number;
  total: number;
  /** Estimated time left, or null before it can be estimated. */
  etaMs: number | null;
}

export interface DetectorInfo {
  app: DetectorReport['app'];
  backend: string;
  device: string;
  models: { name: string; weight: number }[];
}

export type DetectorState = 'starting' | 'ready' | 'analyzing' | 'fatal';

/** A snapshot for automation and diagnostics. */
export interface DetectorStatus {
  state: DetectorState;
  backend: string | null;
  fatal: string | null;
  /** Every finished analysis of this page's life (from the UI or the API), oldest first. */
  results: AnalysisResult[];
  /** tf.memory() in the worker after the latest analysis (flat across analyses unless something leaks). */
  memory: { numTensors: number; numBytes: number } | null;
}

/**
 * `window.deepfakeDetector`. Events (addEventListener): 'progress' (CustomEvent<DetectorProgress>),
 * 'result' (CustomEvent<DetectorReport>). One analysis at a time: a second analyze() waits.
 */
export interface DeepfakeDetector extends EventTarget {
  readonly apiVersion: 1;
  /** Resolves once the face detector and the models are loaded and checked (their warm-up follows,
   *  and the first analysis waits for it); rejects with the start-up error. */
  ready(): Promise<DetectorInfo>;
  /**
   * Analyses a File, a Blob, or a same-origin URL (the page's Content-Security-Policy allows no
   * other). Resolves with the report for every readable input, even one that is not a video
   * (`result.error` then says why); rejects with an AbortError on cancel(), a TypeError for a bad
   * argument, or an Error when the detector cannot start or the URL cannot be fetched.
   */
  analyze(input: File | Blob | string | URL, options?: AnalyzeOptions): Promise<DetectorReport>;
  /** Stops the running analysis (its analyze() rejects with an AbortError); the detector warms up again. */
  cancel(): void;
  status(): DetectorStatus;
}

declare global {
  interface Window {
    deepfakeDetector?: DeepfakeDetector;
  }
}
