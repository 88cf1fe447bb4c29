// The ImageNet import must fail loudly when it is wrong. Three checks:
// 1. coverage: every tensor of the file lands in a weight of the same shape, the only fresh weights
//    are the four kernels the file lacks, and nothing is left over;
// 2. statistics on real face crops: the per-channel batch mean entering batch-norm layers early,
//    in the middle and late agrees with that layer's ImageNet moving mean (a transposed or misplaced
//    kernel upstream breaks the agreement; the test shows that it does);
// 3. the Keras reference network (keras-topology.json built by tfjs-layers, same weights, same
//    values for the missing kernels) gives the same 2048-d output as ours.
// Needs ../shared/weights/xception-imagenet (and ../shared/data/dfdc-faces for 2); skipped without.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, type Model } from '../src/models/arch/index';
import { setupBackend } from './backend';
import { decodeJpeg } from './decode-jpeg';
import { DATA_CONFIG } from './data-config';
import { IMAGENET_DIR_DEFAULT, halfToFloat, importImagenetXception, kerasToOursTable, readImagenetWeights, type ImagenetWeights, type ImportReport } from './imagenet-xception';

const HAVE_WEIGHTS = existsSync(join(IMAGENET_DIR_DEFAULT, 'xception-imagenet.f16.bin'));
const FACES = join(DATA_CONFIG.dataDir, 'faces_224');
const HAVE_FACES = existsSync(FACES);
if (!HAVE_WEIGHTS) console.warn(`imagenet-xception tests skipped: ${IMAGENET_DIR_DEFAULT} is absent (../shared/weights is not in this repository)`);
if (HAVE_WEIGHTS && !HAVE_FACES) console.warn(`imagenet-xception batch-norm statistics test skipped: ${FACES} is absent`);

/** Pearson correlation of two equal-length vectors. */
function correlation(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('halfToFloat', () => {
  it('decodes normal, subnormal, zero and infinite float16 values', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x0000)).toBe(0);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.33325, 5);
  });
});

describe('kerasToOursTable', () => {
  it('maps distinct Keras names to distinct names of ours', () => {
    const t = kerasToOursTable(8);
    expect(new Set(t.map(([k]) => k)).size).toBe(t.length);
    expect(new Set(t.map(([, o]) => o)).size).toBe(t.length);
    expect(t).toContainEqual(['block13_sepconv2_bn/moving_mean', 'exit.bn1.movingMean']);
    expect(t).toContainEqual(['conv2d_1/kernel', 'block1.skip.weight']);
    expect(t).toContainEqual(['block12_sepconv3/pointwise_kernel', 'middle7.sep2.pw.weight']);
  });
});

