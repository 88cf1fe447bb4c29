// The screen cache's pure parts: which frame of a video each sample reads (the page's sample times,
// the frame presented at each), the labels file, and cutting an index back to finished videos.
import { describe, expect, it } from 'vitest';
import { sampleTimes } from '../src/pipeline/sample';
import { bytesOfLines, frameAt, readVideoLabels, sampledFrames } from './feature-videos';

describe('frameAt', () => {
  const pts = [0, 33.3, 66.7, 100, 133.3];
  it('takes the frame presented at a time: the last at or before it', () => {
    expect(frameAt(pts, 0)).toBe(0);
    expect(frameAt(pts, 33.2)).toBe(0);
    expect(frameAt(pts, 33.3)).toBe(1);
    expect(frameAt(pts, 113)).toBe(3);
    expect(frameAt(pts, 1e9)).toBe(4);
  });
  it('takes the first frame for a time before it', () => {
    expect(frameAt([40, 80], 10)).toBe(0);
  });
});

describe('sampledFrames', () => {
  // A 30 fps clip of 217 frames, 7.233 s (dfl-fake-Albica_Johns_0.mp4).
  const pts = Array.from({ length: 217 }, (_, i) => (i * 1000) / 30);
  it('reads the page\'s sample times, each at the frame presented then', () => {
    const s = sampledFrames(pts, 7233.33, 32);
    expect(s).toHaveLength(32);
    // The page's report of this clip: sampled frame 0 at 100 ms (time 113 ms falls in frame 3).
    expect(s[0]).toEqual({ frame: 3, timeMs: 100 });
    sampleTimes(7233.33, 32).forEach((t, i) => {
      expect(s[i]!.timeMs).toBeLessThanOrEqual(t + 1e-6);
      expect(t - s[i]!.timeMs).toBeLessThan(1000 / 30);
    });
  });
  it('spreads 16 frames over the whole clip, ascending', () => {
    const f = sampledFrames(pts, 7233.33, 16).map((s) => s.frame);
    expect(f[0]).toBe(6);
    expect(f[15]).toBe(210);
    expect([...f].sort((a, b) => a - b)).toEqual(f);
    expect(new Set(f).size).toBe(16);
  });
  it('starts at the first frame\'s time', () => {
    const late = pts.map((t) => t + 500);
    expect(sampledFrames(late, 7233.33, 16)[0]!.frame).toBe(6);
  });
  it('refuses a frame count the page would refuse', () => {
    expect(() => sampledFrames(pts, 7233.33, 0)).toThrow(RangeError);
  });
});

describe('readVideoLabels', () => {
  it('reads name, label and person', () => {
    const l = readVideoLabels('dfl-real-A_0.mp4,REAL,A\ndfl-fake-A_0.mp4,FAKE,A\n\nx.mp4,fake\n');
    expect(l.get('dfl-real-A_0.mp4')).toEqual({ label: 0, person: 'A' });
    expect(l.get('dfl-fake-A_0.mp4')).toEqual({ label: 1, person: 'A' });
    expect(l.get('x.mp4')).toEqual({ label: 1, person: '' });
  });
  it('refuses a line without a label', () => {
    expect(() => readVideoLabels('a.mp4,maybe,A')).toThrow(/line 1/);
  });
});

describe('bytesOfLines', () => {
  it('measures the first lines in bytes (UTF-8)', () => {
    const text = '{"v":"é"}\n{"v":2}\n{"v":3';
    expect(bytesOfLines(text, 0)).toBe(0);
    expect(bytesOfLines(text, 1)).toBe(11);
    expect(bytesOfLines(text, 2)).toBe(19);
    expect(() => bytesOfLines(text, 3)).toThrow();
  });
});
