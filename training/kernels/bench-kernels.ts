// Speed of the wasm training kernels: stock tfjs-backend-wasm (or the cpu backend where wasm has no
// kernel) vs registerWasmTrainingKernels(). Shapes are those of the 'cpu' configs (batch 8 by default: the cpu-backend baselines are slow).
// Run: nice -n 10 npx tsx training/kernels/bench-kernels.ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './index';

type Case = { label: string; kernel: string; inputs: () => Record<string, tf.Tensor>; attrs: Record<string, unknown> };

const B = Number(process.env.BATCH ?? 8);
const rnd = (shape: number[]) => tf.randomNormal(shape, 0, 1, 'float32', 1);
const CASES: Case[] = [
  { label: 'conv 1x1 88->88 @24x24', kernel: 'Conv2DBackpropInput', inputs: () => ({ dy: rnd([B, 24, 24, 88]), filter: rnd([1, 1, 88, 88]) }), attrs: { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [B, 24, 24, 88] } },
  { label: 'conv 3x3/2 3->8 @96', kernel: 'Conv2DBackpropInput', inputs: () => ({ dy: rnd([B, 47, 47, 8]), filter: rnd([3, 3, 3, 8]) }), attrs: { strides: 2, pad: 'valid', dataFormat: 'NHWC', inputShape: [B, 96, 96, 3] } },
  { label: 'conv 1x1 88->88 @24x24', kernel: 'Conv2DBackpropFilter', inputs: () => ({ x: rnd([B, 24, 24, 88]), dy: rnd([B, 24, 24, 88]) }), attrs: { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [1, 1, 88, 88] } },
  { label: 'conv 3x3/2 3->8 @96', kernel: 'Conv2DBackpropFilter', inputs: () => ({ x: rnd([B, 96, 96, 3]), dy: rnd([B, 47, 47, 8]) }), attrs: { strides: 2, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 3, 8] } },
  { label: 'dw 3x3 c88 @24x24', kernel: 'DepthwiseConv2dNativeBackpropFilter', inputs: () => ({ x: rnd([B, 24, 24, 88]), dy: rnd([B, 24, 24, 88]) }), attrs: { strides: 1, pad: 'same', dilations: 1, filterShape: [3, 3, 88, 1] } },
  { label: 'dw 5x5/2 c48 @48x48', kernel: 'DepthwiseConv2dNativeBackpropFilter', inputs: () => ({ x: rnd([B, 48, 48, 48]), dy: rnd([B, 24, 24, 48]) }), attrs: { strides: 2, pad: 'same', dilations: 1, filterShape: [5, 5, 48, 1] } },
  { label: 'dw 3x3 c88 @24x24', kernel: 'DepthwiseConv2dNativeBackpropInput', inputs: () => ({ dy: rnd([B, 24, 24, 88]), filter: rnd([3, 3, 88, 1]) }), attrs: { strides: 1, pad: 'same', dilations: 1, inputShape: [B, 24, 24, 88] } },
  { label: 'dw 5x5/2 c48 @48x48', kernel: 'DepthwiseConv2dNativeBackpropInput', inputs: () => ({ dy: rnd([B, 24, 24, 48]), filter: rnd([5, 5, 48, 1]) }), attrs: { strides: 2, pad: 'same', dilations: 1, inputShape: [B, 48, 48, 48] } },
  { label: 'maxpool 3x3/2 c16 @47', kernel: 'MaxPoolGrad', inputs: () => { const input = rnd([B, 47, 47, 16]); const output = tf.maxPool(input as tf.Tensor4D, 3, 2, 'same'); return { dy: rnd(output.shape), input, output }; }, attrs: { filterSize: 3, strides: 2, pad: 'same' } },
  { label: 'matmul A^T [1,88,18432]^T x [1,88,88]', kernel: 'BatchMatMul', inputs: () => ({ a: rnd([1, 88, 18432]), b: rnd([1, 88, 88]) }), attrs: { transposeA: true, transposeB: false } },
  { label: 'matmul B^T [32,64,256] x [32,64,256]^T', kernel: 'BatchMatMul', inputs: () => ({ a: rnd([32, 64, 256]), b: rnd([32, 64, 256]) }), attrs: { transposeA: false, transposeB: true } },
];

function time(c: Case, reps: number): number {
  const inputs = c.inputs();
  // No readback: wasm and cpu kernels run synchronously, and a large dataSync() on wasm costs
  // hundreds of ms in Node (it allocates a fresh ArrayBuffer; measured 440 ms for 650 KB under load).
  const run = () => tf.tidy(() => {
    tf.engine().runKernel(c.kernel, inputs, c.attrs as unknown as tf.NamedAttrMap);
  });
  run();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  tf.dispose(Object.values(inputs));
  return best;
}

// The machine is shared: stock and ours are measured alternately, best of 3 each.
await tf.setBackend('wasm');
await tf.ready();
const names = [...new Set(CASES.map((c) => c.kernel))];
const stock = new Map(names.map((n) => [n, tf.getKernel(n, 'wasm')]));
registerWasmTrainingKernels();
const ours = new Map(names.map((n) => [n, tf.getKernel(n, 'wasm')!]));
const use = (name: string, cfg: tf.KernelConfig | undefined) => {
  if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
  if (cfg) tf.registerKernel(cfg);
};
console.log('kernel | shape | baseline | ours | speed-up');
for (const c of CASES) {
  let base: { where: string; ms: number };
  let mine = Infinity;
  if (stock.get(c.kernel)) {
    let b = Infinity;
    for (let r = 0; r < 3; r++) {
      use(c.kernel, stock.get(c.kernel));
      b = Math.min(b, time(c, 1));
      use(c.kernel, ours.get(c.kernel));
      mine = Math.min(mine, time(c, 1));
    }
    base = { where: 'wasm stock', ms: b };
  } else {
    await tf.setBackend('cpu');
    base = { where: 'cpu backend', ms: time(c, 1) };
    await tf.setBackend('wasm');
    mine = time(c, 3);
  }
  console.log(`${c.kernel} | ${c.label} | ${base.where} ${base.ms.toFixed(1)} ms | ${mine.toFixed(1)} ms | x${(base.ms / mine).toFixed(1)}`);
}
