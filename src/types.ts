// Typed values that flow between pipeline stages, the worker and the UI.
// Everything here is plain data (structured-clone safe): no tensors, no frames.

/** Axis-aligned box in source-frame pixels (after rotation metadata is applied). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A 2-D point in source-frame pixels. */
export interface Point {
  x: number;
  y: number;
}

/**
 * One detected face. Keypoints follow the detector's order; `landmarks` holds the four
 * points alignment uses, in template order: right eye, left eye, nose tip, mouth centre
 * ("right"/"left" from the subject's point of view, i.e. right eye appears on the image's left).
 */
export interface Face {
  box: Box;
  score: number;
  landmarks: [Point, Point, Point, Point];
}

/** Where one sampled frame sits in the video. */
export interface FrameSample {
  /** Index into the list of sampled frames (0..n-1). */
  index: number;
  /** Presentation timestamp in milliseconds. */
  timeMs: number;
}

/** Per-frame outcome. `score` is null when no usable face was found in that frame. */
export interface FrameResult extends FrameSample {
  score: number | null;
  /** The face that was scored (the largest), or null. */
  box: Box | null;
  /** Every face the detector kept in this frame (for later per-person tracking). */
  faces: Face[];
  /** Each model's P(fake) for this frame's face. */
  models: Record<string, number>;
}

export type Label = 'fake' | 'real' | 'uncertain';

export interface StageTimings {
  /** Opening the file, decoding and turning the sampled frames into tensors. */
  decodeMs: number;
  detectMs: number;
  /** Alignment and scoring. */
  inferMs: number;
  totalMs: number;
  /** Part of decodeMs: sampled VideoFrame -> RGB tensor (the pixel readback on wasm). */
  uploadMs?: number;
  /** Part of inferMs: aligning the scored faces. */
  alignMs?: number;
  /** Frames the decoder produced (sampled or not): with decodeMs, the decoder's frames/s. */
  framesDecoded?: number;
}

/** The outcome of analysing one file; `error` and `score` are never both set. */
export interface AnalysisResult {
  file: string;
  /** Video P(fake) in [0,1]: mean of frame scores over frames with a face; null when none. */
  score: number | null;
  /** Null exactly when score is null (error, no face, or faces too small to judge). */
  label: Label | null;
  /** One sentence for the reader: why this label (or why no score). */
  reason: string | null;
  error: string | null;
  frames: FrameResult[];
  /** Each model's video-level P(fake) (mean over frames with a face). */
  models: Record<string, number>;
  backend: string;
  timings: StageTimings;
  video: VideoInfo | null;
}

export interface VideoInfo {
  width: number;
  height: number;
  durationMs: number;
  codec: string;
  container: string;
  rotation: number;
}

/** Where an analysis is: decode, detect and score repeat per frame; done ends it. */
export type Stage = 'decode' | 'detect' | 'score' | 'done';

/** An analysis's progress: `done` of `total` sampled frames, and the time left, when known. */
export interface Progress {
  stage: Stage;
  done: number;
  total: number;
  etaMs: number | null;
}

/** tf.memory() in the worker after an analysis: flat across analyses unless something leaks. */
export interface TensorMemory {
  numTensors: number;
  numBytes: number;
}
