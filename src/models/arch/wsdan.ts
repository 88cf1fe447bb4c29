// WS-DAN data augmentation and refinement (Hu et al. 2019, "See Better Before Looking Closer",
// arXiv:1901.09891), as the seed's train-wsdan.py `batch_augment` does it, in pure tf ops shared by
// training (crop / drop) and the app (validation-time crop refinement). No CPU readback anywhere.
//
// - One attention map per image is drawn with probability proportional to sqrt(its sum).
// - The map is upsampled (bilinear, align corners) to the image size and thresholded at
//   theta x its max; theta is a number or drawn per image from U(lo, hi).
// - Crop: the bounding box of the thresholded region, padded by `padding` x image size on each
//   side, as [y1, x1, y2, x2] normalised boxes for tf.image.cropAndResize.
// - Drop: a 0/1 mask that zeroes the thresholded region.
import * as tf from '@tensorflow/tfjs-core';

export interface CropOptions {
  /** Threshold as a fraction of the map's max: a number, or [lo, hi] drawn per image. */
  theta: number | [number, number];
  /** Box padding as a fraction of the image side (seed: 0.1 training, 0.05 validation). */
  padding: number;
  /** Seed of the map choice and theta draws (training). */
  seed?: number;
  /** Use the mean over maps instead of a random map (validation-time refinement). */
  mean?: boolean;
  /** Resolution at which the map is upsampled and thresholded (the image side; default 8 x map side).
   *  The boxes are normalised, so this only sets the granularity of the box edges. */
  imageSize?: number;
}

export interface DropOptions {
  theta: number | [number, number];
  seed?: number;
}

/** attention [n,h,w,M] -> the map drawn per image, [n,h,w,1]; or their mean when `mean`. */
export function selectAttentionMap(attention: tf.Tensor4D, opts: { seed?: number; mean?: boolean }): tf.Tensor4D {
  return tf.tidy(() => {
    if (opts.mean) return tf.mean(attention, 3, true) as tf.Tensor4D;
    const [n, , , m] = attention.shape;
    // sqrt(sum) weights; the epsilon keeps an all-zero image's draw uniform instead of NaN.
    const weights = tf.sqrt(tf.add(tf.sum(attention, [1, 2]), 1e-12)) as tf.Tensor2D;
    const probs = tf.div(weights, tf.sum(weights, 1, true)) as tf.Tensor2D;
    const pick = tf.reshape(tf.multinomial(probs, 1, opts.seed, true), [n]) as tf.Tensor1D;
    const oneHot = tf.reshape(tf.oneHot(pick, m), [n, 1, 1, m]);
    return tf.sum(tf.mul(attention, oneHot), 3, true) as tf.Tensor4D;
  });
}

/** Per-image thresholds theta x max of the map, [n,1,1,1]. */
function thresholds(map: tf.Tensor4D, theta: number | [number, number], seed?: number): tf.Tensor4D {
  const n = map.shape[0];
  const maxes = tf.max(map, [1, 2, 3], true);
  const t = typeof theta === 'number' ? tf.scalar(theta) : tf.randomUniform([n, 1, 1, 1], theta[0], theta[1], 'float32', seed);
  return tf.mul(maxes, t) as tf.Tensor4D;
}

function upsample(map: tf.Tensor4D, size: number): tf.Tensor4D {
  return tf.image.resizeBilinear(map, [size, size], true);
}

/**
 * Crop boxes [n,4] (y1,x1,y2,x2 in [0,1]) around the thresholded attention, for
 * tf.image.cropAndResize (pass the image side as `imageSize` to threshold at image resolution, as the
 * seed does).
 */
export function attentionCropBoxes(attention: tf.Tensor4D, opts: CropOptions): tf.Tensor2D {
  return tf.tidy(() => {
    const s = opts.imageSize ?? attention.shape[1] * 8;
    const map = upsample(selectAttentionMap(attention, { seed: opts.seed, mean: opts.mean }), s);
    const mask = tf.cast(tf.greaterEqual(map, thresholds(map, opts.theta, opts.seed === undefined ? undefined : opts.seed + 1)), 'float32');
    const rows = tf.reshape(tf.max(mask, [2, 3]), [-1, s]) as tf.Tensor2D; // [n,S]: 1 where the row has a selected pixel
    const cols = tf.reshape(tf.max(mask, [1, 3]), [-1, s]) as tf.Tensor2D;
    const idx = tf.range(0, s, 1, 'float32');
    // First / last selected index: min of (idx where selected, S elsewhere), max of (idx, -1 elsewhere).
    const first = (v: tf.Tensor2D) => tf.min(tf.add(tf.mul(v, idx), tf.mul(tf.sub(1, v), s)), 1);
    const last = (v: tf.Tensor2D) => tf.max(tf.sub(tf.mul(v, idx), tf.sub(1, v)), 1);
    const pad = opts.padding * s;
    const lo = (v: tf.Tensor2D) => tf.div(tf.maximum(tf.sub(first(v), pad), 0), s - 1);
    const hi = (v: tf.Tensor2D) => tf.div(tf.minimum(tf.add(last(v), pad), s - 1), s - 1);
    return tf.stack([lo(rows), lo(cols), hi(rows), hi(cols)], 1) as tf.Tensor2D;
  });
}

/** Drop masks [n,S,S,1] of 0/1 (S = imageSize): 0 where the drawn map exceeds theta x its max. */
export function attentionDropMasks(attention: tf.Tensor4D, imageSize: number, opts: DropOptions): tf.Tensor4D {
  return tf.tidy(() => {
    const map = upsample(selectAttentionMap(attention, { seed: opts.seed }), imageSize);
    return tf.cast(tf.less(map, thresholds(map, opts.theta, opts.seed === undefined ? undefined : opts.seed + 1)), 'float32') as tf.Tensor4D;
  });
}

/** Crop each image to its box and resize back to the image size (bilinear). */
export function cropImages(x: tf.Tensor4D, boxes: tf.Tensor2D): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = x.shape;
    return tf.image.cropAndResize(x, boxes, tf.range(0, n, 1, 'int32') as tf.Tensor1D, [h, w], 'bilinear');
  });
}

/** The seed's validation-time refinement settings: mean attention, theta 0.1, 5% padding. */
export const REFINE = { theta: 0.1, padding: 0.05 } as const;

/**
 * Validation-time WS-DAN prediction: the average of the raw logits and the logits of the
 * attention crop (mean map, theta 0.1, padding 5%). `apply` runs the model in inference mode.
 */
export function refinedLogits(apply: (x: tf.Tensor4D) => { logits: tf.Tensor2D; attention?: tf.Tensor4D }, x: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const raw = apply(x);
    if (!raw.attention) throw new Error('refinedLogits needs a WS-DAN model (no attention maps returned)');
    const boxes = attentionCropBoxes(raw.attention, { theta: REFINE.theta, padding: REFINE.padding, mean: true, imageSize: x.shape[1] });
    const crop = apply(cropImages(x, boxes));
    return tf.div(tf.add(raw.logits, crop.logits), 2) as tf.Tensor2D;
  });
}
