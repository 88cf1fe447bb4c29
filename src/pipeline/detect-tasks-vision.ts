// The page's face detector: detect.ts's two stages with MediaPipe's FaceDetector
// (`@mediapipe/tasks-vision`, its own wasm runtime, CPU) doing the inference, on the BlazeFace models
// of `@mediapipe/face_detection` (the metadata tasks-vision needs is written in at build time,
// vite.config.ts). Measured 3-7x faster than detect.ts on tfjs-wasm with the same faces
// (docs/decisions.md, "Face detector"); detect.ts stays for training (tasks-vision does not run in
// Node) and as the page's fallback.
//
//  1. find: both models on a nearest-neighbour copy of the frame 640 px on its long side (they
//     letterbox it to 128 and 192 px anyway, and tasks-vision's input conversion costs per pixel);
//  2. refine: each found face (largest few, after suppression) through the short-range model again,
//     on a full-resolution square crop of REFINE_CROP x its box, keeping the detection nearest the
//     crop's centre at the final threshold: the keypoints alignment uses.
// Given the previous sampled frame's faces (DetectOptions.hints; the pipeline passes them on every
// other frame, APP_CONFIG.searchEvery), stage 2 runs around them and stage 1 only when one of them
// is lost: one model run a face instead of two runs plus one a face (docs/decisions.md, "Following
// faces"). A face that appears is found at the next search, one sampled frame later at most.
// Not done (tasks-vision gives one detection per face): detect.ts's extra full-range passes over
// tiles of wide frames, and its weighted keypoint averaging. e2e/detector-parity.e2e.ts holds the
// two detectors to the same faces and close keypoints.
//
// The frame comes as the pipeline's frame (the seam is detectFaces); its pixels are the bytes
// frame-tensor.ts already holds (copyTo: YUV planes or RGBA), or one readback of its tensor
// (imageOf). Each model run gets an RGBA copy of what it looks at (cpu-image.ts's gather).
import type * as tf from '@tensorflow/tfjs-core';
import { FaceDetector, FilesetResolver, type Detection } from '@mediapipe/tasks-vision';
import type { Box, Face, Point } from '../types';
import { DEFAULT_DETECT_OPTIONS, REFINE_CROP, nonMaxSuppression, type DetectOptions, type RuntimeDetector } from './detect';
import { TASKS_VISION_MODEL_DIR, TASKS_VISION_MODELS, TASKS_VISION_WASM_DIR, TASKS_VISION_WASM_FILES } from './detector-files';
import { region, subsample, type CpuImage, type Rgba } from './cpu-image';
import { imageOf, type FramePixels } from './frame-tensor';
import { STARTUP_MARK, startupMark } from '../startup-marks';

/** Long side of the find stage's copy of the frame. */
export const FIND_SIDE = 640;

/** tasks-vision's 13 MB wasm, compiled once per worker (by base URL): each FaceDetector is its own
 *  instance of that one module (the runtime's `instantiateWasm` hook), so the second detector costs
 *  an instantiation, not a second download and compile (docs/decisions.md, issue 25, start-up). */
const compiled = new Map<string, Promise<WebAssembly.Module>>();

/** Starts (or returns) the compile of tasks-vision's wasm from the app's origin; the worker calls it
 *  at start so the compile overlaps the tfjs backend's set-up. A failed compile is forgotten, so a
 *  later call tries again. */
export function compileTasksVisionWasm(base: string): Promise<WebAssembly.Module> {
  const url = new URL(`${TASKS_VISION_WASM_DIR}/${TASKS_VISION_WASM_FILES[1]}`, base).href;
  let module = compiled.get(url);
  if (module === undefined) {
    module = WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' })).then((m) => m, async () => {
      // compileStreaming needs application/wasm; a server that sends something else still works.
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return WebAssembly.compile(await response.arrayBuffer());
    });
    module.then(() => startupMark(STARTUP_MARK.detectorWasm), () => compiled.delete(url));
    compiled.set(url, module);
  }
  return module;
}

/**
 * One tasks-vision FaceDetector on the CPU with one of the two models, from the app's origin
 * (`base`: the app's base URL). `minScore`: tasks-vision's own threshold.
 */
