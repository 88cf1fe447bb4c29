// Validation-time scoring of a model under training, as the seed validated WS-DAN: the average of
// the raw image's logits and the logits of its attention crop (mean attention map, theta 0.1,
// padding 5%). The plain Xception uses its raw logits. Returns P(fake) per image.
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../src/models/arch/index';
import { attentionCropBoxes, cropImages } from '../src/models/arch/wsdan';
import type { Normalization } from '../src/models/types';
import type { CachedSplit } from './crop-cache';
import type { WsdanConfig } from './config';
import { makeBatch } from './batch';

export function scoreBatch(model: Model, x: tf.Tensor4D, wsdan: Pick<WsdanConfig, 'valCropTheta' | 'valCropPadding'> | null): tf.Tensor1D {
  return tf.tidy(() => {
    const out = model.apply(x, { training: false });
    let logits = out.logits;
    if (wsdan && out.attention) {
      const size = x.shape[1];
      const boxes = attentionCropBoxes(out.attention, { theta: wsdan.valCropTheta, padding: wsdan.valCropPadding, mean: true, imageSize: size });
      logits = tf.div(tf.add(logits, model.apply(cropImages(x, boxes), { training: false }).logits), 2);
    }
    return tf.slice(tf.softmax(logits), [0, 1], [-1, 1]).reshape([-1]) as tf.Tensor1D;
  });
}

/** P(fake) of the first `limit` images of a cached split (0 = all), in batches. */
export async function predictSplit(
  model: Model,
  data: CachedSplit,
  norm: Normalization,
  wsdan: Pick<WsdanConfig, 'valCropTheta' | 'valCropPadding'> | null,
  limit = 0,
  batchSize = 32,
): Promise<{ probs: Float32Array; labels: Uint8Array }> {
  const n = limit > 0 ? Math.min(limit, data.labels.length) : data.labels.length;
  const probs = new Float32Array(n);
  for (let i = 0; i < n; i += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, n - i) }, (_, k) => i + k);
    const { x, y } = makeBatch(data, idx, norm, null);
    const p = scoreBatch(model, x, wsdan);
    probs.set(await p.data(), i);
    tf.dispose([x, y, p]);
  }
  return { probs, labels: data.labels.slice(0, n) };
}
