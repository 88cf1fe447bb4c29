// Score the validation crops with an exported model folder loaded by the app's own loading code
// (node/load-node.ts -> load.ts: manifest checks, SHA-256, float16 decode, resize and
// normalisation from the manifest, the app's predict). What this measures is what the page runs.
import * as tf from '@tensorflow/tfjs';
import { loadModelFromDir } from '../node/load-node';
import type { LoadedModel, Metrics } from '../src/models/types';
import type { CachedSplit } from './crop-cache';
import { metrics as computeMetrics } from './metrics';

/** P(fake) of every crop of a cached split through a loaded app model, in batches. */
export async function predictLoaded(model: LoadedModel, data: CachedSplit, batchSize = 32): Promise<Float32Array> {
  const s = data.size;
  const per = s * s * 3;
  const n = data.labels.length;
  const probs = new Float32Array(n);
  for (let i = 0; i < n; i += batchSize) {
    const b = Math.min(batchSize, n - i);
    const crops = tf.tensor4d(Float32Array.from(data.pixels.subarray(i * per, (i + b) * per)), [b, s, s, 3]);
    const p = model.predict(crops);
    probs.set(await p.data(), i);
    tf.dispose([crops, p]);
  }
  return probs;
}

export async function evaluateExported(dir: string, data: CachedSplit): Promise<{ probs: Float32Array; metrics: Metrics }> {
  const model = await loadModelFromDir(dir);
  try {
    const probs = await predictLoaded(model, data);
    return { probs, metrics: computeMetrics(probs, data.labels) };
  } finally {
    model.dispose();
  }
}
