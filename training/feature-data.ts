// The feature cache (feature-cache.ts) as training and evaluation see it: float16 rows of one stage's
// activations, the labels, and which part of the split each row belongs to (train, validation half A
// for fitting calibration and choosing epochs, half B for every reported number).
import * as tf from '@tensorflow/tfjs';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_CONFIG } from './data-config';
import { readJsonLines, type SplitName } from './crop-cache';

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
  const per = shape[0] * shape[1] * shape[2];
  const file = featureFile(size, stage);
  if (statSync(file).size < all.length * per * 2) throw new Error(`${file} holds fewer rows than its index (${all.length})`);
  // File row of each kept line; consecutive file rows are read in one call.
  const fileRows = all.flatMap((l, i) => (splits.includes(l.split) ? [i] : []));
  const index = fileRows.map((i) => all[i]!);
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
