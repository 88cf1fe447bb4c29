import { describe, expect, it } from 'vitest';
import { APP_CONFIG } from '../config';
import type { Face, FrameResult } from '../types';
import { aggregate } from './aggregate';

const someFace: Face = {
  box: { x: 0, y: 0, width: 20, height: 20 },
  score: 0.9,
  landmarks: [{ x: 5, y: 5 }, { x: 15, y: 5 }, { x: 10, y: 10 }, { x: 10, y: 15 }],
};

function frame(index: number, score: number | null, models: Record<string, number> = {}, faces: Face[] = []): FrameResult {
  return { index, timeMs: index * 100, score, box: score === null ? null : someFace.box, faces: score === null ? faces : [someFace], models };
}

describe('aggregate', () => {
  it('averages frame scores over frames with a face only, and each model likewise', () => {
    const v = aggregate(
      [frame(0, 0.9, { a: 1, b: 0.5 }), frame(1, null), frame(2, 0.7, { a: 0.6, b: 0.7 }), frame(3, 0.8, { a: 0.8 })],
      APP_CONFIG,
    );
    expect(v.score).toBeCloseTo(0.8, 10);
    expect(v.models.a).toBeCloseTo(0.8, 10);
    expect(v.models.b).toBeCloseTo(0.6, 10);
    expect(v.label).toBe('fake');
    expect(v.reason).toContain('3 of 4 sampled frames');
  });

  it('labels by the config bands', () => {
    const three = (s: number) => [frame(0, s), frame(1, s), frame(2, s)];
    expect(aggregate(three(0.1), APP_CONFIG).label).toBe('real');
    expect(aggregate([frame(0, APP_CONFIG.realBelow)], APP_CONFIG).label).toBe('real'); // bands are inclusive
    expect(aggregate(three(0.5), APP_CONFIG).label).toBe('uncertain');
    expect(aggregate([frame(0, APP_CONFIG.fakeAbove)], APP_CONFIG).label).toBe('fake');
  });

  it('is uncertain, with the score kept, when too few frames have a face', () => {
    const frames = [frame(0, 0.95), frame(1, 0.95), ...Array.from({ length: 30 }, (_, i) => frame(i + 2, null))];
    const v = aggregate(frames, { ...APP_CONFIG, minFramesWithFace: 3 });
    expect(v.label).toBe('uncertain');
    expect(v.score).toBeCloseTo(0.95, 10);
    expect(v.reason).toMatch(/^Only 2 of 32 sampled frames show a usable face \(at least 3 are needed\)/);
  });

  it('judges a still image from its single frame', () => {
    const v = aggregate([frame(0, 0.05)], APP_CONFIG);
    expect(v.label).toBe('real');
    expect(v.reason).toMatch(/^The image shows a face/);
  });

  it('gives no score and its own message when no frame has a face', () => {
    const v = aggregate([frame(0, null), frame(1, null)], APP_CONFIG);
    expect(v).toEqual({ score: null, label: null, reason: 'No face was found in the 2 sampled frames, so there is nothing to judge.', models: {} });
  });

  it('gives no score, no label and its own message when every face was too small', () => {
    const v = aggregate([frame(0, null, {}, [someFace]), frame(1, null)], APP_CONFIG);
    expect(v.score).toBeNull();
    expect(v.label).toBeNull();
    expect(v.reason).toContain(`narrower than ${APP_CONFIG.minFacePixels} pixels`);
  });
});
