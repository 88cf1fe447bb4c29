// Messages between the bench page and its worker: one task in, one answer out.

export type BenchTask =
  /** Every ensemble model alone, and the ensemble, at batch 1 (the pipeline's batch). */
  | { kind: 'models'; backend: 'wasm' | 'webgpu'; threads: number | null; reps: number }
  /** Sampled frames of `file` by one decode strategy; `readback`: how a frame becomes a tensor. */
  | { kind: 'decode'; backend: 'wasm'; threads: number | null; frames: number; pass: DecodePass; readback: Readback }
  /** Face detection on the sampled frames of `file`. */
  | { kind: 'detect'; backend: 'wasm'; threads: number | null; frames: number; detector: 'blazeface-tfjs' };

/** sequential: decode.ts (every frame from the start, keeping the sampled ones: today's path for
 *  clips under 2 minutes); jump: mediabunny's samplesAtTimestamps (key frame before each sample);
 *  all: every frame, nothing kept (the decoder's own speed, as ffmpeg -f null). */
export type DecodePass = 'sequential' | 'jump' | 'all';
/** none: no pixels read; app: the app's frameToTensor (on wasm: VideoFrame.copyTo RGBA since
 *  this commit); bitmap: createImageBitmap -> tf.browser.fromPixels (full frame; the app's path
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
