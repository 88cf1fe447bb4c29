// Typed values that flow between pipeline stages, the worker and the UI.
// Everything here is plain data (structured-clone safe): no tensors, no frames.
import type { Words } from './i18n/words';

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

/** The WS-DAN attention over one face crop: the mean of the head's attention maps, divided by its
 *  maximum (so 1 = where it looked most, 0 = nowhere), row-major `side` x `side`. The models read a
 *  160 px input and the backbone ends at block 13 (stride 32), so the grid is 5 x 5: coarse. */
export interface AttentionGrid {
  side: number;
  values: number[];
}

/**
 * One detected face and what the models said about it. `score` is the detector's confidence (as on
 * Face); `pFake` the ensemble's calibrated P(fake), null when the face was not scored (narrower than
 * minFacePixels, or beyond maxFacesPerFrame).
 */
export interface FaceResult extends Face {
  pFake: number | null;
  /** Each model's raw P(fake) for this face ({} when not scored). */
  models: Record<string, number>;
  /** The person (track) this face belongs to, or null when it was not scored. */
  track: number | null;
  /** WS-DAN attention for this crop, or null (not scored, or no WS-DAN model loaded). */
  attention: AttentionGrid | null;
}

/**
 * Per-frame outcome. `score`, `box` and `models` describe the frame's most suspicious scored face
 * (the one with the highest pFake); all three are empty (null, null, {}) when no face was scored.
 */
export interface FrameResult extends FrameSample {
  score: number | null;
  /** The box of the frame's most suspicious scored face, or null. */
  box: Box | null;
  /** Every face the detector kept in this frame, largest first, scored or not. */
  faces: FaceResult[];
  /** Each model's P(fake) for the frame's most suspicious scored face. */
  models: Record<string, number>;
}

/** A 95% interval [low, high] of a probability (percentile bootstrap over frames). */
export type Interval = [number, number];

/** One person: the scored faces tracked across sampled frames (track.ts). */
export interface Track {
  /** 1, 2, ... in order of first appearance. */
  id: number;
  /** Sampled-frame indices where this person's face was scored, ascending. */
  frames: number[];
  /** Mean ensemble P(fake) over its faces. */
  score: number;
  /** Bootstrap interval of `score` over its faces (aggregate.ts). */
  interval: Interval;
  /** Each model's mean P(fake) over its faces. */
  models: Record<string, number>;
  /** The frame index of its most suspicious face ("jump to"). */
  peakFrame: number;
  /** Median width of its faces in source pixels. */
  faceSize: number;
}

/** How the models agree on the track the verdict comes from. */
export interface ModelAgreement {
  /** Largest minus smallest model P(fake) (raw, per model) on that track. */
  spread: number;
  /** False when spread exceeds APP_CONFIG.verdict.maxModelSpread: "the models disagree". */
  agree: boolean;
}

/** What the video's verdict rests on (the rule and its numbers are in APP_CONFIG.verdict). */
export interface VerdictBasis {
  /** The rule in one sentence, as the page shows it. */
  rule: string;
  /** The track the video score is taken from, or null when no track had enough frames. */
  track: number | null;
  /** 95% bootstrap interval of the video score (over frames, within tracks), or null. */
  interval: Interval | null;
  agreement: ModelAgreement | null;
}

export type Label = 'fake' | 'real' | 'uncertain';

export interface StageTimings {
  /** Opening the file, decoding and turning the sampled frames into tensors. */
  decodeMs: number;
  detectMs: number;
  /** Alignment and scoring. */
  inferMs: number;
  totalMs: number;
  /** Part of decodeMs: sampled VideoFrame -> the frame's bytes (its YUV planes, or RGBA; frame-tensor.ts). */
  uploadMs?: number;
  /** Part of inferMs: aligning the scored faces. */
  alignMs?: number;
  /** Part of totalMs: the input-quality reading's measures (pipeline/quality.ts). */
  qualityMs?: number;
  /** Frames the decoder produced (sampled or not; H.264 pictures nothing refers to are left out unless
   *  sampled, decode.ts): with decodeMs, the decoder's frames/s. */
  framesDecoded?: number;
}

