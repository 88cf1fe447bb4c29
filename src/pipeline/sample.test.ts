import { describe, expect, it } from 'vitest';
import { MAX_FRAMES } from '../frames';
import { sampleTimes } from './sample';

describe('sampleTimes', () => {
  it('spreads frames evenly at the centres of equal slices', () => {
    expect(sampleTimes(4000, 4)).toEqual([500, 1500, 2500, 3500]);
  });

  it('offsets by the first timestamp and stays inside the video', () => {
    const t = sampleTimes(10_000, 32, 2000);
    expect(t).toHaveLength(32);
    expect(t[0]).toBeGreaterThan(2000);
    expect(t[31]).toBeLessThan(12_000);
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]!);
  });

  it('keeps a 30-minute video to the same bounded count', () => {
    const t = sampleTimes(30 * 60_000, 32);
    expect(t).toHaveLength(32);
    expect(t[1]! - t[0]!).toBeCloseTo(56_250, 6);
  });

  it('gives one sample when the duration is unknown or zero', () => {
    expect(sampleTimes(0, 32)).toEqual([0]);
    expect(sampleTimes(Number.NaN, 32, 40)).toEqual([40]);
  });

  it('samples exactly the count asked for, up to the limit', () => {
    expect(sampleTimes(60_000, MAX_FRAMES)).toHaveLength(MAX_FRAMES);
  });

  it('refuses a count outside the limit instead of clamping it', () => {
    expect(() => sampleTimes(1000, MAX_FRAMES + 1)).toThrow(`Frames to sample must be a whole number from 1 to ${MAX_FRAMES} (got ${MAX_FRAMES + 1}).`);
    for (const bad of [0, -3, Number.NaN, 7.9]) expect(() => sampleTimes(1000, bad)).toThrow(RangeError);
  });
});
