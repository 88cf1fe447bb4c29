// Heads that attach to any backbone's feature map (the timm seam).
// - classifier: global average pool + linear (with bias) -> 2 logits (the seed's Xception classifier).
// - WS-DAN (Hu et al. 2019, arXiv:1901.09891, as the seed's model_def/wsdan.py configures it):
//   M attention maps = 1x1 conv (no bias) + BN (eps 1e-3) + ReLU; bilinear attention pooling
//   (sum over positions of attention x feature / (H*W)); signed sqrt; L2 normalisation of the
//   flattened M*C vector; dropout 0.5 on the classification path in training; linear (no bias)
//   on feature_matrix * 100.
import * as tf from '@tensorflow/tfjs-core';
import { bnParam, convBn, convParam, spatialMean, type Ctx, type ParamStore } from './layers';

export interface HeadOutput {
  logits: tf.Tensor2D;
  featureMatrix?: tf.Tensor2D;
  attention?: tf.Tensor4D;
}

export type Head = (features: tf.Tensor4D, ctx: Ctx, dropoutSeed?: number) => HeadOutput;

export function buildClassifierHead(ps: ParamStore, channels: number): Head {
  const bound = 1 / Math.sqrt(channels);
  const w = ps.uniform('fc.weight', [channels, 2], bound);
  const b = ps.uniform('fc.bias', [2], bound);
  return (f, ctx) => {
    const pooled = spatialMean(f, ctx.training);
    return { logits: tf.add(tf.matMul(pooled, w as tf.Tensor2D), b) as tf.Tensor2D };
  };
}

/** Bilinear attention pooling -> [b, M*C], signed sqrt and L2 normalised. */
export function bilinearAttentionPool(features: tf.Tensor4D, attention: tf.Tensor4D): tf.Tensor2D {
  const [b, h, w, c] = features.shape;
  const m = attention.shape[3];
  // [b,M,hw] x [b,hw,C]: transpose explicitly, because a transposed BatchMatMul is far slower on wasm.
  const a = tf.transpose(tf.reshape(attention, [b, h * w, m]), [0, 2, 1]) as tf.Tensor3D;
  const fm = tf.div(tf.matMul(a, tf.reshape(features, [b, h * w, c]) as tf.Tensor3D), h * w);
  const signedSqrt = tf.mul(tf.sign(fm), tf.sqrt(tf.add(tf.abs(fm), 1e-12)));
  const flat = tf.reshape(signedSqrt, [b, m * c]) as tf.Tensor2D;
  // F.normalize, x / max(||x||, 1e-12), written as x / sqrt(||x||^2 + 1e-24): the same value to
  // float32 precision, but a finite gradient when every attention map of an image is zero (the
  // max form differentiates sqrt at 0: 0 * inf = NaN, which poisoned every weight in one step).
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(flat), 1, true), 1e-24));
  return tf.div(flat, norm);
}

export function buildWsdanHead(ps: ParamStore, channels: number, maps: number): Head {
  const attW = convParam(ps, 'attention.conv', 1, channels, maps);
  const attBn = bnParam(ps, 'attention.bn', maps, 1e-3);
  const fcW = ps.uniform('fc.weight', [maps * channels, 2], 1 / Math.sqrt(maps * channels));
  return (f, ctx, dropoutSeed) => {
    const attention = convBn(f, attW, 1, 'valid', attBn, ctx, true);
    const featureMatrix = bilinearAttentionPool(f, attention);
    const dropped = ctx.training ? tf.dropout(featureMatrix, 0.5, undefined, dropoutSeed) : featureMatrix;
    const logits = tf.matMul(tf.mul(dropped, 100) as tf.Tensor2D, fcW as tf.Tensor2D) as tf.Tensor2D;
    return { logits, featureMatrix, attention };
  };
}
