import { describe, expect, it } from 'vitest';
import { AUGMENT_TABLE, augment, hflip, type Image } from './augment';
import { createRng } from './rng';

function testImage(h = 12, w = 10): Image {
  const data = new Float32Array(h * w * 3);
  // a gradient with saturated corners, so clamping matters
  for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 256;
  data[0] = 0;
  data[1] = 255;
  return { data, height: h, width: w };
}

describe('augment', () => {
  const transforms = AUGMENT_TABLE.flatMap((row) => row.oneOf.map((f) => ({ row: row.name, f })));

  it.each(transforms.map((t) => [`${t.row}: ${t.f.name}`, t.f] as const))('%s keeps shape and range [0,255] and changes the image', (_name, f) => {
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

  it('the whole policy keeps shape and range and is deterministic per seed', () => {
    for (let s = 0; s < 30; s++) {
      const a = augment(testImage(), createRng(s));
      expect(a.data.length).toBe(360);
      expect(a.data.every((v) => v >= 0 && v <= 255)).toBe(true);
      expect(Array.from(augment(testImage(), createRng(s)).data)).toEqual(Array.from(a.data));
    }
  });
});
