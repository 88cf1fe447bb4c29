// Aligned crops -> a model's input side. It belongs to the model (its input size comes from the
// manifest), so it lives here, below the pipeline: models/load.ts, the pipeline and training's crop
// cache all call this one function, so training sees exactly the resampling the page applies.
import * as tf from '@tensorflow/tfjs';

/** Aligned crops [n,S,S,3] resized to [n,inputSize,inputSize,3] (a clone when already that size). */
export function resizeCrops(crops: tf.Tensor4D, inputSize: number): tf.Tensor4D {
  if (crops.shape[1] === inputSize && crops.shape[2] === inputSize) return tf.clone(crops);
  // Downscaling 320 -> a small input with plain bilinear would alias (it reads only 2x2 taps); an
  // average pool first brings the crop to within 2x of the target, then bilinear finishes.
  return tf.tidy(() => {
    let x = crops;
    const factor = Math.floor(crops.shape[1] / inputSize);
    if (factor >= 2) x = tf.avgPool(x, factor, factor, 'valid');
    return tf.image.resizeBilinear(x, [inputSize, inputSize], false, true);
  });
}
