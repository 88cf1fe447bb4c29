import { describe, expect, it } from 'vitest';
import { colourSignature, MAX_KEYFRAMES, pickKeyframes, SHOT_CHANGE_DISTANCE, signatureDistance } from './shot-changes';

/** n pixels of one RGB colour, as RGBA bytes. */
function flat(r: number, g: number, b: number, n = 64): Uint8ClampedArray {
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) out.set([r, g, b, 255], i * 4);
  return out;
}

/** A noisy frame around one colour (the same scene, with grain or motion). */
function noisy(r: number, g: number, b: number, seed: number): Uint8ClampedArray {
  const out = flat(r, g, b, 256);
  let s = seed;
  for (let i = 0; i < out.length; i += 4) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const d = (s % 21) - 10;
    out[i] = r + d;
    out[i + 1] = g + d;
    out[i + 2] = b + d;
  }
  return out;
}

describe('colourSignature / signatureDistance', () => {
  it('is a normalised histogram; the same colours are 0 apart, disjoint ones 1', () => {
    const red = colourSignature(flat(250, 10, 10));
    expect(red.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(signatureDistance(red, colourSignature(flat(250, 10, 10)))).toBe(0);
    expect(signatureDistance(red, colourSignature(flat(10, 10, 250)))).toBe(1);
  });

  it('keeps one scene with grain under the threshold', () => {
    expect(signatureDistance(colourSignature(noisy(100, 120, 140, 1)), colourSignature(noisy(100, 120, 140, 2)))).toBeLessThan(SHOT_CHANGE_DISTANCE);
  });

  it('is all zeros for no pixels', () => {
    expect(colourSignature(new Uint8ClampedArray(0)).every((v) => v === 0)).toBe(true);
  });
});

describe('pickKeyframes', () => {
  const frame = (index: number, rgb: [number, number, number]) => ({ index, timeMs: index * 500, signature: colourSignature(noisy(...rgb, index + 1)) });

  it('gives the first frame and each cut, in time order', () => {
    const a: [number, number, number] = [100, 120, 140];
    const b: [number, number, number] = [230, 40, 40];
    const frames = [frame(3, b), frame(0, a), frame(1, a), frame(2, b), frame(4, a)];
    const picked = pickKeyframes(frames);
    expect(picked.map((k) => k.index)).toEqual([0, 2, 4]);
    expect(picked[0]!.difference).toBeNull();
    expect(picked[1]!.difference).toBeGreaterThan(SHOT_CHANGE_DISTANCE);
  });

  it('keeps the sharpest changes past the cap', () => {
    const colours: [number, number, number][] = [[20, 20, 20], [230, 230, 230], [20, 20, 20], [230, 230, 230]];
    const frames = Array.from({ length: 30 }, (_, i) => frame(i, colours[i % 4]!));
    const picked = pickKeyframes(frames);
    expect(picked).toHaveLength(MAX_KEYFRAMES);
    expect(picked.map((k) => k.timeMs)).toEqual([...picked.map((k) => k.timeMs)].sort((x, y) => x - y));
  });

  it('gives nothing for no frames and one for a still', () => {
    expect(pickKeyframes([])).toEqual([]);
    expect(pickKeyframes([frame(0, [1, 2, 3])])).toEqual([{ index: 0, timeMs: 0, difference: null }]);
  });
});
