// Keras's ImageNet Xception weights (../shared/weights/xception-imagenet, float16) -> the app's own
// Xception definition (src/models/arch/xception.ts) at full width with 8 middle blocks.
//
// One table maps every Keras tensor name to ours. Keras layout (keras.applications.Xception):
//   block1_conv1/2 (+ _bn)                     -> conv1/bn1, conv2/bn2
//   block2..4 sepconv1..2 (+ _bn), conv2d_1..3 -> block1..3 .sep0..1 / .bn0..1, .skip / .skipbn
//     and batch_normalization_1..3
//   block5..12 sepconv1..3 (+ _bn)             -> middle0..7 .sep0..2 / .bn0..2
//   block13 sepconv1..2, conv2d_4, bn_4        -> exit .sep0..1, .skip / .skipbn
//   block14_sepconv1/2 (+ _bn)                 -> conv3/bn3, conv4/bn4
// Kernels are HWIO in both (depthwise [3,3,C,1], pointwise [1,1,Cin,Cout]), so nothing is transposed.
// The block14 separable kernels are absent from the published file (README `missing`): they keep the
// fresh He-normal initialisation of the model they are loaded into. Preprocessing: x / 127.5 - 1.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../src/models/arch/index';
import type { Normalization } from '../src/models/types';

/** Keras Xception's preprocessing (`x / 127.5 - 1`) as the app's mean/std on RGB in [0,1]. */
export const IMAGENET_XCEPTION_NORMALIZATION: Normalization = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

export const IMAGENET_DIR_DEFAULT = join(import.meta.dirname, '..', '..', 'shared', 'weights', 'xception-imagenet');

const BN_KEYS: [string, string][] = [
  ['gamma', 'gamma'],
  ['beta', 'beta'],
  ['moving_mean', 'movingMean'],
  ['moving_variance', 'movingVar'],
];

/** Our separable conv (dw + pw) and its batch norm from a Keras `blockK_sepconvJ`. */
function sepconv(keras: string, ours: string, oursBn: string): [string, string][] {
  return [
    [`${keras}/depthwise_kernel`, `${ours}.dw.weight`],
    [`${keras}/pointwise_kernel`, `${ours}.pw.weight`],
    ...BN_KEYS.map(([k, o]): [string, string] => [`${keras}_bn/${k}`, `${oursBn}.${o}`]),
  ];
}

function bn(keras: string, ours: string): [string, string][] {
  return BN_KEYS.map(([k, o]) => [`${keras}/${k}`, `${ours}.${o}`]);
}

/** [Keras name, our name] for every tensor of Xception(include_top=False), in network order. */
export function kerasToOursTable(middleBlocks = 8): [string, string][] {
  const t: [string, string][] = [
    ['block1_conv1/kernel', 'conv1.weight'],
    ...bn('block1_conv1_bn', 'bn1'),
    ['block1_conv2/kernel', 'conv2.weight'],
    ...bn('block1_conv2_bn', 'bn2'),
  ];
  // Entry flow: Keras blocks 2-4 are our block1-3; their residual 1x1 convs are conv2d_1..3.
  for (let k = 2; k <= 4; k++) {
    const ours = `block${k - 1}`;
    t.push(...sepconv(`block${k}_sepconv1`, `${ours}.sep0`, `${ours}.bn0`), ...sepconv(`block${k}_sepconv2`, `${ours}.sep1`, `${ours}.bn1`));
    t.push([`conv2d_${k - 1}/kernel`, `${ours}.skip.weight`], ...bn(`batch_normalization_${k - 1}`, `${ours}.skipbn`));
  }
  for (let m = 0; m < middleBlocks; m++) {
    for (let j = 1; j <= 3; j++) t.push(...sepconv(`block${m + 5}_sepconv${j}`, `middle${m}.sep${j - 1}`, `middle${m}.bn${j - 1}`));
  }
  const b13 = 5 + middleBlocks;
  t.push(...sepconv(`block${b13}_sepconv1`, 'exit.sep0', 'exit.bn0'), ...sepconv(`block${b13}_sepconv2`, 'exit.sep1', 'exit.bn1'));
  t.push(['conv2d_4/kernel', 'exit.skip.weight'], ...bn('batch_normalization_4', 'exit.skipbn'));
  t.push(...sepconv(`block${b13 + 1}_sepconv1`, 'conv3', 'bn3'), ...sepconv(`block${b13 + 1}_sepconv2`, 'conv4', 'bn4'));
  return t;
}

export interface KerasWeightsIndex {
  dtype: string;
  byteOrder: string;
  sha256: string;
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
  missing: string[][];
}

