// Aligned crops -> a model's input side. It belongs to the model (its input size and region come
// from the manifest), so it lives here, below the pipeline: models/load.ts, the pipeline and
// training's crop cache all call this one function, so training sees exactly the resampling the
// page applies.
import * as tf from '@tensorflow/tfjs-core';
import type { InputRegion, InputWindow } from './types';

/** The whole aligned crop: what every model read before input regions existed. */
export const WHOLE_CROP: InputRegion = { left: 0, top: 0, size: 1 };

/**
 * Aligned crops [n,S,S,3] resized to [n,inputSize,inputSize,3]: the square `region` of each crop
 * (fractions of its side; the whole crop by default), resampled to inputSize. A region keeps the
 * model to the part of the face every training crop covers, so nothing outside it (hair,
 * background, or the black fill of a tight training crop) can move a score (issue 22, item 0).
 */
export function resizeCrops(crops: tf.Tensor4D, inputSize: number, region: InputRegion = WHOLE_CROP): tf.Tensor4D {
  const side = crops.shape[1];
  const whole = region.left === 0 && region.top === 0 && region.size === 1;
  if (whole && side === inputSize && crops.shape[2] === inputSize) return tf.clone(crops);
  return tf.tidy(() => {
    // Downscaling by 2x or more with plain bilinear would alias (it reads only 2x2 taps); an average
    // pool first brings the region to within 2x of the target, then bilinear finishes. (A region whose
    // edges are not multiples of the pool factor then reads up to factor-1 pixels beyond them.)
    let x = crops;
    const factor = Math.floor((side * region.size) / inputSize);
    if (factor >= 2) x = tf.avgPool(x, factor, factor, 'valid');
    if (whole) return tf.image.resizeBilinear(x, [inputSize, inputSize], false, true);
    // cropAndResize samples output pixel i at y1*(h-1) + i*(y2-y1)*(h-1)/(N-1) in pixel-centre
    // coordinates. The region's edges are pixel edges, so output pixel i's centre is at
    // top*h + (i + 0.5)*step - 0.5 with step = size*h/N (align corners off, half-pixel centres, as
    // the whole-crop path). Upscaling, that puts the outer samples up to half a pixel outside the
    // region, where bilinear would mix in a pixel beyond it: the outer samples are then held to the
    // region's outer pixel centres, so no pixel outside the region is ever read.
    const h = x.shape[1];
    const n = x.shape[0];
    const span = region.size * h;
    const step = span / inputSize;
    const ends = (f: number) => {
      const first = Math.max(f * h + step / 2 - 0.5, f * h);
      const last = Math.min(first + (inputSize - 1) * step, f * h + span - 1);
      return [first / (h - 1), last / (h - 1)] as const;
    };
    const [y1, y2] = ends(region.top);
    const [x1, x2] = ends(region.left);
    const box = [y1, x1, y2, x2];
    return tf.image.cropAndResize(x, tf.tensor2d(Array.from({ length: n }, () => box), [n, 4]), tf.range(0, n, 1, 'int32') as tf.Tensor1D, [inputSize, inputSize], 'bilinear');
  });
}

/** Pixel bounds [x0, x1) x [y0, y1) of a window in a crop of `side` pixels, rounded to whole pixels
 *  so the page, training and the screen black out the very same pixels. */
export function windowBounds(window: InputWindow, side: number): { x0: number; x1: number; y0: number; y1: number } {
  const r = (f: number) => Math.min(side, Math.max(0, Math.round(f * side)));
  return { x0: r(window.left), x1: r(window.left + window.width), y0: r(window.top), y1: r(window.top + window.height) };
}

/**
 * Aligned crops [n,S,S,3] with every pixel outside `window` set to 0 (black). The DFDC training crops
 * are tight: aligned to the template, most of their margin is black fill, while a video frame puts
 * hair, neck and background there. Blacking out what the training crops did not cover (at the
 * median crop's footprint) shows the models a video's face as they saw their training faces.
 */
export function maskOutsideWindow(crops: tf.Tensor4D, window: InputWindow): tf.Tensor4D {
  const [, h, w] = crops.shape;
  const { y0, y1 } = windowBounds(window, h);
  const { x0, x1 } = windowBounds(window, w);
  return tf.tidy(() => {
    const rows = tf.logicalAnd(tf.greaterEqual(tf.range(0, h, 1, 'int32'), y0), tf.less(tf.range(0, h, 1, 'int32'), y1));
    const cols = tf.logicalAnd(tf.greaterEqual(tf.range(0, w, 1, 'int32'), x0), tf.less(tf.range(0, w, 1, 'int32'), x1));
    const mask = tf.cast(tf.logicalAnd(tf.reshape(rows, [h, 1]), tf.reshape(cols, [1, w])), crops.dtype);
    return tf.mul(crops, tf.reshape(mask, [1, h, w, 1])) as tf.Tensor4D;
  });
}
