// Xception backbone. Paper: F. Chollet, "Xception: Deep Learning with Depthwise Separable
// Convolutions", CVPR 2017 (arXiv:1610.02357); layer layout as in Cadene's pretrainedmodels / timm
// `legacy_xception`, which the seed used.
// Preprocessing (method.md): classifier 299 px, (x - 0.5) * 2 on RGB in [0,1]; WS-DAN/Xception 320 px,
// mean (0.4479, 0.3744, 0.3473) std (0.2537, 0.2502, 0.2424). Both travel in manifest.json.
//
// Entry flow: conv 3x3/2 (32) -> conv 3x3 (64) -> 3 residual blocks (128, 256, 728, each /2);
// middle flow: `middleBlocks` x 3 separable convs at 728; exit flow: block 728->1024 /2, then
// separable convs 1536 and 2048 (the feature map: 2048 channels, 10x10 at 299/320 px).
// Widths scale with `widthMultiplier` (multiples of 8) for the small CPU config.
import * as tf from '@tensorflow/tfjs-core';
import { bnParam, convBn, convParam, depthwise, depthwiseParam, roundChannels, runStages, type Backbone, type BackboneStage, type BnParams, type Ctx, type ParamStore } from './layers';

export interface XceptionOptions {
  widthMultiplier: number;
  middleBlocks: number;
  /** The exit flow's two separable convolutions (Keras "block14", our "tail" stage). false ends the
   *  backbone at block 13 (1024 channels): the ImageNet file lacks block 14's kernels and training
   *  them fresh is too slow on a 2-core CPU (docs/training-recipe.md). Default true. */
  block14?: boolean;
}

/** Depthwise 3x3 + pointwise 1x1, no bias (the BN after it carries the shift), then that BN and,
 *  when `relu`, ReLU (convBn: one fused pointwise convolution at inference). */
function separable(ps: ParamStore, name: string, cin: number, cout: number) {
  const dw = depthwiseParam(ps, `${name}.dw`, 3, cin);
  const pw = convParam(ps, `${name}.pw`, 1, cin, cout);
  return (x: tf.Tensor4D, bn: BnParams, ctx: Ctx, relu = false) => convBn(depthwise(x, dw, 1, 'same'), pw, 1, 'valid', bn, ctx, relu);
}

interface BlockSpec {
  cin: number;
  cout: number;
  reps: number;
  stride: number;
  startWithRelu: boolean;
  growFirst: boolean;
}

function block(ps: ParamStore, name: string, s: BlockSpec) {
  const units: { sep: ReturnType<typeof separable>; bn: BnParams; relu: boolean }[] = [];
  for (let i = 0; i < s.reps; i++) {
    const cin = s.growFirst ? (i === 0 ? s.cin : s.cout) : s.cin;
    const cout = s.growFirst ? s.cout : i === s.reps - 1 ? s.cout : s.cin;
    units.push({ sep: separable(ps, `${name}.sep${i}`, cin, cout), bn: bnParam(ps, `${name}.bn${i}`, cout), relu: i > 0 || s.startWithRelu });
  }
  const hasSkip = s.cin !== s.cout || s.stride !== 1;
  const skipW = hasSkip ? convParam(ps, `${name}.skip`, 1, s.cin, s.cout) : undefined;
  const skipBn = hasSkip ? bnParam(ps, `${name}.skipbn`, s.cout) : undefined;
  return (x: tf.Tensor4D, ctx: Ctx): tf.Tensor4D => {
    // A unit's leading ReLU is applied at the end of the unit before it (the same ops in the same
    // order), so a fused convolution can take it; only the block's first ReLU acts on its input.
    let h = units[0]!.relu ? tf.relu(x) : x;
    units.forEach((u, i) => {
      h = u.sep(h, u.bn, ctx, units[i + 1]?.relu ?? false);
    });
    if (s.stride !== 1) h = tf.maxPool(h, 3, s.stride, 'same');
    const skip = skipW && skipBn ? convBn(x, skipW, s.stride, 'valid', skipBn, ctx) : x;
    return tf.add(h, skip);
  };
}

export function buildXception(ps: ParamStore, o: XceptionOptions): Backbone {
  const ch = (c: number) => roundChannels(c, o.widthMultiplier);
  const c1 = convParam(ps, 'conv1', 3, 3, ch(32));
  const bn1 = bnParam(ps, 'bn1', ch(32));
  const c2 = convParam(ps, 'conv2', 3, ch(32), ch(64));
  const bn2 = bnParam(ps, 'bn2', ch(64));
  const blocks = [
    block(ps, 'block1', { cin: ch(64), cout: ch(128), reps: 2, stride: 2, startWithRelu: false, growFirst: true }),
    block(ps, 'block2', { cin: ch(128), cout: ch(256), reps: 2, stride: 2, startWithRelu: true, growFirst: true }),
    block(ps, 'block3', { cin: ch(256), cout: ch(728), reps: 2, stride: 2, startWithRelu: true, growFirst: true }),
  ];
  for (let i = 0; i < o.middleBlocks; i++) {
    blocks.push(block(ps, `middle${i}`, { cin: ch(728), cout: ch(728), reps: 3, stride: 1, startWithRelu: true, growFirst: true }));
  }
  const blockNames = ['block1', 'block2', 'block3', ...Array.from({ length: o.middleBlocks }, (_, i) => `middle${i}`), 'exit'];
  blocks.push(block(ps, 'exit', { cin: ch(728), cout: ch(1024), reps: 2, stride: 2, startWithRelu: true, growFirst: false }));
  const withTail = o.block14 !== false;
  const tail = withTail ? exitTail(ps, ch) : undefined;
  const stages: BackboneStage[] = [
    {
      name: 'stem',
      run: (x, ctx) => {
        const h = convBn(x, c1, 2, 'valid', bn1, ctx, true);
        return convBn(h, c2, 1, 'valid', bn2, ctx, true);
      },
    },
    ...blocks.map((run, i) => ({ name: blockNames[i]!, run })),
    ...(tail ? [{ name: 'tail', run: tail }] : []),
  ];
  return {
    features: withTail ? ch(2048) : ch(1024),
    stages,
    forwardFeatures: (x, ctx) => runStages(stages, x, ctx),
  };
}

/** Block 14: separable convs 1024 -> 1536 -> 2048, each with BN and ReLU. */
function exitTail(ps: ParamStore, ch: (c: number) => number) {
  const s3 = separable(ps, 'conv3', ch(1024), ch(1536));
  const bn3 = bnParam(ps, 'bn3', ch(1536));
  const s4 = separable(ps, 'conv4', ch(1536), ch(2048));
  const bn4 = bnParam(ps, 'bn4', ch(2048));
  return (x: tf.Tensor4D, ctx: Ctx): tf.Tensor4D => {
    const h = s3(x, bn3, ctx, true);
    return s4(h, bn4, ctx, true);
  };
}
