import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskOutsideWindow, resizeCrops, windowBounds } from './resize-crops';

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

describe('maskOutsideWindow (manifest.inputWindow)', () => {
  const window = { left: 60 / 320, top: 84 / 320, width: 195 / 320, height: 194 / 320 };

  it('rounds the window to whole pixels of any crop side', () => {
    expect(windowBounds(window, 320)).toEqual({ x0: 60, x1: 255, y0: 84, y1: 278 });
    expect(windowBounds(window, 160)).toEqual({ x0: 30, x1: 128, y0: 42, y1: 139 });
    expect(windowBounds({ left: 0, top: 0, width: 1, height: 1 }, 7)).toEqual({ x0: 0, x1: 7, y0: 0, y1: 7 });
  });

  it('blacks out exactly the pixels outside the window and keeps the inside as it was', () => {
    const crops = tf.tidy(() => tf.add(tf.randomUniform([2, 320, 320, 3], 0, 255, 'float32', 3), 1) as tf.Tensor4D);
    const out = maskOutsideWindow(crops, window);
    const a = crops.arraySync();
    const b = out.arraySync();
    let inside = 0;
    let outside = 0;
    for (let n = 0; n < 2; n++) {
      for (let y = 0; y < 320; y += 7) {
        for (let x = 0; x < 320; x += 3) {
          const isIn = x >= 60 && x < 255 && y >= 84 && y < 278;
          if (isIn) {
            expect(b[n]![y]![x]).toEqual(a[n]![y]![x]);
            inside++;
          } else {
            expect(b[n]![y]![x]).toEqual([0, 0, 0]);
            outside++;
          }
        }
      }
    }
    // The edges themselves: first and last kept rows and columns, and their black neighbours.
    expect(b[0]![84]![60]).toEqual(a[0]![84]![60]);
    expect(b[0]![277]![254]).toEqual(a[0]![277]![254]);
    expect(b[0]![83]![60]).toEqual([0, 0, 0]);
    expect(b[0]![84]![59]).toEqual([0, 0, 0]);
    expect(b[0]![278]![254]).toEqual([0, 0, 0]);
    expect(b[0]![277]![255]).toEqual([0, 0, 0]);
    expect(inside).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(0);
    tf.dispose([crops, out]);
  });

  it('makes the score input independent of what fills the frame outside the window', () => {
    const face = tf.tidy(() => tf.randomUniform([1, 320, 320, 3], 0, 255, 'float32', 5) as tf.Tensor4D);
    const grey = tf.tidy(() => {
      const m = maskOutsideWindow(face, window);
      const inv = tf.sub(1, maskOutsideWindow(tf.onesLike(face) as tf.Tensor4D, window));
      return tf.add(m, tf.mul(inv, 64)) as tf.Tensor4D;
    });
    const d = tf.tidy(() => tf.max(tf.abs(tf.sub(resizeCrops(maskOutsideWindow(face, window), 160), resizeCrops(maskOutsideWindow(grey, window), 160)))).dataSync()[0]);
    expect(d).toBe(0);
    tf.dispose([face, grey]);
  });
});
