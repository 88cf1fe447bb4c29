import { describe, expect, it } from 'vitest';
import { rocAuc, logLoss, accuracy, calibration } from './metrics';

describe('metrics', () => {
  it('AUC is 1 for a perfect ranking, 0 for the reverse, 0.5 for all ties', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  });

  it('AUC counts pairs: one swapped pair of four', () => {
    // pairs (pos, neg): (0.6 vs 0.1) ok, (0.6 vs 0.7) wrong, (0.9 vs both) ok -> 3/4
    expect(rocAuc([0.1, 0.7, 0.6, 0.9], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
  });

  it('log loss of 0.5 everywhere is ln 2; accuracy thresholds at 0.5', () => {
    expect(logLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.LN2, 12);
    expect(Number.isFinite(logLoss([0, 1], [1, 0]))).toBe(true);
    expect(accuracy([0.2, 0.6, 0.5, 0.4], [0, 1, 0, 1])).toBe(0.5);
  });

  it('ECE is 0 when each bin predicts its own fake rate, and counts every sample once', () => {
    const probs = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
    const labels = [1, 0, 0, 0, 1, 1, 1, 0];
    const c = calibration(probs, labels);
    expect(c.ece).toBeCloseTo(0, 12);
    expect(c.bins.reduce((s, b) => s + b.n, 0)).toBe(8);
    expect(calibration([0.95, 0.95], [0, 0]).ece).toBeCloseTo(0.95, 12);
  });
});
