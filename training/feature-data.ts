// The feature cache (feature-cache.ts) as training and evaluation see it: float16 rows of one stage's
// activations, the labels, and which part of the split each row belongs to (train, validation half A
// for fitting calibration and choosing epochs, half B for every reported number).
import * as tf from '@tensorflow/tfjs';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_CONFIG } from './data-config';
import { readJsonLines, type SplitName } from './crop-cache';
import type { Face } from '../src/types';
import type { InputWindow } from '../src/models/types';

const CHUNK_ROWS = 4096;
import { halfToFloat } from './imagenet-xception';
import { makePlan } from './crop-cache';

export type Part = 'train' | 'A' | 'B';

/** One line of the feature cache's index (feature-cache.ts writes it): row i of every stage file. */
export interface FeatureIndexLine {
  video: string;
  split: SplitName;
  label: 0 | 1;
  found: boolean;
  /** The SBI recipe's caches (key "<size>-sbi"): 'crop' for the crop itself (augmented), 'sbi' for a
   *  self-blended pseudo-fake of a real crop (label 1). Absent in the plain caches: the crop. */
  view?: 'crop' | 'sbi';
}

/** A cache is named by its input side (the plain recipe: 160) or by side and recipe ("160-sbi"). */
export type CacheKey = number | string;

export const featureIndexFile = (key: CacheKey): string => join(DATA_CONFIG.cacheDir, `features-${key}.jsonl`);
export const featureFile = (key: CacheKey, stage: string): string => join(DATA_CONFIG.cacheDir, `features-${key}-${stage}.f16`);

export function readFeatureIndex(size: CacheKey): FeatureIndexLine[] {
  return readJsonLines<FeatureIndexLine>(featureIndexFile(size));
}

/**
 * An evaluation-only cache (feature-videos.ts: faces of labelled videos, the cross-domain screen).
 * Its marker file is written before any row; its rows carry split "eval" and evalOnly. Such a cache
 * chooses between candidates, so it must never train one: loadFeatureSet (training, calibration,
 * export) refuses it, and feature-videos.ts refuses to write into a cache without the marker.
 */
export interface EvalOnlyMarker {
  evalOnly: true;
  /** The training cache whose recipe the rows follow (its input size, region, preprocessing). */
  recipe: string;
  size: number;
  inputRegion: { left: number; top: number; size: number };
  /** Black outside this window of the aligned crop (manifest.inputWindow); absent = none. */
  inputWindow?: InputWindow;
  stages: string[];
  frames: number;
  source: string;
  labels: string;
  createdAt: string;
}

/** One row of an evaluation-only video cache: one scored face of one sampled frame. */
export interface VideoFeatureLine {
  video: string;
  split: 'eval';
  evalOnly: true;
  label: 0 | 1;
  /** The labels file's third column (the person filmed), '' when absent. */
  person: string;
  /** Index of the sampled frame (0..frames-1) and its presentation time. */
  frame: number;
  timeMs: number;
  /** Rank of the face among the frame's scored faces (largest first, select-face.ts). */
  face: number;
  /** The detection: box (source pixels), confidence, keypoints. */
  det: Face;
}

/** One finished video of such a cache (its rows are all written before this line). */
export interface VideoDoneLine {
  video: string;
  label: 0 | 1;
  person: string;
  /** Frames sampled. */
  frames: number;
  /** The sampled frames decoded (one ffmpeg could not give is skipped, as the page skips it): index,
   *  presentation time, faces the detector kept (scored or not). */
  decoded: { index: number; timeMs: number; faces: number }[];
  /** Rows written (scored faces). */
  rows: number;
  width: number;
  height: number;
  durationMs: number;
}

export const evalOnlyMarkerFile = (key: CacheKey): string => join(DATA_CONFIG.cacheDir, `features-${key}.eval-only.json`);
export const videosDoneFile = (key: CacheKey): string => join(DATA_CONFIG.cacheDir, `features-${key}.videos.jsonl`);

/** The marker of an evaluation-only cache, or null for a training cache. */
export function readEvalOnlyMarker(key: CacheKey): EvalOnlyMarker | null {
  const f = evalOnlyMarkerFile(key);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as EvalOnlyMarker) : null;
}

/** Throws when a cache is evaluation-only: by its marker, or by any row flagged so (split "eval",
 *  evalOnly), which catches rows copied into a training cache's index. */
export function refuseEvalOnly(key: CacheKey, marker: EvalOnlyMarker | null, lines: readonly { split: string; evalOnly?: boolean }[]): void {
  const flagged = lines.findIndex((l) => l.evalOnly === true || (l.split !== 'train' && l.split !== 'val'));
  if (marker !== null || flagged >= 0) {
    throw new Error(
      `feature cache "${key}" is evaluation-only (${marker !== null ? `marker ${evalOnlyMarkerFile(key)}` : `index line ${flagged + 1} is flagged`}): ` +
        'it holds the cross-domain screen\'s videos, which choose between candidates and must never train, calibrate or pick one',
    );
  }
}


