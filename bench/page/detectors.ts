// The face detectors the bench compares, behind one shape: a decoded frame (VideoFrame, or
// ImageBitmap for a still) in, the faces in frame pixels out (largest first), with the time the
// detection alone took. For the app's detector the frame -> tensor upload is outside the timing
// (the pipeline does it anyway, for alignment); tasks-vision takes the frame itself, so its own
// upload and conversion are inside its time.
import * as tf from '@tensorflow/tfjs';
import { FaceDetector, FilesetResolver, type Detection } from '@mediapipe/tasks-vision';
import { APP_CONFIG } from '../../src/config';
import { DEFAULT_DETECT_OPTIONS, DETECTOR_FILES, REFINE_CROP, detectFaces, disposeDetector, loadDetector } from '../../src/pipeline/detect';
import { frameToTensor } from '../../src/pipeline/frame-tensor';

import type { DetectorKind, FoundFace, FrameInput } from './protocol';

type Rotation = Parameters<typeof frameToTensor>[1];

export interface FrameDetector {
  detectFrame(source: VideoFrame | ImageBitmap, rotation: Rotation): Promise<{ ms: number; faces: FoundFace[] }>;
  close(): void;
}

const area = (f: FoundFace): number => f.box.width * f.box.height;
/** Width of the 'scaled' input (bench/page/protocol.ts, FrameInput). */
const SCALED_WIDTH = 640;

export async function openDetector(kind: DetectorKind, input: FrameInput, base: string): Promise<FrameDetector> {
  if (kind === 'blazeface-tfjs') return appDetector(base);
  if (kind === 'mediapipe-two-stage') return mediapipeTwoStage(base);
  return mediapipeDetector(kind, input, base);
}

async function appDetector(base: string): Promise<FrameDetector> {
  const detector = await loadDetector({
    fullRange: new URL(`detector/${DETECTOR_FILES.fullRange}`, base).href,
    shortRange: new URL(`detector/${DETECTOR_FILES.shortRange}`, base).href,
  });
  const blank = tf.zeros([360, 640, 3], 'int32') as tf.Tensor3D;
  await detectFaces(detector, blank); // warm-up: first-run allocations
  blank.dispose();
  return {
    async detectFrame(source, rotation) {
      const pixels = await frameToTensor(source, rotation);
      try {
        const t0 = performance.now();
        const faces = await detectFaces(detector, pixels, { minScore: APP_CONFIG.minFaceScore });
        const ms = performance.now() - t0;
        return { ms, faces: faces.map((f) => ({ score: f.score, box: f.box, keypoints: f.landmarks })).sort((a, b) => area(b) - area(a)) };
      } finally {
        pixels.dispose();
      }
    },
    close: () => disposeDetector(detector),
  };
}

const MODEL_FILES = { short: 'face_detection_short_range.tflite', full: 'face_detection_full_range.tflite' } as const;

/** A tasks-vision FaceDetector on the CPU, warmed up on a blank frame (as the app's detector is). */
async function createMediapipe(base: string, model: keyof typeof MODEL_FILES, minScore: number): Promise<FaceDetector> {
  // The ES-module runtime: a module worker cannot importScripts the classic one.
  const fileset = await FilesetResolver.forVisionTasks(new URL('mediapipe-wasm', base).href, true);
  // tasks-vision imports that module and takes its global ModuleFactory, then deletes the global; a
  // second import of the same URL is cached and does not set it again ("ModuleFactory not set"), so
  // a second detector in the same worker needs it put back.
  const runtime = (await import(/* @vite-ignore */ fileset.wasmLoaderPath)) as { default: unknown };
  (globalThis as { ModuleFactory?: unknown }).ModuleFactory = runtime.default;
  const detector = await FaceDetector.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: new URL(`mediapipe/${MODEL_FILES[model]}`, base).href, delegate: 'CPU' },
    runningMode: 'IMAGE',
    minDetectionConfidence: minScore,
    minSuppressionThreshold: DEFAULT_DETECT_OPTIONS.iouThreshold,
  });
  const warm = new OffscreenCanvas(640, 360);
  warm.getContext('2d')!.fillRect(0, 0, 640, 360);
  detector.detect(warm);
  return detector;
}

