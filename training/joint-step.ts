// One training step of the CPU recipe's two Xception members on cached trunk activations
// (feature-train.ts): the last `blocks` blocks before the head (block 13, or blocks 12-13;
// ImageNet-initialised, fine-tuned) are shared, and both heads train on their output together,
// loss = CE(classifier head) + CE(WS-DAN head). The page runs the same shared trunk once per face and
// both heads on it. Pure: the caller owns the models and the optimizers; the data-parallel worker
// (feature-grad-worker.ts) runs the same function on its shard.
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../src/models/arch/index';
import { crossEntropy } from './losses';

/** The stage the heads read (block 13). */
export const HEAD_STAGE = 'exit';

/** How many blocks before the head are fine-tuned: 1 = block 13 on cached block-12 maps (the first
 *  shipped recipe), 2 = blocks 12-13 on cached block-11 maps, 4 = blocks 10-13 on cached block-9 maps
 *  (issue 22: whether self-blended images need more than the last blocks). */
export type FineTuned = 1 | 2 | 4;

/** The app's stage names of blocks 5-12 (the middle flow) are middle0..middle7, block 13 is HEAD_STAGE. */
const MIDDLE_STAGES = 8;

/** The stage whose output is cached and fed to the step: the block before the first tuned one. */
export const cachedStage = (blocks: FineTuned): string => `middle${MIDDLE_STAGES - blocks}`;

/** Parameter-name prefixes of the fine-tuned blocks (the app's stage names). */
const tunedStages = (blocks: FineTuned): string[] => [...Array.from({ length: blocks - 1 }, (_, i) => `middle${MIDDLE_STAGES - blocks + 1 + i}.`), `${HEAD_STAGE}.`];

export interface JointModels {
  /** Plain Xception: owns the shared backbone (block 13 is trained here) and the classifier head. */
  xception: Model;
  /** WS-DAN/Xception: only its head is used (attention.*, fc.*); its backbone copy is filled at export. */
  wsdan: Model;
}

const tuned = (n: string, blocks: FineTuned) => tunedStages(blocks).some((p) => n.startsWith(p));

/** Trainable parameters by prefixed name: "x:" plain model (fine-tuned blocks + fc), "w:" WS-DAN head. */
export function jointParams(m: JointModels, blocks: FineTuned = 1): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  for (const [n, v] of Object.entries(m.xception.params)) if (tuned(n, blocks) || n.startsWith('fc.')) out[`x:${n}`] = v;
  for (const [n, v] of Object.entries(m.wsdan.params)) if (n.startsWith('attention.') || n.startsWith('fc.')) out[`w:${n}`] = v;
  return out;
}

/** Non-trainable state the step moves (BN moving stats of the fine-tuned blocks and of the attention maps). */
export function jointState(m: JointModels, blocks: FineTuned = 1): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  for (const [n, v] of Object.entries(m.xception.state)) if (tuned(n, blocks)) out[`x:${n}`] = v;
  for (const [n, v] of Object.entries(m.wsdan.state)) if (n.startsWith('attention.')) out[`w:${n}`] = v;
  return out;
}

export interface JointGradients {
  loss: number;
  lossX: number;
  lossW: number;
  grads: Record<string, tf.Tensor>;
}

/** Forward + backward on one shard: x = cached maps [b,10,10,728] of cachedStage(blocks), y = labels. */
export function jointGradients(m: JointModels, x: tf.Tensor4D, y: tf.Tensor1D, seed: number, blocks: FineTuned = 1): JointGradients {
  const params = jointParams(m, blocks);
  const byVar = new Map(Object.entries(params).map(([name, v]) => [v.name, name]));
  let lx = 0;
  let lw = 0;
  const { value, grads } = tf.variableGrads(() => {
    const f = m.xception.features(x, { training: true, after: cachedStage(blocks) });
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

/** Both heads' P(fake) on cached rows of cachedStage(blocks) (inference). */
export function jointPredict(m: JointModels, x: tf.Tensor4D, blocks: FineTuned = 1): { x: tf.Tensor1D; w: tf.Tensor1D; dx: tf.Tensor1D; dw: tf.Tensor1D } {
  return tf.tidy(() => {
    const f = m.xception.features(x, { training: false, after: cachedStage(blocks) });
    const lx = m.xception.apply(f, { training: false, after: HEAD_STAGE }).logits;
    const lw = m.wsdan.apply(f, { training: false, after: HEAD_STAGE }).logits;
    const diff = (l: tf.Tensor2D) => tf.reshape(tf.sub(tf.slice(l, [0, 1], [-1, 1]), tf.slice(l, [0, 0], [-1, 1])), [-1]) as tf.Tensor1D;
    const dx = diff(lx);
    const dw = diff(lw);
    return { x: tf.sigmoid(dx), w: tf.sigmoid(dw), dx, dw };
  });
}
