import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resizeCrops } from './resize-crops';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('resizeCrops', () => {
  it('resizes to the input side and keeps a constant image constant', () => {
    const crops = tf.fill([2, 320, 320, 3], 77) as tf.Tensor4D;
    const out = resizeCrops(crops, 96);
    expect(out.shape).toEqual([2, 96, 96, 3]);
    const [lo, hi] = tf.tidy(() => [out.min().dataSync()[0], out.max().dataSync()[0]]);
    expect(lo).toBeCloseTo(77, 3);
    expect(hi).toBeCloseTo(77, 3);
    tf.dispose([crops, out]);
  });
});
