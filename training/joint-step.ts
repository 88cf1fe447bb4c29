// One training step of the CPU recipe's two Xception members on cached block-12 activations
// (feature-train.ts): block 13 (ImageNet-initialised, fine-tuned) is shared, and both heads train on
// its output together, loss = CE(classifier head) + CE(WS-DAN head). The page runs the same shared
// trunk once per face and both heads on it. Pure: the caller owns the models and the optimizers;
// the data-parallel worker (feature-grad-worker.ts) runs the same function on its shard.
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../src/models/arch/index';
import { crossEntropy } from './losses';

/** The stage whose output is cached (block 12) and the one the heads read (block 13). */
export const CACHED_STAGE = 'middle7';
export const HEAD_STAGE = 'exit';

export interface JointModels {
  /** Plain Xception: owns the shared backbone (block 13 is trained here) and the classifier head. */
  xception: Model;
  /** WS-DAN/Xception: only its head is used (attention.*, fc.*); its backbone copy is filled at export. */
  wsdan: Model;
}

/** Trainable parameters by prefixed name: "x:" plain model (block 13 + fc), "w:" WS-DAN head. */
export function jointParams(m: JointModels): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  for (const [n, v] of Object.entries(m.xception.params)) if (n.startsWith(`${HEAD_STAGE}.`) || n.startsWith('fc.')) out[`x:${n}`] = v;
  for (const [n, v] of Object.entries(m.wsdan.params)) if (n.startsWith('attention.') || n.startsWith('fc.')) out[`w:${n}`] = v;
  return out;
}

/** Non-trainable state the step moves (BN moving stats of block 13 and of the attention maps). */
export function jointState(m: JointModels): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  for (const [n, v] of Object.entries(m.xception.state)) if (n.startsWith(`${HEAD_STAGE}.`)) out[`x:${n}`] = v;
  for (const [n, v] of Object.entries(m.wsdan.state)) if (n.startsWith('attention.')) out[`w:${n}`] = v;
  return out;
}

export interface JointGradients {
  loss: number;
  lossX: number;
  lossW: number;
  grads: Record<string, tf.Tensor>;
}

/** Forward + backward on one shard: x = cached block-12 maps [b,10,10,728], y = labels. */
export function jointGradients(m: JointModels, x: tf.Tensor4D, y: tf.Tensor1D, seed: number): JointGradients {
  const params = jointParams(m);
  const byVar = new Map(Object.entries(params).map(([name, v]) => [v.name, name]));
  let lx = 0;
  let lw = 0;
  const { value, grads } = tf.variableGrads(() => {
    const f = m.xception.features(x, { training: true, after: CACHED_STAGE });
    const a = crossEntropy(m.xception.apply(f, { training: true, after: HEAD_STAGE }).logits, y);
    const b = crossEntropy(m.wsdan.apply(f, { training: true, after: HEAD_STAGE, dropoutSeed: seed }).logits, y);
    lx = a.dataSync()[0]!;
    lw = b.dataSync()[0]!;
    return tf.add(a, b) as tf.Scalar;
  }, Object.values(params));
  const loss = value.dataSync()[0]!;
  value.dispose();
  return { loss, lossX: lx, lossW: lw, grads: Object.fromEntries(Object.entries(grads).map(([k, g]) => [byVar.get(k) ?? k, g])) };
}

/** Both heads' P(fake) on cached block-12 rows (inference). */
export function jointPredict(m: JointModels, x: tf.Tensor4D): { x: tf.Tensor1D; w: tf.Tensor1D; dx: tf.Tensor1D; dw: tf.Tensor1D } {
  return tf.tidy(() => {
    const f = m.xception.features(x, { training: false, after: CACHED_STAGE });
    const lx = m.xception.apply(f, { training: false, after: HEAD_STAGE }).logits;
    const lw = m.wsdan.apply(f, { training: false, after: HEAD_STAGE }).logits;
    const diff = (l: tf.Tensor2D) => tf.reshape(tf.sub(tf.slice(l, [0, 1], [-1, 1]), tf.slice(l, [0, 0], [-1, 1])), [-1]) as tf.Tensor1D;
    const dx = diff(lx);
    const dw = diff(lw);
    return { x: tf.sigmoid(dx), w: tf.sigmoid(dw), dx, dw };
  });
}
