import * as tf from '@tensorflow/tfjs';
import { buildModel, registry } from '../../src/models/arch/index';
const backend = process.argv[2] ?? 'cpu';
const arch = (process.argv[3] ?? 'xception') as keyof typeof registry;
const bs = Number(process.argv[4] ?? 8);
if (backend === 'wasm') { await import('@tensorflow/tfjs-backend-wasm'); if (process.argv[5]) { const k = await import('./index'); k.registerWasmTrainingKernels(); } }
await tf.setBackend(backend); await tf.ready();
const cfg = { ...registry[arch].cpu, ...(process.env.CFG ? JSON.parse(process.env.CFG) : {}) };
const m = buildModel(arch, cfg);
const x = tf.randomNormal([bs, cfg.inputSize, cfg.inputSize, 3]) as tf.Tensor4D;
const y = tf.oneHot(tf.tensor1d(Array.from({length: bs}, (_, i) => i % 2),'int32'), 2);
const step = () => { const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true }).logits) as tf.Scalar, Object.values(m.params)); const s = value.dataSync()[0]; tf.dispose(grads); value.dispose(); return s; };
step();
let t = Date.now(); const fw = tf.tidy(() => m.apply(x, {training: false}).logits.dataSync()); const tfwd = Date.now() - t;
t = Date.now(); step(); const tstep = Date.now() - t;
console.log(backend, arch, JSON.stringify(cfg), 'bs', bs, 'fwd ms', tfwd, 'step ms', tstep, 'img/s', (bs / tstep * 1000).toFixed(1), fw.length);
if (process.env.PROF) {
  const p = await tf.profile(() => { step(); });
  const agg = new Map<string, number>();
  for (const k of p.kernels) agg.set(k.name, (agg.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  const mm = new Map<string, number>();
  for (const k of p.kernels) if (k.name === (process.env.KNAME ?? 'BatchMatMul')) { const key = k.inputShapes.map((s) => `[${s}]`).join('x'); mm.set(key, (mm.get(key) ?? 0) + (k.kernelTimeMs as number)); }
  console.log([...mm.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k}:${v.toFixed(0)}`).join(' '));
  console.log([...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k}:${v.toFixed(0)}`).join(' '));
}
