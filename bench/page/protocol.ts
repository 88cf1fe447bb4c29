// Messages between the bench page and its worker: one task in, one answer out.

export type BenchTask =
  /** Every ensemble model alone, and the ensemble, at batch 1 (the pipeline's batch). */
  | { kind: 'models'; backend: 'wasm' | 'webgpu'; threads: number | null; reps: number }
  /** Sampled frames of `file` by one decode strategy; `readback`: how a frame becomes a tensor. */
  | { kind: 'decode'; backend: 'wasm'; threads: number | null; frames: number; pass: DecodePass; readback: Readback }
  /** Face detection by one detector on the sampled frames of the chosen video (`source: 'video'`)
   *  or on every chosen image (`source: 'images'`: training crops). */
  | { kind: 'detect'; backend: 'wasm'; threads: number | null; frames: number; detector: DetectorKind; input: FrameInput; source: 'video' | 'images' };

/** blazeface-tfjs: the app's detector (src/pipeline/detect.ts: two BlazeFace models on tfjs, tiles,
 *  refinement); mediapipe-short / mediapipe-full: MediaPipe's FaceDetector (`@mediapipe/tasks-vision`,
 *  its own wasm runtime, CPU delegate) with the short-range or full-range model of
 *  `@mediapipe/face_detection`, metadata written at build time (bench/page/mediapipe-assets.ts);
 *  mediapipe-two-stage: detect.ts's two stages on tasks-vision (bench/page/detectors.ts). */
export type DetectorKind = 'blazeface-tfjs' | 'mediapipe-short' | 'mediapipe-full' | 'mediapipe-two-stage';

/** How a decoded video frame reaches tasks-vision (the app's detector always gets the app's RGB
 *  tensor, made outside its timing, as the pipeline makes it anyway for alignment):
 *  rgba: ImageData from VideoFrame.copyTo RGBA, made outside the timing (the readback the pipeline
 *  already does on wasm, so a switch would share it); frame: the VideoFrame itself (tasks-vision's
 *  own conversion, inside the timing); scaled: createImageBitmap resized to 640 px wide, inside the
 *  timing (the models see 128 or 192 px anyway). Stills (training crops) always go as ImageBitmap. */
export type FrameInput = 'rgba' | 'frame' | 'scaled';

/** The largest face a detector found in one frame, in frame pixels; keypoints: right eye, left eye,
 *  nose tip, mouth centre (subject's right/left). */
export interface FoundFace {
  score: number;
  box: { x: number; y: number; width: number; height: number };
  keypoints: { x: number; y: number }[];
}

/** sequential: decode.ts (every frame from the start, keeping the sampled ones: today's path for
 *  clips under 2 minutes); jump: mediabunny's samplesAtTimestamps (key frame before each sample);
 *  all: every frame, nothing kept (the decoder's own speed, as ffmpeg -f null). */
export type DecodePass = 'sequential' | 'jump' | 'all';
/** none: no pixels read; app: the app's framePixels (VideoFrame.copyTo RGBA; no tensor until
 *  one is asked for, since 2026-12-02); bitmap: createImageBitmap -> tf.browser.fromPixels (full frame; the app's path
 *  before, and on GPU backends until issue 10); copyTo: VideoFrame.copyTo RGBA -> tf ops; half: createImageBitmap resized to half
 *  size -> fromPixels (what detection alone would need); i420: VideoFrame.copyTo in the decoder's
 *  own planes (no conversion in the browser), converted to RGB by tfjs ops (BT.601). */
export type Readback = 'none' | 'app' | 'bitmap' | 'copyTo' | 'half' | 'i420';

export interface TaskAnswer {
  ok: boolean;
  error?: string;
  device?: string;
  result?: unknown;
}
