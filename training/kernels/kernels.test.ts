// Each fast wasm kernel against the cpu backend's reference implementation, over several
// shapes / strides / paddings, and a small model's gradients on wasm vs cpu.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEfficientNet } from '../../src/models/arch/efficientnet';
import { buildClassifierHead } from '../../src/models/arch/heads';
import { ParamStore } from '../../src/models/arch/layers';
import { buildXception } from '../../src/models/arch/xception';
import { registerWasmTrainingKernels } from './index';

type Pad = 'same' | 'valid';

async function onBackend<T>(backend: string, f: () => T): Promise<T> {
  await tf.setBackend(backend);
  return f();
}

/** Run one kernel on a backend with inputs given as plain arrays; returns the output values. */
async function runOn(backend: string, kernel: string, inputs: Record<string, { shape: number[]; values: Float32Array }>, attrs: Record<string, unknown>) {
  return onBackend(backend, () =>
    tf.tidy(() => {
      const ins = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape)]));
      const out = tf.engine().runKernel(kernel, ins, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
      return { shape: out.shape, values: out.dataSync() as Float32Array };
    }),
  );
}

function rand(shape: number[], seed: number) {
  return { shape, values: tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync() as Float32Array) };
}

function expectClose(a: Float32Array, b: Float32Array) {
  expect(a.length).toBe(b.length);
  let maxRef = 0;
  for (const v of b) maxRef = Math.max(maxRef, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst).toBeLessThanOrEqual(1e-4 * Math.max(1, maxRef));
}

function convOut(n: number, k: number, s: number, pad: Pad) {
  return pad === 'same' ? Math.ceil(n / s) : Math.ceil((n - k + 1) / s);
}