async function mediapipeDetector(kind: 'mediapipe-short' | 'mediapipe-full', input: FrameInput, base: string): Promise<FrameDetector> {
  const detector = await createMediapipe(base, kind === 'mediapipe-short' ? 'short' : 'full', APP_CONFIG.minFaceScore);
  return {
    async detectFrame(source, rotation) {
      if (rotation !== 0) throw new Error(`the bench passes frames to tasks-vision unrotated; this video has rotation ${rotation}`);
      const w = source instanceof VideoFrame ? source.displayWidth : source.width;
      const h = source instanceof VideoFrame ? source.displayHeight : source.height;
      if (source instanceof ImageBitmap || input === 'frame') {
        const t0 = performance.now();
        const result = detector.detect(source);
        return { ms: performance.now() - t0, faces: result.detections.map((d: Detection) => toFound(d, w, h)).sort((a, b) => area(b) - area(a)) };
      }
      if (input === 'rgba') {
        const rect = { x: 0, y: 0, width: w, height: h };
        const rgba = new Uint8ClampedArray(source.allocationSize({ format: 'RGBA', rect } as VideoFrameCopyToOptions));
        await source.copyTo(rgba, { format: 'RGBA', rect } as VideoFrameCopyToOptions);
        const image = new ImageData(rgba, w, h);
        const t0 = performance.now();
        const result = detector.detect(image);
        return { ms: performance.now() - t0, faces: result.detections.map((d: Detection) => toFound(d, w, h)).sort((a, b) => area(b) - area(a)) };
      }
      const t0 = performance.now();
      const scale = Math.min(1, SCALED_WIDTH / w);
      const small = await createImageBitmap(source, { resizeWidth: Math.round(w * scale), resizeHeight: Math.round(h * scale), resizeQuality: 'medium' });
      const result = detector.detect(small);
      const ms = performance.now() - t0;
      small.close();
      // Keypoints are normalised, so they map back to the full frame; the box is in the small image's pixels.
      const faces = result.detections.map((d: Detection) => toFound(d, w, h, 1 / scale)).sort((a, b) => area(b) - area(a));
      return { ms, faces };
    },
    close: () => detector.close(),
  };
}

/** tasks-vision's box is in pixels, its keypoints normalised to the image; the first four keypoints
 *  are BlazeFace's right eye, left eye, nose tip, mouth centre (the app's landmark order). */
function toFound(d: Detection, w: number, h: number, boxScale = 1): FoundFace {
  const b = d.boundingBox ?? { originX: 0, originY: 0, width: 0, height: 0 };
  return {
    score: d.categories[0]?.score ?? 0,
    box: { x: b.originX * boxScale, y: b.originY * boxScale, width: b.width * boxScale, height: b.height * boxScale },
    keypoints: (d.keypoints ?? []).slice(0, 4).map((k) => ({ x: k.x * w, y: k.y * h })),
  };
}

/** RGBA pixels of a decoded frame (the readback the pipeline already does on wasm). */
async function rgbaOf(source: VideoFrame | ImageBitmap): Promise<ImageData> {
  if (source instanceof ImageBitmap) {
    const c = new OffscreenCanvas(source.width, source.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(source, 0, 0);
    return ctx.getImageData(0, 0, source.width, source.height);
  }
  const w = source.displayWidth;
  const h = source.displayHeight;
  const rect = { x: 0, y: 0, width: w, height: h };
  const rgba = new Uint8ClampedArray(source.allocationSize({ format: 'RGBA', rect } as VideoFrameCopyToOptions));
  await source.copyTo(rgba, { format: 'RGBA', rect } as VideoFrameCopyToOptions);
  return new ImageData(rgba, w, h);
}

/** Every `1/scale`-th pixel (nearest neighbour): the find stage's models see 128 or 192 px anyway,
 *  and tasks-vision's input conversion costs per pixel it is given. */
function subsample(image: ImageData, width: number): ImageData {
  if (image.width <= width) return image;
  const scale = width / image.width;
  const w = width;
  const h = Math.max(1, Math.round(image.height * scale));
  const src = new Uint32Array(image.data.buffer, image.data.byteOffset, image.width * image.height);
  const out = new Uint32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = Math.min(image.height - 1, Math.floor(y / scale)) * image.width;
    for (let x = 0; x < w; x++) out[y * w + x] = src[row + Math.min(image.width - 1, Math.floor(x / scale))]!;
  }
  return new ImageData(new Uint8ClampedArray(out.buffer), w, h);
}