export interface FeatureSet {
  /** [h, w, c] of one row. */
  shape: [number, number, number];
  /** Rows in chunks of CHUNK_ROWS (one typed array would pass Node's 2-4 GiB buffer limits), float16
   *  bits, row-major NHWC. */
  chunks: Uint16Array[];
  labels: Uint8Array;
  videos: string[];
  found: boolean[];
  /** Each row's view (feature-cache.ts --recipe sbi); 'crop' in the plain caches. */
  views: ('crop' | 'sbi')[];
  /** Row indices of each part. */
  parts: Record<Part, number[]>;
  /** Rows of the earlier models' 1,500 + 1,500 validation subset (for comparisons). */
  legacyVal: number[];
}

const HALF_TABLE = (() => {
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) t[h] = halfToFloat(h);
  return t;
})();

/** Load the cached rows of `splits` (default both) of one stage. */
export function loadFeatureSet(size: CacheKey, stage: string, shape: [number, number, number], splits: readonly ('train' | 'val')[] = ['train', 'val']): FeatureSet {
  const all = readFeatureIndex(size);
  refuseEvalOnly(size, readEvalOnlyMarker(size), all);
  // File row of each kept line; consecutive file rows are read in one call.
  const fileRows = all.flatMap((l, i) => (splits.includes(l.split) ? [i] : []));
  const index = fileRows.map((i) => all[i]!);
  const chunks = readRows(featureFile(size, stage), shape, fileRows, all.length);
  const plan = makePlan();
  const parts: Record<Part, number[]> = { train: [], A: [], B: [] };
  const legacyVal: number[] = [];
  index.forEach((l, i) => {
    if (l.split === 'train') parts.train.push(i);
    else {
      const half = plan.valHalf.get(l.video);
      if (!half) throw new Error(`${l.video} is marked validation but is not in a validation group`);
      parts[half].push(i);
      if (plan.legacyVal.has(l.video)) legacyVal.push(i);
    }
  });
  return { shape, chunks, labels: Uint8Array.from(index.map((l) => l.label)), videos: index.map((l) => l.video), found: index.map((l) => l.found), views: index.map((l) => l.view ?? 'crop'), parts, legacyVal };
}

/** Every row of an evaluation-only video cache (feature-videos.ts) at one stage, with its index
 *  lines: the one reader of such a cache (evaluate-pair.ts --videoCache). */
export function loadVideoFeatureSet(key: CacheKey, stage: string, shape: [number, number, number]): { set: FeatureSet; lines: VideoFeatureLine[]; videos: VideoDoneLine[]; marker: EvalOnlyMarker } {
  const marker = readEvalOnlyMarker(key);
  if (marker === null) throw new Error(`feature cache "${key}" is not a video cache (no ${evalOnlyMarkerFile(key)}): build it with npm run features:videos`);
  const videos = readJsonLines<VideoDoneLine>(videosDoneFile(key));
  const done = new Set(videos.map((v) => v.video));
  // Rows of a video cut short by a stopped run come after every finished video's: not read.
  const lines = readJsonLines<VideoFeatureLine>(featureIndexFile(key)).filter((l) => done.has(l.video));
  const chunks = readRows(featureFile(key, stage), shape, lines.map((_, i) => i), lines.length);
  const set: FeatureSet = {
    shape,
    chunks,
    labels: Uint8Array.from(lines.map((l) => l.label)),
    videos: lines.map((l) => l.video),
    found: lines.map(() => true),
    views: lines.map(() => 'crop'),
    parts: { train: [], A: [], B: [] },
    legacyVal: [],
  };
  return { set, lines, videos, marker };
}

/** Rows `fileRows` (ascending) of a stage file holding at least `expected` rows, in chunks. */
function readRows(file: string, shape: readonly number[], fileRows: readonly number[], expected: number): Uint16Array[] {
  const per = shape[0]! * shape[1]! * shape[2]!;
  if (statSync(file).size < expected * per * 2) throw new Error(`${file} holds fewer rows than its index (${expected})`);
  const chunks: Uint16Array[] = [];
  const fd = openSync(file, 'r');
  try {
    for (let r = 0; r < fileRows.length; r += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, fileRows.length - r);
      const chunk = new Uint16Array(rows * per);
      const bytes = new Uint8Array(chunk.buffer);
      for (let k = 0; k < rows; ) {
        let run = 1;
        while (k + run < rows && fileRows[r + k + run] === fileRows[r + k]! + run) run++;
        const want = run * per * 2;
        let done = 0;
        while (done < want) done += readSync(fd, bytes, k * per * 2 + done, want - done, fileRows[r + k]! * per * 2 + done);
        k += run;
      }
      chunks.push(chunk);
    }
  } finally {
    closeSync(fd);
  }
  return chunks;
}

/** Rows -> [n, h, w, c] float32 tensor. */
export function featureBatch(set: FeatureSet, rows: readonly number[]): tf.Tensor4D {
  const per = set.shape[0] * set.shape[1] * set.shape[2];
  const out = new Float32Array(rows.length * per);
  rows.forEach((r, j) => {
    const c = set.chunks[Math.floor(r / CHUNK_ROWS)]!;
    const o = (r % CHUNK_ROWS) * per;
    const src = c.subarray(o, o + per);
    const base = j * per;
    for (let k = 0; k < per; k++) out[base + k] = HALF_TABLE[src[k]!]!;
  });
  return tf.tensor4d(out, [rows.length, ...set.shape]);
}
