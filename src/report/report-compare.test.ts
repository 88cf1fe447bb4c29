import { describe, expect, it } from 'vitest';
import { agreeWithin, compareResults } from './report-compare';
import { makeFrame, makeResult } from './test-fixtures';

describe('compareResults', () => {
  const a = makeResult({ score: 0.5, frames: [makeFrame(0, 0.4), makeFrame(1, null), makeFrame(2, 0.6)], models: { xception: 0.7 } });

  it('finds identical results identical', () => {
    const d = compareResults(a, structuredClone(a));
    expect(d).toEqual({ sameFrames: true, video: 0, maxFrame: 0, maxModel: 0 });
    expect(agreeWithin(d, 0)).toBe(true);
  });

  it('measures the largest difference in video, frame and model scores', () => {
    const b = makeResult({ score: 0.501, frames: [makeFrame(0, 0.41), makeFrame(1, null), { ...makeFrame(2, 0.6), models: { 'wsdan-xception': 0.65 } }], models: { xception: 0.7 } });
    const d = compareResults(a, b);
    expect(d.video).toBeCloseTo(0.001, 9);
    expect(d.maxFrame).toBeCloseTo(0.01, 9);
    expect(d.maxModel).toBeCloseTo(0.05, 9);
    expect(agreeWithin(d, 0.01)).toBe(false);
    expect(agreeWithin(d, 0.05 + 1e-9)).toBe(true);
  });

  it('never calls results of other frames, or a score against none, close', () => {
    expect(compareResults(a, { ...a, frames: a.frames.slice(0, 2) }).sameFrames).toBe(false);
    expect(compareResults(a, { ...a, frames: a.frames.map((f) => ({ ...f, timeMs: f.timeMs + 1 })) }).sameFrames).toBe(false);
    const noFace = compareResults(a, { ...a, frames: a.frames.map((f) => ({ ...f, score: null })) });
    expect(noFace.maxFrame).toBe(Infinity);
    expect(agreeWithin(noFace, 1)).toBe(false);
  });
});
