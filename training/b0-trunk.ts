// The shared pieces of the WS-DAN/EfficientNet-B0 member's offline work (issue 22, item 4): the
// ImageNet B0 built in the app's own EfficientNet (imagenet-efficientnet-b0.ts), which DFDC crops it
// reads (probe-b0.ts's rows: every validation crop and a balanced, plan-ordered sample of training
// crops), the app's alignment of them (whole 320 crop, black fill, resized; align-crops.ts), and the
// names of its feature cache (b0-cache.ts writes it, b0-train.ts reads it). Used by probe-b0.ts,
// b0-cache.ts and b0-train.ts.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { buildModel, type Model } from '../src/models/arch/index';
import { cropsFor } from './align-crops';
import { makePlan, readDetections, type DetectionLine } from './crop-cache';
import { cropPath } from './data';
import { DATA_CONFIG } from './data-config';
import { decodeJpeg } from './decode-jpeg';
import { B0_ARCH_CONFIG, importB0, normalizeB0, readB0Weights } from './imagenet-efficientnet-b0';

/** The registry entry that builds an EfficientNet (its name says b3, the seed's size; archConfig
 *  makes it B0). */
export const B0_ARCHITECTURE = 'wsdan-efficientnet-b3' as const;

/** The B0 feature cache: key "224-b0" (features-224-b0.jsonl, features-224-b0-stage5.f16), never an
 *  Xception cache's key (those are "160", "160-sbi"). Stage 5's output at 224 px is [7, 7, 192]:
 *  stage 6 (one MBConv block), the head conv and the WS-DAN head are trained from it. */
export const B0_CACHE = { key: '224-b0', size: 224, stage: 'stage5', shape: [7, 7, 192] as [number, number, number] } as const;

/** The B0 member's folder in training/.cache (scores written for the ensemble). */
export const B0_MEMBER_DIR_NAME = 'b0-member';

/** Parameter-name prefixes trained from the cache: the backbone after the cached stage, the head
 *  conv (its batch norm in inference mode: the folded import has no gamma/variance split) and the
 *  WS-DAN head. */
export const B0_TRAINED_PREFIXES = ['stage6.', 'head.', 'headbn.', 'attention.', 'fc.'] as const;

/** Whether a B0 model parameter is trained on the stage-5 cache. */
export function isB0Trained(name: string): boolean {
  return B0_TRAINED_PREFIXES.some((p) => name.startsWith(p));
}

/** "K/N" -> [K, N], checked. */
export function parseShard(shard: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  const [k, n] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(n >= 1 && k >= 0 && k < n)) throw new Error(`--shard must be K/N with 0 <= K < N, got "${shard}"`);
  return [k, n];
}

/** The ImageNet B0 (npm run weights:b0), batch norms folded to identity + bias, in the app's model;
 *  the WS-DAN head initialised from `seed` (null: zeros, for a model used as a trunk only). */
export function loadImagenetB0(seed: number | null = null): Model {
  const model = buildModel(B0_ARCHITECTURE, B0_ARCH_CONFIG, seed);
  const weights = readB0Weights();
  importB0(model, weights);
  tf.dispose(Object.values(weights.tensors));
  return model;
}

export type B0Set = 'train' | 'A' | 'B';

/** Validation rows with a detection line (halves A and B), then `train` training rows (half real,
 *  half fake) in the plan's shuffled order. */
export function b0Rows(train: number): { line: DetectionLine; set: B0Set }[] {
  const plan = makePlan();
  const det = new Map<string, DetectionLine>();
  for (const l of readDetections()) if (!det.has(l.video)) det.set(l.video, l);
  const out: { line: DetectionLine; set: B0Set }[] = [];
  const per = [0, 0];
  for (const o of plan.order) {
    const l = det.get(o.row.video);
    if (!l) continue;
    if (o.split === 'val') out.push({ line: l, set: plan.valHalf.get(o.row.video)! });
    else if (per[o.row.label]! < train / 2) {
      per[o.row.label]!++;
      out.push({ line: l, set: 'train' });
    }
  }
  return out;
}

/** The app's alignment of each detection's crop (whole crop, black fill; a crop without a face goes
 *  in whole), resized to `size`: RGB rows (feature-cache.ts aligns the Xception cache so). */
export function alignedRows(lines: readonly DetectionLine[], size: number): Uint8Array[] {
  return lines.map((line) => {
    const frame = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, line)));
    const [crop] = cropsFor(frame, line.face, [size]);
    frame.dispose();
    return crop!;
  });
}

/** alignedRows as RGB in [0, 1], [n, size, size, 3]. */
export function alignedBatch(lines: readonly DetectionLine[], size: number): tf.Tensor4D {
  const flat = new Uint8Array(lines.length * size * size * 3);
  alignedRows(lines, size).forEach((c, j) => flat.set(c, j * size * size * 3));
  return tf.tidy(() => tf.div(tf.tensor4d(flat, [lines.length, size, size, 3], 'float32'), 255) as tf.Tensor4D);
}

/** B0's output of `stage` (inference mode) for RGB in [0, 1]. */
export function b0Stage(model: Model, rgb01: tf.Tensor4D, stage: string): tf.Tensor4D {
  return tf.tidy(() => model.forwardTo(normalizeB0(rgb01), stage));
}
