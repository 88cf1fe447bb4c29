import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './index';
registerWasmTrainingKernels();
await tf.setBackend('wasm'); await tf.ready();
const T = (name: string, f: () => tf.Tensor) => { tf.tidy(() => f().dataSync()); let best = 1e9; for (let i = 0; i < 5; i++) { const t = performance.now(); tf.tidy(() => f().dataSync()); best = Math.min(best, performance.now() - t); } console.log(name, best.toFixed(2), 'ms'); };
for (const [b, h, c] of [[32, 6, 88], [32, 45, 16], [32, 23, 32]]) {
  const x = tf.randomNormal([b, h, h, c]) as tf.Tensor4D; const dy = tf.randomNormal([b, h, h, c]) as tf.Tensor4D;
  T(`dwBpFilter ${[b,h,h,c]}`, () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dilations: 1, filterShape: [3, 3, c, 1] } as unknown as tf.NamedAttrMap) as tf.Tensor);
  T(`mul same ${[b,h,h,c]}`, () => tf.mul(x, dy));
  T(`dw fwd ${[b,h,h,c]}`, () => tf.depthwiseConv2d(x, tf.ones([3,3,c,1]) as tf.Tensor4D, 1, 'same'));
}
