import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../src/models/arch/index';
import { setupBackend } from './backend';
async function main() {
  await setupBackend('wasm');
  const m = buildModel('xception', { inputSize: 160, widthMultiplier: 1, middleBlocks: 8, block14: false });
  const vars = Object.entries(m.params).filter(([n]) => n.startsWith('exit') || n.startsWith('fc')).map(([, v]) => v);
  const bb = 32;
  const fx = tf.randomNormal([bb, 10, 10, 728]) as tf.Tensor4D;
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: bb }, (_, i) => i % 2), 'int32'), 2);
  for (let r = 0; r < 4; r++) {
    const t = performance.now();
    const prof = await tf.profile(async () => {
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, m.apply(fx, { training: true, after: 'middle7' }).logits) as tf.Scalar, vars);
      await value.data(); tf.dispose([value, ...Object.values(grads)]);
    });
    console.log('block13 train step', ((performance.now() - t) / bb).toFixed(1), 'ms/img');
    if (r === 3) {
      const agg: Record<string, number> = {};
      for (const k of prof.kernels) agg[k.name] = (agg[k.name] ?? 0) + (k.kernelTimeMs as number);
      console.log(Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 12));
    }
  }
}
main().catch((e) => { console.error('ERR', e); process.exit(1); });
