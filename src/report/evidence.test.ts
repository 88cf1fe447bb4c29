import { describe, expect, it } from 'vitest';
import { evidenceItems, GALLERY_SIZE, mostSuspicious, reportFrameIndex } from './evidence';
import { makeFrame } from './test-fixtures';

describe('most suspicious frames', () => {
  const frames = [makeFrame(0, 0.5), makeFrame(1, null), makeFrame(2, 0.9), makeFrame(3, 0.5), ...Array.from({ length: 10 }, (_, i) => makeFrame(4 + i, 0.1))];

  it('ranks scored frames only, highest first, ties in time order, at most n', () => {
    expect(mostSuspicious(frames, 3).map((f) => f.index)).toEqual([2, 0, 3]);
    expect(mostSuspicious(frames)).toHaveLength(GALLERY_SIZE);
    expect(mostSuspicious([makeFrame(0, null)])).toEqual([]);
  });

  it('gives plain items with the caller\'s picture for each frame', () => {
    expect(evidenceItems(frames, (i) => (i === 2 ? 'crop-2' : null), 2)).toEqual([
      { frameIndex: 2, timeMs: 2000, score: 0.9, person: 1, crop: 'crop-2' },
      { frameIndex: 0, timeMs: 0, score: 0.5, person: 1, crop: null },
    ]);
  });
});

describe('the report\'s whole frame', () => {
  it("is the verdict person's most suspicious frame, else the most suspicious, else none", () => {
    const frames = [makeFrame(0, 0.5), makeFrame(1, 0.9), makeFrame(2, 0.2)];
    const track = { id: 2, frames: [0, 2], score: 0.3, interval: [0.2, 0.5] as [number, number], models: {}, peakFrame: 0, faceSize: 90 };
    expect(reportFrameIndex({ frames, tracks: [track], basis: { rule: 'r', track: 2, interval: null, agreement: null } })).toBe(0);
    expect(reportFrameIndex({ frames, tracks: [], basis: null })).toBe(1);
    expect(reportFrameIndex({ frames: [makeFrame(0, null)], tracks: [], basis: null })).toBeNull();
  });
});
