import { describe, expect, it } from 'vitest';
import { blendMask, downUp, jpegRoundTrip, selfBlend, viewAugment, type Image } from './sbi';
import { createRng } from '../src/pipeline/rng';

const S = 64;
/** A face-ish test image: smooth gradients, so every transform changes something. */
function image(): Image {
  const data = new Float32Array(S * S * 3);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let c = 0; c < 3; c++) data[(y * S + x) * 3 + c] = 20 + x + y + 30 * c;
  return { data, width: S, height: S };
}
// Keypoints where the 160 px input region puts them, scaled to 64 px.
const KEYS = [{ x: 14, y: 14 }, { x: 50, y: 14 }, { x: 32, y: 31 }, { x: 32, y: 53 }];

describe('self-blended images', () => {
  it('is seeded: the same seed gives the same image', () => {
    const a = selfBlend(image(), KEYS, createRng(5)).image.data;
    const b = selfBlend(image(), KEYS, createRng(5)).image.data;
    const c = selfBlend(image(), KEYS, createRng(6)).image.data;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('changes the face inside the mask and nothing where the mask is zero', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const src = image();
      const { image: out, mask } = selfBlend(src, KEYS, createRng(seed));
      let inside = 0;
      for (let p = 0; p < mask.length; p++) {
        const diff = Math.max(...[0, 1, 2].map((c) => Math.abs(out.data[p * 3 + c]! - src.data[p * 3 + c]!)));
        if (mask[p] === 0) expect(diff).toBe(0);
        else if (mask[p]! > 0.2) inside = Math.max(inside, diff);
      }
      expect(inside).toBeGreaterThan(0.5);
    }
  });

  it('draws the mask over the keypoints, within the crop, and soft at its edge', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const m = blendMask(S, S, KEYS, createRng(seed));
      const at = (x: number, y: number) => m[y * S + x]!;
      expect(at(32, 31)).toBeGreaterThan(0.2); // the nose
      expect(at(0, 0)).toBe(0); // a corner
      expect(m.some((v) => v > 0.01 && v < 0.99 * Math.max(...m))).toBe(true);
    }
  });

  it('augments views without changing their shape or leaving 0..255', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const out = viewAugment(image(), createRng(seed));
      expect(out.data.length).toBe(S * S * 3);
      expect(Math.min(...out.data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...out.data)).toBeLessThanOrEqual(255);
    }
  });

  it('keeps a flat image flat through rescaling and JPEG', () => {
    const flat: Image = { data: new Float32Array(S * S * 3).fill(120), width: S, height: S };
    expect(Math.max(...downUp(flat, 0.4).data.map((v) => Math.abs(v - 120)))).toBeLessThan(1e-3);
    expect(Math.max(...jpegRoundTrip(flat, 50).data.map((v) => Math.abs(v - 120)))).toBeLessThanOrEqual(2);
  });
});
