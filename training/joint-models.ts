// The two members built with the ImageNet trunk, and scored on cached rows of the feature cache
// (training checks, evaluation, export and the shipped checkpoint all score through here).
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../src/models/arch/index';
import { featureBatch, type FeatureSet } from './feature-data';
import { importImagenetXception, readImagenetWeights } from './imagenet-xception';
import { headArch } from './joint-config';
import { jointPredict, type FineTuned, type JointModels } from './joint-step';
import { metrics } from './metrics';
import { createRng, shuffled } from '../src/pipeline/rng';

/** Build both members with the ImageNet weights in their backbones (block 14 absent). */
export function buildJointModels(seed = 1): JointModels {
  const m: JointModels = { xception: buildModel('xception', headArch('xception'), seed), wsdan: buildModel('wsdan-xception', headArch('wsdan-xception'), seed + 1) };
  const w = readImagenetWeights();
  importImagenetXception(m.xception, w);
  importImagenetXception(m.wsdan, w);
  tf.dispose(Object.values(w.tensors));
  return m;
}

/** Both heads' P(fake) and logit differences on cached rows, in batches. */
export function predictRows(m: JointModels, set: FeatureSet, rows: readonly number[], blocks: FineTuned = 1, batch = 64): { x: Float32Array; w: Float32Array; dx: Float32Array; dw: Float32Array } {
  const out = { x: new Float32Array(rows.length), w: new Float32Array(rows.length), dx: new Float32Array(rows.length), dw: new Float32Array(rows.length) };
  for (let i = 0; i < rows.length; i += batch) {
    const xb = featureBatch(set, rows.slice(i, i + batch));
    const p = jointPredict(m, xb, blocks);
    for (const k of ['x', 'w', 'dx', 'dw'] as const) out[k].set(p[k].dataSync() as Float32Array, i);
    tf.dispose([xb, p.x, p.w, p.dx, p.dw]);
  }
  return out;
}

/** The fixed sample of half A the frequent checks score (seeded; it follows the cache's row order,
 *  so a rebuilt cache draws a different sample: shipped-checkpoint.ts re-measures the best on it). */
export function checkSample(set: FeatureSet, seed: number): number[] {
  return shuffled(set.parts.A, createRng(seed + 77)).slice(0, 1500);
}

/** Mean of the two heads' AUC on `rows` (what "best" compares). */
export function meanHeadsAuc(m: JointModels, set: FeatureSet, rows: readonly number[], blocks: FineTuned): number {
  const p = predictRows(m, set, rows, blocks);
  return metrics(Array.from(p.x, (v, i) => (v + p.w[i]!) / 2), rows.map((r) => set.labels[r]!)).auc;
}
