// From cached uint8 crops to the network's input: optional augmentation (on 0..255 floats), then the
// model's normalisation ((x/255 - mean) / std, from the shared registry), as one [b,S,S,3] tensor.
import * as tf from '@tensorflow/tfjs';
import type { Normalization } from '../src/models/types';
import type { CachedSplit } from './crop-cache';
import { augment } from './augment';
import { createRng } from './rng';

/** A per-image seed that depends only on (run seed, epoch, position), so a resumed run augments
 *  each image exactly as the uninterrupted run would have. */
export function imageSeed(seed: number, epoch: number, position: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(epoch + 1, 0xc2b2ae35) ^ Math.imul(position + 1, 0x27d4eb2f)) >>> 0;
}

export function makeBatch(
  data: CachedSplit,
  indices: readonly number[],
  norm: Normalization,
  aug: { seed: number; epoch: number; position: number } | null,
): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const s = data.size;
  const per = s * s * 3;
  const out = new Float32Array(indices.length * per);
  const scale = norm.std.map((v) => 1 / (255 * v));
  const shift = norm.mean.map((m, c) => -m / norm.std[c]!);
  indices.forEach((idx, b) => {
    if (!(Number.isInteger(idx) && idx >= 0 && idx < data.labels.length)) throw new Error(`Image index ${idx} is outside the ${data.labels.length} images of this split.`);
    let img: Float32Array = Float32Array.from(data.pixels.subarray(idx * per, (idx + 1) * per));
    if (aug) img = augment({ data: img, height: s, width: s }, createRng(imageSeed(aug.seed, aug.epoch, aug.position + b))).data;
    const o = b * per;
    for (let i = 0; i < per; i += 3) {
      out[o + i] = img[i]! * scale[0]! + shift[0]!;
      out[o + i + 1] = img[i + 1]! * scale[1]! + shift[1]!;
      out[o + i + 2] = img[i + 2]! * scale[2]! + shift[2]!;
    }
  });
  return {
    x: tf.tensor4d(out, [indices.length, s, s, 3]),
    y: tf.tensor1d(Int32Array.from(indices.map((i) => data.labels[i]!)), 'int32'),
  };
}
