// Typed messages between the UI thread and the analysis worker (the only owner of tfjs,
// the face detector, the decoder and the GPU). Cancel = terminate the worker and spawn anew.
// Every sentence for the reader travels as its words (a catalog key and values, src/i18n/words.ts):
// the page says it in its language, and makes its English where English is wanted (the API, scan).
import type { BackendName } from '../backends';
import type { Words } from '../i18n/words';
import type { FaceDetectorKind } from '../pipeline/detector-files';
import type { AnalysisOptions } from '../pipeline/run-analysis';
import type { AnalysisResult, FrameResult, ModelInfo, Progress, TensorMemory } from '../types';

export type ToWorker =
  /** `threads`: wasm threads (?threads=); default half the cores (models/backend-order.ts wasmThreads). */
  | { type: 'init'; backend?: BackendName; threads?: number }
  | { type: 'analyze'; id: number; file: File; options: Pick<AnalysisOptions, 'frames'> };

export type FromWorker =
  /** Start-up progress: loading and checking model files, then compiling shaders. `message` names
   *  the step for bench/startup.ts's timings (English, never shown: the page words the stage itself). */
  | { type: 'warmup'; stage: 'load' | 'warmup'; done: number; total: number; message: string }
  /** `faceDetector`: the detector the worker runs (tasks-vision, or tfjs when that could not start). */
  | { type: 'ready'; backend: BackendName; device: string; faceDetector: FaceDetectorKind; models: ModelInfo[]; notices: Words[] }
  /** Something the user should know that does not stop the work (e.g. a backend fallback). */
  | { type: 'notice'; words: Words }
  | ({ type: 'progress'; id: number } & Progress)
  /** One sampled frame is finished; `frameImage` is a downscaled copy of the frame, `crops[i]` the
   *  aligned crop of `frame.faces[i]` (null for a face that was not scored).
   *  `frameScale`: frameImage pixels per source pixel, so the page draws `frame.box` on it (box * frameScale). */
  | { type: 'frame'; id: number; frame: FrameResult; frameImage: ImageBitmap | null; frameScale: number; crops: (ImageBitmap | null)[] }
  /** `memory` is tf.memory() after the analysis: the resource tests check it stays flat. */
  | { type: 'result'; id: number; result: AnalysisResult; memory: TensorMemory }
  /** Start-up failed entirely (no backend works, models refused). */
  | { type: 'fatal'; words: Words };
