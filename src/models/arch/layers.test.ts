// The hand-written gradients (training BN, squeeze-excitation scale, spatial mean) against autodiff of
// the plain formulas they replace.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormTrain, channelScale, roundChannels, spatialMean } from './layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / Math.max(1e-6, tf.max(tf.abs(b)).dataSync()[0]!));
}

describe('custom-gradient layers', () => {
  it('batchNormTrain: value and gradients (x, gamma, beta) match autodiff of the textbook formula', () => {
    const x = tf.add(tf.mul(tf.randomNormal([3, 5, 4, 6], 0, 1, 'float32', 1), 2), 0.5) as tf.Tensor4D;
    const gamma = tf.randomNormal([6], 1, 0.2, 'float32', 2) as tf.Tensor1D;
    const beta = tf.randomNormal([6], 0, 0.2, 'float32', 3) as tf.Tensor1D;
    const w = tf.randomNormal([3, 5, 4, 6], 0, 1, 'float32', 4);
    let stats: number[][] = [];
    const ours = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(batchNormTrain(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-3, (m, v) => (stats = [Array.from(m.dataSync()), Array.from(v.dataSync())])), w));
    const ref = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, [0, 1, 2]);
      return tf.sum(tf.mul(tf.add(tf.mul(tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, 1e-3))), g), b), w));
    };
    const go = tf.grads(ours)([x, gamma, beta]);
    const gr = tf.grads(ref)([x, gamma, beta]);
    expect(Math.abs(ours(x, gamma, beta).dataSync()[0]! - ref(x, gamma, beta).dataSync()[0]!)).toBeLessThan(1e-3);
    for (let i = 0; i < 3; i++) expect(maxRelDiff(go[i]!, gr[i]!)).toBeLessThan(1e-4);
    // The statistics handed out for the moving averages are the batch's (biased variance).
    const ref2 = tf.moments(x, [0, 1, 2]);
    expect(stats[0]!.map((v, i) => Math.abs(v - ref2.mean.dataSync()[i]!)).every((d) => d < 1e-5)).toBe(true);
    expect(stats[1]!.map((v, i) => Math.abs(v - ref2.variance.dataSync()[i]!)).every((d) => d < 1e-4)).toBe(true);
    // The x gradient is not trivially zero (it carries the batch-statistics paths).
    expect(tf.max(tf.abs(go[0]!)).dataSync()[0]).toBeGreaterThan(1e-3);
  });

  it('channelScale and spatialMean: values and gradients match the plain ops', () => {
    const x = tf.randomNormal([2, 3, 5, 4], 0, 1, 'float32', 5) as tf.Tensor4D;
    const g = tf.randomNormal([2, 4], 0, 1, 'float32', 6) as tf.Tensor2D;
    const w = tf.randomNormal([2, 3, 5, 4], 0, 1, 'float32', 7);
    const ours = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(channelScale(a as tf.Tensor4D, b as tf.Tensor2D), w));
    const ref = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.mul(a, tf.reshape(b, [2, 1, 1, 4])), w));
    const go = tf.grads(ours)([x, g]);
    const gr = tf.grads(ref)([x, g]);
    for (let i = 0; i < 2; i++) expect(maxRelDiff(go[i]!, gr[i]!)).toBeLessThan(1e-5);
    expect(maxRelDiff(spatialMean(x), tf.mean(x, [1, 2]))).toBeLessThan(1e-6);
    const v = tf.randomNormal([2, 4], 0, 1, 'float32', 8);
    const gm = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(spatialMean(a as tf.Tensor4D), v)))(x);
    const gmRef = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.mean(a, [1, 2]), v)))(x);
    expect(maxRelDiff(gm, gmRef)).toBeLessThan(1e-6);
  });

  it('roundChannels follows the EfficientNet rule (multiples of 8, never below 90%)', () => {
    expect(roundChannels(32, 1.2)).toBe(40);
    expect(roundChannels(1280, 1.2)).toBe(1536);
    expect(roundChannels(728, 0.125)).toBe(88);
    expect(roundChannels(32, 0.05)).toBe(8);
  });
});
