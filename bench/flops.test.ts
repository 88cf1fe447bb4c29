import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { countFlops, kernelFlops } from './flops';

describe('kernelFlops', () => {
  it('counts convolutions, depthwise convolutions and matrix products', () => {
    expect(kernelFlops({ name: 'Conv2D', inputShapes: [[1, 8, 8, 3], [3, 3, 3, 16]], outputShapes: [[1, 8, 8, 16]] })).toBe(2 * 8 * 8 * 16 * 27);
    expect(kernelFlops({ name: 'DepthwiseConv2dNative', inputShapes: [[1, 8, 8, 4], [3, 3, 4, 1]], outputShapes: [[1, 8, 8, 4]] })).toBe(2 * 256 * 9);
    expect(kernelFlops({ name: '_FusedMatMul', inputShapes: [[1, 10], [10, 2]], outputShapes: [[1, 2]] })).toBe(2 * 2 * 10);
    expect(kernelFlops({ name: 'Relu', inputShapes: [[1, 10]], outputShapes: [[1, 10]] })).toBe(0);
    expect(kernelFlops({ name: 'Conv2D', inputShapes: [undefined], outputShapes: [] })).toBe(0);
  });
  it('agrees with what tf.profile reports for a real convolution and dense layer', async () => {
    await tf.setBackend('cpu');
    const x = tf.ones([1, 16, 16, 3]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 3, 8]) as tf.Tensor4D;
    const d = tf.ones([16 * 16 * 8, 2]) as tf.Tensor2D;
    const info = await tf.profile(() => tf.matMul(tf.reshape(tf.conv2d(x, w, 1, 'same'), [1, -1]), d));
    const flops = countFlops(info.kernels as never);
    expect(flops).toBe(2 * 16 * 16 * 8 * 27 + 2 * 2 * 16 * 16 * 8);
    tf.dispose([x, w, d]);
  });
});
