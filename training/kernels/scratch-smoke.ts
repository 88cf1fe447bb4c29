import * as tf from '@tensorflow/tfjs';
import { buildModel, registry } from '../../src/models/arch/index';
const backend = process.argv[2] ?? 'cpu';
if (backend === 'wasm') { await import('@tensorflow/tfjs-backend-wasm'); }
await tf.setBackend(backend); await tf.ready();
for (const arch of Object.keys(registry) as (keyof typeof registry)[]) {
  const cfg = { ...registry[arch].cpu };
  const m = buildModel(arch, cfg);
  const n = Object.values(m.params).reduce((a, v) => a + v.size, 0);
  const b = 8;
  const x = tf.randomNormal([b, cfg.inputSize, cfg.inputSize, 3]) as tf.Tensor4D;
  const y = tf.oneHot(tf.tensor1d([0,1,0,1,0,1,0,1],'int32'), 2);
  const step = () => { const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true }).logits) as tf.Scalar, Object.values(m.params)); const s = value.dataSync()[0]; tf.dispose(grads); value.dispose(); return s; };
  let t = Date.now(); step(); const first = Date.now() - t;
  t = Date.now(); step(); step(); const per = (Date.now() - t) / 2;
  const fx = m.apply(x, { training: false }); const fshape = fx.logits.shape; tf.dispose(fx);
  console.log(arch, 'params', n, 'first', first, 'ms step', per, 'ms', 'img/s', (b / per * 1000).toFixed(1), fshape);
  m.dispose();
}
