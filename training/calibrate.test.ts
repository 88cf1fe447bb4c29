import { describe, expect, it } from 'vitest';
import { applyPlatt, fitPlatt } from './calibrate';
import { createRng } from '../src/pipeline/rng';

describe('Platt scaling', () => {
  it('recovers the scale and shift that generated the labels', () => {
    // Labels drawn with P(fake) = sigmoid(0.5 * z - 0.3) from over-confident scores p = sigmoid(z).
    const rng = createRng(5);
    const probs: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const z = (rng.next() - 0.5) * 8;
      probs.push(1 / (1 + Math.exp(-z)));
      labels.push(rng.next() < 1 / (1 + Math.exp(-(0.5 * z - 0.3))) ? 1 : 0);
    }
    const c = fitPlatt(probs, labels);
    expect(c.a).toBeCloseTo(0.5, 1);
    expect(c.b).toBeCloseTo(-0.3, 1);
    expect(applyPlatt(0.5, c)).toBeCloseTo(1 / (1 + Math.exp(0.3)), 1);
  });

  it('keeps already calibrated scores almost unchanged', () => {
    const rng = createRng(9);
    const probs: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const p = rng.next();
      probs.push(p);
      labels.push(rng.next() < p ? 1 : 0);
    }
    const c = fitPlatt(probs, labels);
    expect(c.a).toBeCloseTo(1, 1);
    expect(Math.abs(c.b)).toBeLessThan(0.1);
  });
});
