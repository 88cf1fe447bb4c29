import { describe, expect, it } from 'vitest';
import { activationEnergy, fitLogistic, poolRow, videoMeasures } from './probe-frozen';

describe('probe-frozen', () => {
  it('fits a logistic regression that separates separable points, and L2 shrinks it', () => {
    const x = [-2, -1, 1, 2].map((v) => Float32Array.of(v, 0));
    const y = [0, 0, 1, 1];
    const loose = fitLogistic(x, y, 0);
    const tight = fitLogistic(x, y, 1);
    expect(loose.w[0]).toBeGreaterThan(0);
    expect(Math.abs(loose.w[1]!)).toBeLessThan(1e-9);
    expect(tight.w[0]).toBeLessThan(loose.w[0]!);
  });

  it('scores a video by the mean of its faces and counts a swapped half above its own original', () => {
    const videos = ['dfl-fake-A_0.mp4', 'dfl-fake-A_0.mp4', 'dfl-real-A_0.mp4', 'dfl-fake-B_0.mp4', 'dfl-real-B_0.mp4', 'dfl-real-C_0.mp4'];
    const labels = [1, 1, 0, 1, 0, 0];
    // A: fake mean 0.6 above real 0.5; B: fake 0.2 below real 0.3; C has no pair.
    const m = videoMeasures([0.4, 0.8, 0.5, 0.2, 0.3, 0.1], videos, labels);
    expect(m).toMatchObject({ pairs: 1, of: 2 });
    // Fakes 0.6, 0.2 against reals 0.5, 0.3, 0.1: 4 of 6 pairs ordered right.
    expect(m.auc).toBeCloseTo(4 / 6, 10);
  });

  it('pools a row to channel means and standard deviations, and the baseline sums the means\' magnitudes', () => {
    // 1x2 positions, 2 channels (NHWC): channel 0 reads 1 and 3, channel 1 reads -2 and -2.
    const pooled = poolRow(Float32Array.of(1, -2, 3, -2), [1, 2, 2]);
    expect([...pooled]).toEqual([2, -2, 1, 0]);
    expect(activationEnergy(pooled)).toBe(4);
  });
});