describe.skipIf(!HAVE_WEIGHTS)('ImageNet Xception import', () => {
  let weights: ImagenetWeights;
  let model: Model;
  let report: ImportReport;
  const SIZE = 128;

  beforeAll(async () => {
    await setupBackend('wasm');
    weights = readImagenetWeights();
    model = buildModel('xception', { inputSize: SIZE, widthMultiplier: 1, middleBlocks: 8 }, 7);
    report = importImagenetXception(model, weights);
  }, 120_000);

  it('maps every tensor of the file onto a weight of the same shape; only the four missing kernels stay fresh', () => {
    expect(report.loaded).toHaveLength(230);
    expect(report.fresh.sort()).toEqual(['conv3.dw.weight', 'conv3.pw.weight', 'conv4.dw.weight', 'conv4.pw.weight']);
    expect(report.unused).toEqual([]);
    const w = model.namedWeights();
    expect(Array.from(w['exit.bn1.movingMean']!.dataSync().slice(0, 3))).toEqual(Array.from(weights.tensors['block13_sepconv2_bn/moving_mean']!.dataSync().slice(0, 3)));
  });

  it('refuses a file whose tensor has the wrong shape', () => {
    const other = buildModel('xception', { inputSize: SIZE, widthMultiplier: 1, middleBlocks: 8 }, 7);
    const bad = { ...weights, tensors: { ...weights.tensors, 'block2_sepconv1/pointwise_kernel': tf.zeros([1, 1, 64, 64]) } };
    expect(() => importImagenetXception(other, bad)).toThrow('block2_sepconv1/pointwise_kernel has shape [1,1,64,64], block1.sep0.pw.weight expects [1,1,64,128]');
    other.dispose();
  });

  describe.skipIf(!HAVE_FACES)('on real face crops', () => {
    /** Batch mean over b,h,w of what enters batch norm `bn` of the model, on the image batch x. */
    function meanIntoBn(m: Model, x: tf.Tensor4D, bn: 'bn1' | 'middle3.bn0' | 'exit.bn0' | 'block2.bn1'): Float32Array {
      return tf.tidy(() => {
        const w = m.namedWeights();
        const sep = (h: tf.Tensor4D, p: string) => tf.conv2d(tf.depthwiseConv2d(h, w[`${p}.dw.weight`] as tf.Tensor4D, 1, 'same'), w[`${p}.pw.weight`] as tf.Tensor4D, 1, 'valid');
        let pre: tf.Tensor4D;
        if (bn === 'bn1') pre = tf.conv2d(x, w['conv1.weight'] as tf.Tensor4D, 2, 'valid');
        else if (bn === 'block2.bn1') {
          // second unit of block2: relu -> sep0 -> bn0 -> relu -> sep1 (input = block1's output)
          const bn0 = (h: tf.Tensor4D) => tf.batchNorm(h, w['block2.bn0.movingMean']!, w['block2.bn0.movingVar']!, w['block2.bn0.beta']!, w['block2.bn0.gamma']!, 1e-3) as tf.Tensor4D;
          pre = sep(tf.relu(bn0(sep(tf.relu(m.forwardTo(x, 'block1')), 'block2.sep0'))), 'block2.sep1');
        } else {
          const stage = bn.split('.')[0]!;
          pre = sep(tf.relu(m.forwardTo(x, stage === 'exit' ? 'middle7' : 'middle2')), `${stage}.sep0`);
        }
        return tf.mean(pre, [0, 1, 2]).dataSync() as Float32Array;
      });
    }

    function faceBatch(n: number): tf.Tensor4D {
      const files = readdirSync(FACES).sort().slice(0, n);
      return tf.tidy(() => {
        const imgs = files.map((f) => tf.image.resizeBilinear(decodeJpeg(readFileSync(join(FACES, f))) as tf.Tensor3D, [SIZE, SIZE], true));
        return tf.sub(tf.div(tf.stack(imgs), 127.5), 1) as tf.Tensor4D;
      });
    }

    it('agrees with ImageNet moving means early, in the middle and late; a swapped kernel breaks it', () => {
      const x = faceBatch(16);
      const layers = ['bn1', 'block2.bn1', 'middle3.bn0', 'exit.bn0'] as const;
      const r: Record<string, number> = {};
      for (const bn of layers) {
        const batchMean = meanIntoBn(model, x, bn);
        r[bn] = correlation(batchMean, model.namedWeights()[`${bn}.movingMean`]!.dataSync() as Float32Array);
      }
      // Measured (16 crops at 128 px): correlation 0.94, 0.93, 0.86, 0.56 from early to late; the
      // late layer sees face crops far from ImageNet's statistics, hence its lower bound.
      const floor: Record<(typeof layers)[number], number> = { bn1: 0.8, 'block2.bn1': 0.8, 'middle3.bn0': 0.7, 'exit.bn0': 0.4 };
      for (const bn of layers) expect(r[bn], `${bn}: correlation of batch mean and moving mean`).toBeGreaterThan(floor[bn]);

      // A kernel fed the wrong channel order (BGR input, in/out transposed) or loaded into the wrong
      // block breaks the agreement at the batch norm right after it (measured: -0.38, 0.00, 0.01, 0.01).
      // Height/width swaps leave channel means unchanged: the Keras reference test below catches those.
      const w0 = model.namedWeights();
      const breaks: [string, (v: tf.Variable) => tf.Tensor, (typeof layers)[number]][] = [
        ['conv1.weight', (v) => tf.reverse(v, 2), 'bn1'],
        ['block2.sep1.pw.weight', (v) => tf.transpose(v, [0, 1, 3, 2]), 'block2.bn1'],
        ['middle3.sep0.pw.weight', () => w0['middle4.sep0.pw.weight']!, 'middle3.bn0'],
        ['exit.sep0.pw.weight', (v) => tf.transpose(v, [0, 1, 3, 2]), 'exit.bn0'],
      ];
      const broken = buildModel('xception', { inputSize: SIZE, widthMultiplier: 1, middleBlocks: 8 }, 7);
      for (const [name, f, bn] of breaks) {
        importImagenetXception(broken, weights);
        const v = broken.params[name]!;
        v.assign(f(v));
        const after = correlation(meanIntoBn(broken, x, bn), broken.namedWeights()[`${bn}.movingMean`]!.dataSync() as Float32Array);
        expect(after, `${name} broken, at ${bn}`).toBeLessThan(0.3);
      }
      broken.dispose();
      x.dispose();
    });
  });

  it('matches the Keras reference network built from keras-topology.json', async () => {
    const topology = JSON.parse(readFileSync(join(IMAGENET_DIR_DEFAULT, 'keras-topology.json'), 'utf8'));
    const keras = await tf.models.modelFromJSON(topology.modelTopology ?? topology);
    const ours = model.namedWeights();
    const table = new Map(kerasToOursTable(8));
    // Every Keras weight gets the file's value, or (the four missing kernels) the same fresh value ours has.
    for (const layer of keras.layers) {
      const ws = layer.weights;
      if (ws.length === 0) continue;
      const vals = ws.map((v) => {
        const key = v.originalName.replace(/:0$/, '');
        const k = key.includes('/') ? key.slice(key.indexOf(layer.name)) : key;
        const src = weights.tensors[k] ?? ours[table.get(k) ?? ''];
        if (!src) throw new Error(`no value for Keras weight ${k}`);
        return src;
      });
      layer.setWeights(vals);
    }
    const x = tf.randomUniform([2, 96, 96, 3], -1, 1, 'float32', 11) as tf.Tensor4D;
    const ref = keras.predict(x) as tf.Tensor2D;
    const feat = tf.tidy(() => tf.mean(model.forwardTo(x), [1, 2]));
    const diff = tf.max(tf.abs(tf.sub(feat, ref))).dataSync()[0]!;
    const scale = tf.max(tf.abs(ref)).dataSync()[0]!;
    expect(ref.shape).toEqual([2, 2048]);
    expect(diff / scale).toBeLessThan(1e-4);
    keras.dispose();
  });
});
