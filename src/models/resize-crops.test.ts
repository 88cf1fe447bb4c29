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

describe('resizeCrops with an input region', () => {
  const ramp = (fill: number) =>
    tf.tidy(() => {
      // A 320 crop whose centre square (80..240) holds a ramp and whose outside holds `fill`.
      const v = new Float32Array(320 * 320 * 3).map((_, i) => {
        const p = Math.floor(i / 3);
        const x = p % 320;
        const y = Math.floor(p / 320);
        return x >= 80 && x < 240 && y >= 80 && y < 240 ? x + 0.5 * y : fill;
      });
      return tf.tensor4d(v, [1, 320, 320, 3]);
    });

  it('reads exactly the region when its pixels map one to one', () => {
    const crops = ramp(0);
    const out = resizeCrops(crops, 160, { left: 0.25, top: 0.25, size: 0.5 });
    const want = tf.slice(crops, [0, 80, 80, 0], [1, 160, 160, 3]);
    expect(tf.max(tf.abs(tf.sub(out, want))).dataSync()[0]).toBeLessThan(0.01);
    tf.dispose([crops, out, want]);
  });

  it('gives the same input whatever lies outside the region, upscaled or downscaled', () => {
    for (const size of [96, 200]) {
      const a = ramp(0);
      const b = ramp(255);
      const region = { left: 0.25, top: 0.25, size: 0.5 };
      const [ra, rb] = [resizeCrops(a, size, region), resizeCrops(b, size, region)];
      expect(ra.shape).toEqual([1, size, size, 3]);
      expect(tf.max(tf.abs(tf.sub(ra, rb))).dataSync()[0]).toBeLessThan(0.01);
      tf.dispose([a, b, ra, rb]);
    }
  });
});
