// Training-step throughput (forward + backward of a softmax cross-entropy, BN in training mode) of
// one architecture on wasm with the fast kernels. Best of 3 steps after a warm-up.
// Run: nice -n 10 npx tsx training/kernels/bench-step.ts [arch=xception] [batch=32] [inputSize=cpu config] [--profile]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildModel, registry } from '../../src/models/arch/index';
import type { Architecture } from '../../src/models/types';
import { parseFlags } from '../args';
import { registerWasmTrainingKernels } from './index';

const { values: flags, positionals: args } = parseFlags(process.argv.slice(2), { profile: { type: 'boolean' } }, 'npx tsx training/kernels/bench-step.ts [arch=xception] [batch=32] [inputSize=cpu config] [--profile]', true);
const arch = (args[0] ?? 'xception') as Architecture;
if (!(arch in registry)) throw new Error(`unknown architecture "${arch}" (known: ${Object.keys(registry).join(', ')})`);
const batch = Number(args[1] ?? 32);
const cfg = { ...registry[arch].cpu, ...(args[2] ? { inputSize: Number(args[2]) } : {}) };

registerWasmTrainingKernels();
await tf.setBackend('wasm');
await tf.ready();
const model = buildModel(arch, cfg, 1);
const x = tf.randomNormal([batch, cfg.inputSize, cfg.inputSize, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 2), 'int32'), 2);
const step = () => {
  const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true, dropoutSeed: 1 }).logits) as tf.Scalar, Object.values(model.params));
  value.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
};
step();
let best = Infinity;
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  step();
  best = Math.min(best, performance.now() - t);
}
console.log(`${arch} ${JSON.stringify(cfg)} batch ${batch}: ${best.toFixed(0)} ms/step, ${((batch / best) * 1000).toFixed(1)} img/s`);
if (flags.profile) {
  const p = await tf.profile(() => step());
  const byName = new Map<string, number>();
  for (const k of p.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  console.log([...byName].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', '));
}