/** A square region of `image` (may extend past it: the outside is black), at full resolution. */
function cropSquare(image: ImageData, x0: number, y0: number, side: number): ImageData {
  const out = new Uint8ClampedArray(side * side * 4);
  const xa = Math.max(0, x0);
  const xb = Math.min(image.width, x0 + side);
  for (let y = Math.max(0, y0); y < Math.min(image.height, y0 + side); y++) {
    if (xb > xa) out.set(image.data.subarray((y * image.width + xa) * 4, (y * image.width + xb) * 4), ((y - y0) * side + (xa - x0)) * 4);
  }
  return new ImageData(out, side, side);
}

const overlap = (a: FoundFace, b: FoundFace): number => {
  const w = Math.min(a.box.x + a.box.width, b.box.x + b.box.width) - Math.max(a.box.x, b.box.x);
  const h = Math.min(a.box.y + a.box.height, b.box.y + b.box.height) - Math.max(a.box.y, b.box.y);
  const inter = w > 0 && h > 0 ? w * h : 0;
  return inter / (area(a) + area(b) - inter);
};

/** Highest score first, dropping any face overlapping a kept one by more than the IoU threshold. */
function suppress(faces: FoundFace[]): FoundFace[] {
  const kept: FoundFace[] = [];
  for (const f of [...faces].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => overlap(k, f) <= DEFAULT_DETECT_OPTIONS.iouThreshold)) kept.push(f);
  }
  return kept;
}

/** FIND_WIDTH: width of the find stage's copy of the frame. */
const FIND_WIDTH = 640;

/**
 * detect.ts's two stages on tasks-vision, so its faces and keypoints are comparable with the app's:
 * find with both models (stage-1 threshold) on a 640 px wide copy of the frame, keep the largest
 * few after suppression, then refine each with the short-range model on a full-resolution square
 * crop of REFINE_CROP x its box, keeping the refined face nearest the crop centre at the final
 * threshold. Not done: detect.ts's extra full-range passes over square tiles of wide frames, and
 * its weighted keypoint averaging (tasks-vision returns one detection per face).
 */
async function mediapipeTwoStage(base: string): Promise<FrameDetector> {
  const full = await createMediapipe(base, 'full', DEFAULT_DETECT_OPTIONS.findScore);
  const short = await createMediapipe(base, 'short', DEFAULT_DETECT_OPTIONS.findScore);
  return {
    async detectFrame(source, rotation) {
      if (rotation !== 0) throw new Error(`the bench passes frames to tasks-vision unrotated; this video has rotation ${rotation}`);
      const image = await rgbaOf(source);
      const t0 = performance.now();
      const small = subsample(image, FIND_WIDTH);
      const up = image.width / small.width;
      const found = [...full.detect(small).detections, ...short.detect(small).detections].map((d) => toFound(d, image.width, image.height, up));
      const candidates = suppress(found).sort((a, b) => area(b) - area(a)).slice(0, DEFAULT_DETECT_OPTIONS.maxFaces);
      const faces: FoundFace[] = [];
      for (const c of candidates) {
        const side = Math.round(Math.max(c.box.width, c.box.height) * REFINE_CROP);
        const x0 = Math.round(c.box.x + c.box.width / 2 - side / 2);
        const y0 = Math.round(c.box.y + c.box.height / 2 - side / 2);
        const refined = short.detect(cropSquare(image, x0, y0, side)).detections.map((d) => toFound(d, side, side));
        const best = refined
          .filter((f) => f.box.x <= side / 2 && f.box.y <= side / 2 && f.box.x + f.box.width >= side / 2 && f.box.y + f.box.height >= side / 2)
          .sort((a, b) => b.score - a.score)[0];
        if (!best || best.score < APP_CONFIG.minFaceScore) continue;
        faces.push({ score: best.score, box: { ...best.box, x: best.box.x + x0, y: best.box.y + y0 }, keypoints: best.keypoints.map((k) => ({ x: k.x + x0, y: k.y + y0 })) });
      }
      const ms = performance.now() - t0;
      return { ms, faces: suppress(faces).sort((a, b) => area(b) - area(a)) };
    },
    close: () => {
      full.close();
      short.close();
    },
  };
}
