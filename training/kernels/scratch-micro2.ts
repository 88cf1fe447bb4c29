import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
const T = (name: string, f: () => tf.Tensor | tf.Tensor[]) => { tf.dispose(f()); const t = performance.now(); for (let i = 0; i < 3; i++) tf.dispose(f()); console.log(name, ((performance.now() - t) / 3).toFixed(2), 'ms'); };
// depthwise filter grad via depthwise conv: x [1,50,50,16*48], filter dy [48,48,768,1] -> [1,3,3,768]
const xb = tf.randomNormal([1, 50, 50, 768]) as tf.Tensor4D; const dyb = tf.randomNormal([48, 48, 768, 1]) as tf.Tensor4D;
T('dw trick s1', () => tf.depthwiseConv2d(xb, dyb, 1, 'valid'));
const dyb2 = tf.randomNormal([24, 24, 768, 1]) as tf.Tensor4D;
T('dw trick s2 (dilated)', () => tf.depthwiseConv2d(xb, dyb2, 1, 'valid', 'NHWC', 2));
// conv filter grad trick: X' [ci=16, 50,50, b=16], filter [48,48,16,co=32] 
const xc = tf.randomNormal([16, 50, 50, 16]) as tf.Tensor4D; const fc = tf.randomNormal([48, 48, 16, 32]) as tf.Tensor4D;
T('conv trick s1', () => tf.conv2d(xc, fc, 1, 'valid'));
const fc2 = tf.randomNormal([24, 24, 16, 32]) as tf.Tensor4D;
T('conv trick s2 dil', () => tf.conv2d(xc, fc2, 1, 'valid', 'NHWC', 2));
const y = tf.randomNormal([16, 48, 48, 48]) as tf.Tensor4D;
T('transpose 6d', () => tf.transpose(tf.reshape(y, [16, 24, 2, 24, 2, 48]), [2, 4, 0, 1, 3, 5]));
T('transpose 5d', () => tf.transpose(tf.reshape(y, [16, 24, 2, 24, 96]), [2, 0, 1, 3, 4]));
T('maxPoolWithArgmax', () => { const r = tf.maxPoolWithArgmax(y, 3, 2, 'same'); return [r.result, r.indexes]; });
T('broadcast mul 6d', () => tf.mul(tf.reshape(tf.ones([16, 48]), [16, 1, 1, 48]), tf.ones([16, 48, 48, 48])));