export interface ImagenetWeights {
  /** Keras name -> float32 tensor (the caller disposes). */
  tensors: Record<string, tf.Tensor>;
  /** Keras names listed as missing from the file. */
  missing: string[];
  sha256: string;
}

/** float16 bits -> float32 (exact; the file holds finite values, but Inf/NaN are kept too). */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Read the float16 file, check its SHA-256 against the index, and expand to float32 tensors. */
export function readImagenetWeights(dir = IMAGENET_DIR_DEFAULT): ImagenetWeights {
  const index = JSON.parse(readFileSync(join(dir, 'xception-imagenet.json'), 'utf8')) as KerasWeightsIndex;
  if (index.dtype !== 'float16' || index.byteOrder !== 'little') throw new Error(`xception-imagenet.json: expected little-endian float16, got ${index.byteOrder} ${index.dtype}`);
  const bin = readFileSync(join(dir, 'xception-imagenet.f16.bin'));
  const sha = createHash('sha256').update(bin).digest('hex');
  if (sha !== index.sha256) throw new Error(`xception-imagenet.f16.bin: SHA-256 ${sha} differs from the index's ${index.sha256}`);
  // A table of all 65,536 half values: 16 M lookups instead of 16 M decodes.
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) table[h] = halfToFloat(h);
  const halves = new Uint16Array(bin.buffer, bin.byteOffset, bin.byteLength >> 1);
  const tensors: Record<string, tf.Tensor> = {};
  for (const t of index.tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (t.length !== n * 2 || t.offset % 2 !== 0) throw new Error(`${t.name}: ${t.length} bytes at ${t.offset} for shape [${t.shape.join(',')}]`);
    const out = new Float32Array(n);
    for (let i = 0, o = t.offset >> 1; i < n; i++) out[i] = table[halves[o + i]!]!;
    tensors[t.name] = tf.tensor(out, t.shape);
  }
  return { tensors, missing: index.missing.flat(), sha256: sha };
}

export interface ImportReport {
  /** Our weight names set from the file. */
  loaded: string[];
  /** Our weight names that are listed missing in the file and keep their fresh initialisation. */
  fresh: string[];
  /** Keras tensors of the file not used (the classifier top of the source model, if any). */
  unused: string[];
}

/**
 * Copy the ImageNet weights into `model` (an Xception backbone at width 1). Every table entry must
 * exist on both sides with the same shape, or be listed missing in the file; every backbone weight
 * of the model must be covered by the table. Heads (`fc.*`, `attention.*`) are left as they are.
 */
export function importImagenetXception(model: Model, weights: ImagenetWeights): ImportReport {
  const middle = model.archConfig.middleBlocks ?? 8;
  // A backbone that ends at block 13 (archConfig.block14 false) takes no block-14 tensors.
  const tail = /^(conv3|bn3|conv4|bn4)\./;
  const table = kerasToOursTable(middle).filter(([, o]) => model.archConfig.block14 !== false || !tail.test(o));
  const ours = model.namedWeights();
  const isHead = (n: string) => n.startsWith('fc.') || n.startsWith('attention.');
  const mapped = new Set(table.map(([, o]) => o));
  const uncovered = Object.keys(ours).filter((n) => !isHead(n) && !mapped.has(n));
  if (uncovered.length) throw new Error(`no Keras tensor maps to ${uncovered.length} weights of the model, e.g. ${uncovered.slice(0, 3).join(', ')}`);
  const missing = new Set(weights.missing);
  const loaded: string[] = [];
  const fresh: string[] = [];
  const values: Record<string, tf.Tensor> = {};
  for (const [k, o] of table) {
    const target = ours[o];
    if (!target) throw new Error(`table maps ${k} to "${o}", which the model does not have`);
    const src = weights.tensors[k];
    if (!src) {
      if (!missing.has(k)) throw new Error(`Keras tensor ${k} is neither in the file nor listed missing`);
      fresh.push(o);
      continue;
    }
    if (!tf.util.arraysEqual(src.shape, target.shape)) throw new Error(`${k} has shape [${src.shape.join(',')}], ${o} expects [${target.shape.join(',')}]`);
    values[o] = src;
    loaded.push(o);
  }
  // Assigned only once every entry has checked out, so a failed import leaves the model as it was.
  for (const [o, v] of Object.entries(values)) (ours[o] as tf.Variable).assign(v);
  const used = new Set(table.map(([k]) => k));
  return { loaded, fresh, unused: Object.keys(weights.tensors).filter((k) => !used.has(k)) };
}