// [batch, h, w, cin, cout, k, stride, pad]
const CASES: [number, number, number, number, number, number, number, Pad][] = [
  [2, 9, 9, 3, 4, 3, 2, 'valid'],
  [2, 8, 8, 3, 5, 3, 1, 'valid'],
  [1, 10, 7, 4, 6, 3, 1, 'same'],
  [2, 10, 10, 4, 3, 5, 2, 'same'],
  [2, 7, 7, 5, 8, 1, 1, 'valid'],
  [2, 8, 8, 5, 8, 1, 2, 'valid'],
  [2, 9, 9, 6, 4, 1, 2, 'valid'],
  [1, 11, 11, 3, 2, 5, 1, 'same'],
  [3, 6, 6, 4, 4, 3, 2, 'same'],
];

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('wasm training kernels vs cpu', () => {
  it('Conv2DBackpropFilter and Conv2DBackpropInput', async () => {
    for (const [b, h, w, ci, co, k, s, pad] of CASES) {
      const oh = convOut(h, k, s, pad);
      const ow = convOut(w, k, s, pad);
      const x = rand([b, h, w, ci], 1);
      const dy = rand([b, oh, ow, co], 2);
      const filter = rand([k, k, ci, co], 3);
      const fAttrs = { strides: s, pad, dataFormat: 'NHWC', filterShape: [k, k, ci, co] };
      const ref = await runOn('cpu', 'Conv2DBackpropFilter', { x, dy }, fAttrs);
      const got = await runOn('wasm', 'Conv2DBackpropFilter', { x, dy }, fAttrs);
      expect(got.shape).toEqual([k, k, ci, co]);
      expectClose(got.values, ref.values);
      const iAttrs = { strides: s, pad, dataFormat: 'NHWC', inputShape: [b, h, w, ci] };
      const refI = await runOn('cpu', 'Conv2DBackpropInput', { dy, filter }, iAttrs);
      const gotI = await runOn('wasm', 'Conv2DBackpropInput', { dy, filter }, iAttrs);
      expect(gotI.shape).toEqual([b, h, w, ci]);
      expectClose(gotI.values, refI.values);
    }
  });

  it('DepthwiseConv2dNativeBackpropFilter and ...BackpropInput', async () => {
    for (const [b, h, w, c, , k, s, pad] of CASES) {
      const oh = convOut(h, k, s, pad);
      const ow = convOut(w, k, s, pad);
      const x = rand([b, h, w, c], 4);
      const dy = rand([b, oh, ow, c], 5);
      const filter = rand([k, k, c, 1], 6);
      const fAttrs = { strides: s, pad, dilations: 1, filterShape: [k, k, c, 1] };
      const ref = await runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, fAttrs);
      const got = await runOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, fAttrs);
      expect(got.shape).toEqual([k, k, c, 1]);
      expectClose(got.values, ref.values);
      const iAttrs = { strides: s, pad, dilations: 1, inputShape: [b, h, w, c] };
      const refI = await runOn('cpu', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, iAttrs);
      const gotI = await runOn('wasm', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, iAttrs);
      expect(gotI.shape).toEqual([b, h, w, c]);
      expectClose(gotI.values, refI.values);
    }
  });

  it('MaxPoolGrad (the stock wasm kernel is wrong for same padding)', async () => {
    const cases: [[number, number, number, number], Pad, number, number][] = [
      [[2, 3, 3, 4], 'same', 3, 2], [[2, 4, 4, 4], 'same', 3, 2], [[2, 17, 17, 4], 'same', 3, 2],
      [[2, 9, 9, 4], 'valid', 3, 2], [[2, 6, 6, 3], 'same', 2, 2], [[2, 7, 7, 3], 'same', 3, 1],
    ];
    for (const [shape, pad, k, s] of cases) {
      const grad = (backend: string) =>
        onBackend(backend, () =>
          tf.tidy(() => {
            const x = tf.randomNormal(shape as [number, number, number, number], 0, 1, 'float32', 1) as tf.Tensor4D;
            const outShape = tf.maxPool(x, k, s, pad).shape;
            const w = tf.randomNormal(outShape, 0, 1, 'float32', 2);
            return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, k, s, pad), w)))(x).dataSync() as Float32Array;
          }),
        );
      expectClose(await grad('wasm'), await grad('cpu'));
    }
  });

  it('BatchMatMul with transposed operands', async () => {
    for (const [ta, tb] of [[true, false], [false, true], [true, true], [false, false]] as const) {
      const a = rand(ta ? [3, 7, 5] : [3, 5, 7], 7);
      const bb = rand(tb ? [3, 4, 7] : [3, 7, 4], 8);
      const attrs = { transposeA: ta, transposeB: tb };
      const ref = await runOn('cpu', 'BatchMatMul', { a, b: bb }, attrs);
      const got = await runOn('wasm', 'BatchMatMul', { a, b: bb }, attrs);
      expect(got.shape).toEqual([3, 5, 4]);
      expectClose(got.values, ref.values);
    }
  });

  it('frees every intermediate', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 9, 9, 4]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 4, 1]) as tf.Tensor4D;
    const w2 = tf.randomNormal([3, 3, 4, 5]) as tf.Tensor4D;
    const f = () => tf.tidy(() => {
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.conv2d(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), c as tf.Tensor4D, 1, 'same')));
      tf.dispose(g([x, w, w2]));
    });
    f();
    const before = tf.memory() as tf.MemoryInfo & { numBytesInWASM?: number };
    f();
    const after = tf.memory() as tf.MemoryInfo & { numBytesInWASM?: number };
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    tf.dispose([x, w, w2]);
  });

  // Backbone gradients through BN batch statistics, depthwise, strided and 1x1 convolutions. The
  // classifier head keeps the loss well-conditioned (the WS-DAN signed sqrt has an unbounded slope at
  // 0 that amplifies float rounding), so the tolerance is relative to the largest gradient.
  for (const backbone of ['xception', 'efficientnet'] as const) {
    it(`a small ${backbone} classifier has the same gradients on wasm and cpu`, async () => {
      const grads = async (backend: string) =>
        onBackend(backend, () => {
          const ps = new ParamStore(3);
          const net = backbone === 'xception' ? buildXception(ps, { widthMultiplier: 0.05, middleBlocks: 1 }) : buildEfficientNet(ps, { widthMultiplier: 0.1, depthMultiplier: 0.3 });
          const head = buildClassifierHead(ps, net.features);
          const ctx = { training: true, updateStats: false, bnMomentum: 0.1 };
          const x = tf.randomNormal([2, 40, 40, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
          const w = tf.randomNormal([2, 2], 0, 1, 'float32', 12);
          const { value, grads: g } = tf.variableGrads(() => tf.sum(tf.mul(head(net.forwardFeatures(x, ctx), ctx).logits, w)) as tf.Scalar, Object.values(ps.params));
          const out = Object.keys(ps.params).map((n) => g[ps.params[n]!.name]!.dataSync() as Float32Array);
          tf.dispose([value, x, w, ...Object.values(ps.params), ...Object.values(ps.state)]);
          tf.dispose(g);
          return out;
        });
      const ref = await grads('cpu');
      const got = await grads('wasm');
      expect(got.length).toBe(ref.length);
      const maxRef = Math.max(...ref.map((r) => Math.max(...Array.from(r, Math.abs))));
      expect(maxRef).toBeGreaterThan(0);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) for (let j = 0; j < ref[i]!.length; j++) worst = Math.max(worst, Math.abs(ref[i]![j]! - got[i]![j]!));
      expect(worst / maxRef).toBeLessThan(1e-4);
    });
  }
});
