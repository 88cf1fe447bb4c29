// EfficientNet backbone. Paper: M. Tan, Q. V. Le, "EfficientNet: Rethinking Model Scaling for
// Convolutional Neural Networks", ICML 2019 (arXiv:1905.11946); b3 = width 1.2, depth 1.4, 300 px.
// Preprocessing (method.md, WS-DAN/EfficientNet-b3): RGB in [0,1], mean (0.4479, 0.3744, 0.3473)
// std (0.2537, 0.2502, 0.2424), resized to 300 (normalise and bilinear resize commute).
//
// Stem conv 3x3/2 -> 7 stages of MBConv (expand 1x1, depthwise kxk, squeeze-excitation 0.25,
// project 1x1; residual when shape is kept) -> head conv 1x1 to 1280*width (1536 for b3), swish.
// TF 'same' padding as in the reference implementation. Drop-connect is left out (short CPU runs).
// Inference with foldBn (the page): every batch norm folded into the convolution before it (convBn,
// depthwiseBn), as the ImageNet B0 graph of training/imagenet-efficientnet-b0.ts ships them.
import * as tf from '@tensorflow/tfjs-core';
import { bnParam, channelScale, convBn, convParam, depthwiseBn, depthwiseParam, roundChannels, runStages, spatialMean, swish, type Backbone, type BackboneStage, type Ctx, type ParamStore } from './layers';

export interface EfficientNetOptions {
  widthMultiplier: number;
  depthMultiplier: number;
}

/** EfficientNet-b0 stages: expand ratio, kernel, stride, in, out, repeats. */
const B0_STAGES: [number, number, number, number, number, number][] = [
  [1, 3, 1, 32, 16, 1],
  [6, 3, 2, 16, 24, 2],
  [6, 5, 2, 24, 40, 2],
  [6, 3, 2, 40, 80, 3],
  [6, 5, 1, 80, 112, 3],
  [6, 5, 2, 112, 192, 4],
  [6, 3, 1, 192, 320, 1],
];

function mbConv(ps: ParamStore, name: string, expand: number, k: number, stride: number, cin: number, cout: number) {
  const mid = cin * expand;
  const se = Math.max(1, Math.floor(cin * 0.25));
  const expW = expand !== 1 ? convParam(ps, `${name}.expand`, 1, cin, mid) : undefined;
  const expBn = expand !== 1 ? bnParam(ps, `${name}.expandbn`, mid) : undefined;
  const dwW = depthwiseParam(ps, `${name}.dw`, k, mid);
  const dwBn = bnParam(ps, `${name}.dwbn`, mid);
  // Squeeze-excitation on the pooled vector: plain matmuls with bias (1x1 convs on a 1x1 map).
  const seRw = ps.heNormal(`${name}.se.reduce.weight`, [mid, se], mid);
  const seRb = ps.constant(`${name}.se.reduce.bias`, [se], 0, true);
  const seEw = ps.heNormal(`${name}.se.expand.weight`, [se, mid], se);
  const seEb = ps.constant(`${name}.se.expand.bias`, [mid], 0, true);
  const projW = convParam(ps, `${name}.project`, 1, mid, cout);
  const projBn = bnParam(ps, `${name}.projectbn`, cout);
  const residual = stride === 1 && cin === cout;
  return (x: tf.Tensor4D, ctx: Ctx): tf.Tensor4D => {
    let h = x;
    if (expW && expBn) h = swish(convBn(h, expW, 1, 'valid', expBn, ctx));
    h = swish(depthwiseBn(h, dwW, stride, 'same', dwBn, ctx));
    const pooled = spatialMean(h, ctx.training);
    const r = tf.add(tf.matMul(pooled, seRw as tf.Tensor2D), seRb);
    const rs = tf.mul(r, tf.sigmoid(r)) as tf.Tensor2D;
    const gate = tf.sigmoid(tf.add(tf.matMul(rs, seEw as tf.Tensor2D), seEb)) as tf.Tensor2D;
    h = channelScale(h, gate, ctx.training);
    h = convBn(h, projW, 1, 'valid', projBn, ctx);
    return residual ? tf.add(h, x) : h;
  };
}

export function buildEfficientNet(ps: ParamStore, o: EfficientNetOptions): Backbone {
  const ch = (c: number) => roundChannels(c, o.widthMultiplier);
  const stemC = ch(32);
  const stemW = convParam(ps, 'stem', 3, 3, stemC);
  const stemBn = bnParam(ps, 'stembn', stemC);
  // Named stages (stem, stage0..stage6, head), as the Xception's: a frozen prefix can run once
  // (forwardTo, training's feature cache) and the rest from its output (apply's `after`).
  const stages: BackboneStage[] = [{ name: 'stem', run: (x, ctx) => swish(convBn(x, stemW, 2, 'same', stemBn, ctx)) }];
  B0_STAGES.forEach(([e, k, s, cin, cout, reps], si) => {
    const n = Math.ceil(reps * o.depthMultiplier);
    const blocks: ((x: tf.Tensor4D, ctx: Ctx) => tf.Tensor4D)[] = [];
    for (let i = 0; i < n; i++) {
      blocks.push(mbConv(ps, `stage${si}.block${i}`, e, k, i === 0 ? s : 1, i === 0 ? ch(cin) : ch(cout), ch(cout)));
    }
    stages.push({ name: `stage${si}`, run: (x, ctx) => blocks.reduce((h, b) => b(h, ctx), x) });
  });
  const headC = ch(1280);
  const headW = convParam(ps, 'head', 1, ch(320), headC);
  const headBn = bnParam(ps, 'headbn', headC);
  stages.push({ name: 'head', run: (h, ctx) => swish(convBn(h, headW, 1, 'valid', headBn, ctx)) });
  return {
    features: headC,
    stages,
    forwardFeatures: (x, ctx) => runStages(stages, x, ctx),
  };
}