export async function createFaceDetector(base: string, model: keyof typeof TASKS_VISION_MODELS, minScore: number, iouThreshold: number): Promise<FaceDetector> {
  // The ES-module runtime: a module worker cannot importScripts the classic one.
  const [fileset, wasm] = await Promise.all([FilesetResolver.forVisionTasks(new URL(TASKS_VISION_WASM_DIR, base).href, true), compileTasksVisionWasm(base)]);
  // tasks-vision imports that module, takes its global ModuleFactory, then deletes the global; a
  // second import of the same URL is cached and does not set it again ("ModuleFactory not set"),
  // so a second detector in the same worker needs it put back.
  const runtime = (await import(/* @vite-ignore */ fileset.wasmLoaderPath)) as { default: unknown };
  (globalThis as { ModuleFactory?: unknown }).ModuleFactory = runtime.default;
  // An instantiation that fails would leave the runtime waiting forever: it rejects `failed` instead.
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  // The runtime's stderr goes to console.error, where TFLite's "INFO: Created TensorFlow Lite XNNPACK
  // delegate for CPU." would read as an error (the page's error checks count console errors).
  // tasks-vision takes a global Module as the runtime's options (and clears it after);
  // instantiateWasm: the runtime's hook for supplying the instance (Emscripten's createWasm).
  (globalThis as { Module?: unknown }).Module = {
    printErr: (line: string) => (/^INFO: /.test(line) ? console.info(line) : console.error(line)),
    instantiateWasm: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => {
      WebAssembly.instantiate(wasm, imports).then(done, fail);
      return {};
    },
  };
  const detector = await Promise.race([
    FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetPath: new URL(`${TASKS_VISION_MODEL_DIR}/${TASKS_VISION_MODELS[model]}`, base).href, delegate: 'CPU' },
      runningMode: 'IMAGE',
      minDetectionConfidence: minScore,
      minSuppressionThreshold: iouThreshold,
    }),
    failed,
  ]);
  startupMark(STARTUP_MARK.detectorCreated, model);
  return detector;
}

/** Both models for detectFaces (the worker's choice at start-up; the caller warms it up). It resolves
 *  once the full-range model exists; the short-range one is created right after and awaited by the
 *  first detection, so its set-up (60-230 ms on one core) runs after "ready" with the warm-ups
 *  instead of before it (docs/decisions.md, issue 25, "returning visit"). A short-range model that
 *  cannot start fails that first detection, which the worker's warm-up turns into the tfjs fallback. */
export async function loadTasksVisionDetector(base: string): Promise<RuntimeDetector> {
  const { findScore, iouThreshold } = DEFAULT_DETECT_OPTIONS;
  const full = await createFaceDetector(base, 'fullRange', findScore, iouThreshold);
  const short = createFaceDetector(base, 'shortRange', findScore, iouThreshold);
  // Handled here too: a failure is reported by the first detection, not as an unhandled rejection.
  short.catch(() => undefined);
  const run = (d: FaceDetector, image: Rgba) => d.detect(new ImageData(image.data, image.width, image.height)).detections;
  return {
    kind: 'tasks-vision',
    async detect(frame: FramePixels | tf.Tensor3D, options: DetectOptions) {
      const shortRange = await short;
      // Stage 1 runs at findScore (tasks-vision's threshold); refinement applies minScore.
      return twoStages(await imageOf(frame), { full: (i) => run(full, i), short: (i) => run(shortRange, i) }, options);
    },
    close() {
      full.close();
      short.then((d) => d.close(), () => undefined);
    },
  };
}

/** A model run on an image: tasks-vision's detections (box in the image's pixels, keypoints normalised). */
export type RunModel = (image: Rgba) => Detection[];

/** Drift (centre distance / box side) past which a face followed from the previous frame is refined
 *  once more on a crop centred on where it was found, so it sits in the crop's middle as a searched
 *  face does (the keypoints alignment uses come from that crop). */
export const RECENTRE_DRIFT = 0.15;

/** The two stages over one frame, given the two models (pure apart from them: unit-tested). With
 *  `opts.hints` (the previous sampled frame's faces) stage 1 is skipped when every hinted face is
 *  found again around its old box; otherwise the frame is searched as usual. */