/** The outcome of analysing one file; `error` and `score` are never both set. */
export interface AnalysisResult {
  file: string;
  /** Video P(fake) in [0,1] by the video rule (basis.rule): the score of the most suspicious person
   *  (track) seen in enough frames; null when no face was scored. */
  score: number | null;
  /** Null exactly when score is null (error, no face, or faces too small to judge). */
  label: Label | null;
  /** One sentence for the reader: why this label (or why no score). */
  reason: string | null;
  /** One sentence, in English, when the file could not be analysed. */
  error: string | null;
  /** The same sentence as its catalog key and values (src/i18n/words.ts), so the page and its
   *  readable report say it in their language; absent in reports made before it existed and in
   *  deepfake-scan's lines for files no page analysed. */
  errorWords?: Words;
  frames: FrameResult[];
  /** Each model's P(fake) for the track the verdict comes from (its mean over that track's faces). */
  models: Record<string, number>;
  /** Every person seen, most suspicious first. */
  tracks: Track[];
  /** What the verdict rests on; null when there is no score. */
  basis: VerdictBasis | null;
  backend: string;
  timings: StageTimings;
  video: VideoInfo | null;
  /** What the detector had to work with (pipeline/quality.ts); absent when the file could not be
   *  analysed, and in reports made before it existed. */
  quality?: InputQuality;
}

/** Black bars around the picture (letterboxing: top and bottom; pillarboxing: left and right), in
 *  source pixels, as found in every measured frame. */
export interface BlackBars {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** One person's faces as the detector saw them. */
export interface PersonQuality {
  track: number;
  /** Median width of the person's scored faces, source pixels. */
  faceSize: number;
  /** Median sharpness of the person's measured faces (see InputQuality.sharpness), or null. */
  sharpness: number | null;
}

/** Why the input may make the verdict less reliable (APP_CONFIG.quality holds the lines). */
export type QualityIssue = 'compressed' | 'blurry' | 'small-faces';

/** The input-quality reading of one analysed file (pipeline/quality.ts). Every measure is null when
 *  it could not be taken (a still has no bitrate, a file without faces no face size). */
export interface InputQuality {
  width: number;
  height: number;
  /** Frames per second of the video stream, or null (a still, or unknown). */
  fps: number | null;
  /** Bits per second of the video stream (or of the whole file, see bitrateFrom), or null. */
  bitrate: number | null;
  /** 'stream': the video track's own packets; 'file': file size x 8 / duration (audio included). */
  bitrateFrom: 'stream' | 'file' | null;
  /** bitrate / (width x height x fps): how many bits each pixel of each frame got. */
  bitsPerPixel: number | null;
  /** 8x8 blockiness: mean luma step across the strongest 8-pixel grid over the mean step elsewhere
   *  (1 = no grid; heavy block compression raises it). Median over the measured frames. */
  blockiness: number | null;
  /** Median over scored faces of 100 x the variance of the Laplacian of the face's luma over its own variance, resampled to a
   *  fixed side (quality.ts SHARPNESS_SIDE): low = blurred. */
  sharpness: number | null;
  /** Median width of every scored face, source pixels. */
  faceSize: number | null;
  people: PersonQuality[];
  /** Black bars found in every measured frame, or null when there are none. */
  bars: BlackBars | null;
  /** Frames the pixel measures (blockiness, bars) were taken on. */
  framesMeasured: number;
  /** What crosses a line in APP_CONFIG.quality, most serious first. */
  issues: QualityIssue[];
}

export interface VideoInfo {
  width: number;
  height: number;
  durationMs: number;
  codec: string;
  container: string;
  rotation: number;
  /** Which decoder produced the frames: the browser's WebCodecs, its image decoder, or the page's
   *  software decoder (ffmpeg.wasm) for what WebCodecs refuses. Absent in reports before it existed. */
  decoder?: string;
  /** Frames per second and bits per second of the video stream, from its packets (absent when the
   *  container does not say, from the software decoder, and in older reports). */
  fps?: number;
  bitrate?: number;
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

/** A file by its SHA-256 (hex): a model's weight file, checked before its bytes are used, and the
 *  face detector's files in the report. */
export interface FileHash {
  path: string;
  sha256: string;
  bytes: number;
}

/** Validation metrics measured on the held-out split (never on training data). */
export interface Metrics {
  auc: number;
  logloss: number;
  acc: number;
  n: number;
}

/** One loaded ensemble member, as the worker verified it: the hashes are those of the very bytes
 *  it checked and loaded (the report cites these; the page never downloads a model file itself). */
export interface ModelInfo {
  name: string;
  architecture: string;
  inputSize: number;
  /** Weight in the ensemble (renormalised over the models that loaded). */
  weight: number;
  /** Validation metrics from the model's manifest. */
  metrics: Metrics | null;
  /** Training config name from the manifest. */
  config: string | null;
  /** SHA-256 (hex) of the manifest.json bytes that were verified and loaded; the manifest lists the
   *  SHA-256 of every weight file. */
  manifestSha256: string | null;
  /** Every weight file, with the SHA-256 its bytes matched before use. */
  files: FileHash[];
  /** Head-only models: the backbone folder they run on, pinned by its manifest's SHA-256. */
  backbone: { name: string; manifestSha256: string } | null;
  /** In plain words, from the manifest: what the model was trained on and where it is known to be
   *  weaker (measured); null for a manifest without it. */
  about: string | null;
}
