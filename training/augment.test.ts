import { describe, expect, it } from 'vitest';
import { gaussianBlur, hflip, sharpen, type Image } from './augment';
import { createRng } from '../src/pipeline/rng';

function testImage(h = 12, w = 10): Image {
  const data = new Float32Array(h * w * 3);
  // a gradient with saturated corners, so clamping matters
  for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 256;
  data[0] = 0;
  data[1] = 255;
  return { data, height: h, width: w };
}

describe('augment', () => {
  it.each([['gaussianBlur', gaussianBlur] as const, ['sharpen', sharpen] as const])('%s keeps shape and range [0,255] and changes the image', (_name, f) => {
    const img = testImage();
    const out = f(img, createRng(1));
    expect(out.height).toBe(img.height);
    expect(out.width).toBe(img.width);
    expect(out.data.length).toBe(img.data.length);
    expect(out.data.every((v) => v >= 0 && v <= 255 && Number.isFinite(v))).toBe(true);
    expect(out.data.some((v, i) => Math.abs(v - img.data[i]!) > 1e-3)).toBe(true);
    expect(img.data[1]).toBe(255); // input untouched
  });

  it('flip mirrors columns and twice is the identity', () => {
    const img = testImage(2, 3);
    const f = hflip(img);
    expect(Array.from(f.data.slice(0, 3))).toEqual(Array.from(img.data.slice(6, 9)));
    expect(Array.from(hflip(f).data)).toEqual(Array.from(img.data));
  });
});