export function twoStages(image: CpuImage, models: { full: RunModel; short: RunModel }, opts: DetectOptions): Face[] {
  const hints = opts.hints ?? [];
  if (hints.length > 0) {
    const followed = hints.map((h) => {
      const f = refineAround(image, models.short, h);
      const drift = f ? Math.hypot(centre(f.box).x - centre(h).x, centre(f.box).y - centre(h).y) / Math.max(f.box.width, f.box.height) : 0;
      return f && drift > RECENTRE_DRIFT ? (refineAround(image, models.short, f.box) ?? f) : f;
    });
    const kept = followed.filter((f): f is Face => f !== null && f.score >= opts.minScore);
    const faces = nonMaxSuppression(kept, opts.iouThreshold);
    if (faces.length === hints.length) return faces.sort((a, b) => area(b.box) - area(a.box));
  }
  const small = subsample(image, FIND_SIDE);
  const up = image.width / small.width;
  const found = [...models.full(small), ...models.short(small)].map((d) => toFace(d, small.width, small.height, up));
  const candidates = nonMaxSuppression(found, opts.iouThreshold)
    .sort((a, b) => area(b.box) - area(a.box))
    .slice(0, opts.maxFaces);
  const faces = candidates.map((c) => refineAround(image, models.short, c.box)).filter((f): f is Face => f !== null && f.score >= opts.minScore);
  // Two candidates can refine to the same face (e.g. one from each model).
  return nonMaxSuppression(faces, opts.iouThreshold).sort((a, b) => area(b.box) - area(a.box));
}

/** The short-range model on a full-resolution square crop of REFINE_CROP x `box` centred on it: the
 *  detection containing the crop's centre (others may be neighbours), best score first, in frame
 *  pixels; null when there is none. */
function refineAround(image: CpuImage, short: RunModel, box: Box): Face | null {
  const side = Math.max(1, Math.round(Math.max(box.width, box.height) * REFINE_CROP));
  const x0 = Math.round(box.x + box.width / 2 - side / 2);
  const y0 = Math.round(box.y + box.height / 2 - side / 2);
  const mid = { x: side / 2, y: side / 2 };
  const best = short(cropSquare(image, x0, y0, side))
    .map((d) => toFace(d, side, side))
    .filter((f) => contains(f.box, mid))
    .sort((a, b) => b.score - a.score)[0];
  if (!best) return null;
  const shift = (p: Point): Point => ({ x: p.x + x0, y: p.y + y0 });
  return { score: best.score, box: { ...best.box, x: best.box.x + x0, y: best.box.y + y0 }, landmarks: best.landmarks.map(shift) as Face['landmarks'] };
}

const centre = (b: Box): Point => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** tasks-vision's detection in the pixels of the image it saw (w x h) times `scale`: its box is in
 *  pixels, its keypoints normalised; the first four keypoints are BlazeFace's right eye, left eye,
 *  nose tip, mouth centre (the app's landmark order). */
export function toFace(d: Detection, w: number, h: number, scale = 1): Face {
  const b = d.boundingBox ?? { originX: 0, originY: 0, width: 0, height: 0 };
  const k = d.keypoints ?? [];
  if (k.length < 4) throw new Error(`the face detector returned ${k.length} keypoints; alignment needs 4`);
  const p = (i: number): Point => ({ x: k[i]!.x * w * scale, y: k[i]!.y * h * scale });
  return {
    score: d.categories[0]?.score ?? 0,
    box: { x: b.originX * scale, y: b.originY * scale, width: b.width * scale, height: b.height * scale },
    landmarks: [p(0), p(1), p(2), p(3)],
  };
}

/** A square region of `image` at full resolution; it may extend past the image (the outside is
 *  black, opaque, as detect.ts's cropAndResize pads). */
export function cropSquare(image: CpuImage, x0: number, y0: number, side: number): Rgba {
  return region(image, x0, y0, side, side);
}

function area(b: Box): number {
  return Math.max(0, b.width) * Math.max(0, b.height);
}

function contains(b: Box, p: Point): boolean {
  return p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
}
