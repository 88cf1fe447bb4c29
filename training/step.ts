// One optimisation step, split in the two halves data-parallel training needs:
//   stepGradients  - forward + backward on one batch (or one worker's shard of it): loss, gradients
//                    by parameter name, and the WS-DAN features the centers move towards;
//   applyGradients - the SGD update and the center update, done once, by the process that owns the
//                    optimizer state.
// trainStep is both halves on one batch in one process (what train.ts runs with one worker).
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../src/models/arch/index';
import { attentionCropBoxes, attentionDropMasks, cropImages } from '../src/models/arch/wsdan';
import type { TrainConfig } from './config';
import { crossEntropy, centerLoss, updateCenters } from './losses';
import type { Sgd } from './sgd';

export interface StepState {
  model: Model;
  cfg: TrainConfig;
  sgd: Sgd;
  /** WS-DAN feature centers [2, M*C] (null for the plain classifier). */
  centers: tf.Tensor2D | null;
}

export interface StepGradients {
  loss: number;
  /** d(loss)/d(param), keyed like model.params. */
  grads: Record<string, tf.Tensor>;
  /** WS-DAN: the raw pass's feature matrix [b, M*C] (center update); null otherwise. */
  features: tf.Tensor2D | null;
}

/** Forward and backward on one batch. WS-DAN follows the seed's train-wsdan.py: a raw pass (CE +
 *  center loss), then, from its attention maps (no gradient through them), an attention-cropped and
 *  an attention-dropped copy of the batch, each a pass with its own CE. BN moving stats are updated
 *  in place by the training-mode forward passes (as in any single step). */
export function stepGradients(
  model: Model,
  cfg: Pick<TrainConfig, 'wsdan'>,
  centers: tf.Tensor2D | null,
  x: tf.Tensor4D,
  y: tf.Tensor1D,
  stepSeed: number,
): StepGradients {
  const vars = Object.values(model.params);
  // variableGrads keys gradients by the variable's own name; callers want the param name.
  const byVar = new Map(Object.entries(model.params).map(([name, v]) => [v.name, name]));
  const rename = (g: Record<string, tf.Tensor>) => Object.fromEntries(Object.entries(g).map(([k, t]) => [byVar.get(k) ?? k, t]));
  if (!cfg.wsdan) {
    const { value, grads } = tf.variableGrads(() => crossEntropy(model.apply(x, { training: true }).logits, y), vars);
    const loss = value.dataSync()[0]!;
    value.dispose();
    return { loss, grads: rename(grads), features: null };
  }
  const w = cfg.wsdan;
  let attention: tf.Tensor4D | null = null;
  let features: tf.Tensor2D | null = null;
  const raw = tf.variableGrads(() => {
    const out = model.apply(x, { training: true, dropoutSeed: stepSeed });
    attention = tf.keep(out.attention!);
    features = tf.keep(out.featureMatrix!);
    return tf.add(crossEntropy(out.logits, y), centerLoss(out.featureMatrix!, centers!, y)) as tf.Scalar;
  }, vars);
  const size = x.shape[1];
  const [cropX, dropX] = tf.tidy(() => {
    const boxes = attentionCropBoxes(attention!, { theta: w.cropTheta, padding: w.cropPadding, seed: stepSeed, imageSize: size });
    const crops = cropImages(x, boxes);
    const masks = attentionDropMasks(attention!, size, { theta: w.dropTheta, seed: stepSeed + 1 });
    return [crops, tf.mul(x, masks) as tf.Tensor4D];
  });
  const aug = tf.variableGrads(() => {
    const lc = crossEntropy(model.apply(cropX, { training: true, dropoutSeed: stepSeed + 2 }).logits, y);
    const ld = crossEntropy(model.apply(dropX, { training: true, dropoutSeed: stepSeed + 3 }).logits, y);
    return tf.add(tf.mul(lc, w.cropWeight), tf.mul(ld, w.dropWeight)) as tf.Scalar;
  }, vars);
  const grads = tf.tidy(() => Object.fromEntries(Object.keys(raw.grads).map((k) => [byVar.get(k) ?? k, tf.add(raw.grads[k]!, aug.grads[k]!)])));
  const loss = raw.value.dataSync()[0]! + aug.value.dataSync()[0]!;
  tf.dispose([raw.value, aug.value, ...Object.values(raw.grads), ...Object.values(aug.grads), attention!, cropX, dropX]);
  return { loss, grads, features };
}

/** The update: SGD on the parameters, then (WS-DAN) the centers' moving average towards the batch's
 *  features. Disposes nothing of its arguments. */
export function applyGradients(s: StepState, grads: Record<string, tf.Tensor>, features: tf.Tensor2D | null, y: tf.Tensor1D, lr: number): void {
  s.sgd.step(s.model.params, grads, lr);
  if (s.cfg.wsdan && features && s.centers) {
    const next = updateCenters(s.centers, features, y, s.cfg.wsdan.beta);
    s.centers.dispose();
    s.centers = next;
  }
}

/** One SGD step on a batch in this process; returns the total loss. */
export function trainStep(s: StepState, x: tf.Tensor4D, y: tf.Tensor1D, stepSeed: number, lr: number): number {
  const g = stepGradients(s.model, s.cfg, s.centers, x, y, stepSeed);
  applyGradients(s, g.grads, g.features, y, lr);
  tf.dispose([...Object.values(g.grads), ...(g.features ? [g.features] : [])]);
  return g.loss;
}
