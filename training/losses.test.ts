import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { crossEntropy, centerLoss, updateCenters } from './losses';

describe('losses', () => {
  it('cross-entropy of equal logits is ln 2 and falls when the right logit grows', () => {
    const y = tf.tensor1d([0, 1], 'int32');
    expect(crossEntropy(tf.zeros([2, 2]), y).arraySync()).toBeCloseTo(Math.LN2, 6);
    expect(crossEntropy(tf.tensor2d([[2, 0], [0, 2]]), y).arraySync()).toBeLessThan(0.2);
  });

  it('center loss is the squared distance to the normalised class center, per sample', () => {
    const f = tf.tensor2d([[1, 0], [0, 1]]);
    const centers = tf.tensor2d([[2, 0], [0, 0]]); // class 1 center still at zero
    const y = tf.tensor1d([0, 1], 'int32');
    // sample 0 sits on normalize([2,0]) = [1,0]: 0; sample 1 vs [0,0]: 1 -> (0 + 1) / 2
    expect(centerLoss(f, centers, y).arraySync()).toBeCloseTo(0.5, 6);
  });

  it('centers move by beta toward the class mean feature; absent classes stay', () => {
    const centers = tf.tensor2d([[0, 0], [0, 3]]);
    const f = tf.tensor2d([[1, 0], [0, 1]]);
    const out = updateCenters(centers, f, tf.tensor1d([0, 0], 'int32'), 0.5).arraySync();
    expect(out[0]![0]).toBeCloseTo(0.25, 6);
    expect(out[0]![1]).toBeCloseTo(0.25, 6);
    expect(out[1]).toEqual([0, 3]);
  });
});
