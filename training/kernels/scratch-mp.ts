import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './index';
if (process.argv[2]) registerWasmTrainingKernels();
const f = async (backend: string, shape: number[], pad: 'same'|'valid', k: number, s: number) => { await tf.setBackend(backend); return tf.tidy(() => { const x = tf.randomNormal(shape, 0, 1, 'float32', 1) as tf.Tensor4D; const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, k, s, pad), tf.randomNormal(tf.maxPool(x, k, s, pad).shape, 0, 1, 'float32', 2))))(x); return g.dataSync(); }); };
for (const [shape, pad, k, s] of [[[2,3,3,4],'same',3,2],[[2,5,5,4],'same',3,2],[[2,4,4,4],'same',3,2],[[2,17,17,4],'same',3,2],[[2,9,9,4],'valid',3,2],[[1,6,6,1],'same',3,2],[[2,6,6,3],'same',2,2],[[2,7,7,3],'same',3,1]] as [number[], 'same'|'valid', number, number][]) {
  const a = await f('cpu', shape, pad, k, s), b = await f('wasm', shape, pad, k, s); let w = 0; for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!)); console.log(shape, pad, k, s, w);
}
