import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from './losses';

describe('losses', () => {
  it('cross-entropy of equal logits is ln 2 and falls when the right logit grows', () => {
    const y = tf.tensor1d([0, 1], 'int32');
    expect(crossEntropy(tf.zeros([2, 2]), y).arraySync()).toBeCloseTo(Math.LN2, 6);
    expect(crossEntropy(tf.tensor2d([[2, 0], [0, 2]]), y).arraySync()).toBeLessThan(0.2);
  });
});
