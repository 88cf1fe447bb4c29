// Aligned crops -> a model's input side. It belongs to the model (its input size and region come
// from the manifest), so it lives here, below the pipeline: models/load.ts, the pipeline and
// training's crop cache all call this one function, so training sees exactly the resampling the
// page applies.
import * as tf from '@tensorflow/tfjs-core';
import type { InputRegion } from './types';

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
