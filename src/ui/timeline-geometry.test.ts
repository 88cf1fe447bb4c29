import { describe, expect, it } from 'vitest';
import { chartBoxFor, decisionFrames, DEFAULT_CHART, nearestPoint, timelineGeometry, timeTicks, type ChartBox } from './timeline-geometry';
import { makeFrame } from '../report/test-fixtures';

const box: ChartBox = { width: 110, height: 120, left: 10, right: 0, top: 10, bottom: 10 };

describe('timelineGeometry', () => {
  it('maps time to x and P(fake) to y with 1 at the top', () => {
    const g = timelineGeometry([makeFrame(0, 1, 0), makeFrame(1, 0, 5000), makeFrame(2, 0.5, 10_000)], 10_000, box);
    expect(g.points.map((p) => [p.x, p.y])).toEqual([
      [10, 10],
      [60, 110],
      [110, 60],
    ]);
    expect(g.paths).toEqual(['M10,10 L60,110 L110,60']);
  });

  it('breaks the line at frames without a face and lists them as gaps', () => {
    const frames = [makeFrame(0, 0.2, 0), makeFrame(1, 0.3, 1000), makeFrame(2, null, 2000), makeFrame(3, 0.4, 3000), makeFrame(4, 0.6, 4000)];
    const g = timelineGeometry(frames, 4000, box);
    expect(g.paths).toHaveLength(2);
    expect(g.gaps).toEqual([{ index: 2, x: 60 }]);
    expect(g.points.map((p) => p.index)).toEqual([0, 1, 3, 4]);
  });

  it('centres a single frame (a still image) instead of dividing by zero', () => {
    const g = timelineGeometry([makeFrame(0, 0.7, 0)], 0, box);
    expect(g.points[0]?.x).toBe(60);
    expect(Number.isFinite(g.points[0]?.y)).toBe(true);
    expect(g.paths).toEqual([]);
  });

  it('sorts frames that arrive out of order', () => {
    const g = timelineGeometry([makeFrame(1, 0.5, 1000), makeFrame(0, 0.5, 0)], 1000, box);
    expect(g.points.map((p) => p.index)).toEqual([0, 1]);
  });
});

describe('decisionFrames', () => {
  const frames = [makeFrame(0, 0.9), makeFrame(1, 0.1), makeFrame(2, null), makeFrame(3, 0.95), makeFrame(4, 0.5), makeFrame(5, 0.05)];
  it('picks the top scores for a fake verdict', () => {
    expect([...decisionFrames(frames, 'fake')].sort()).toEqual([0, 3, 4]);
  });
  it('picks the bottom scores for a real verdict', () => {
    expect([...decisionFrames(frames, 'real')].sort()).toEqual([1, 4, 5]);
  });
  it('points at nothing when uncertain or failed', () => {
    expect(decisionFrames(frames, 'uncertain').size).toBe(0);
    expect(decisionFrames(frames, null).size).toBe(0);
  });
});

describe('timeTicks', () => {
  it('uses round steps covering the clip', () => {
    expect(timeTicks(10_000)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
    expect(timeTicks(0)).toEqual([0]);
    expect(timeTicks(1_800_000).length).toBeLessThanOrEqual(7);
  });
});

describe('chartBoxFor and nearestPoint', () => {
  it('draws one unit per CSS pixel, never narrower than 240', () => {
    expect(chartBoxFor(358)).toMatchObject({ width: 358, height: 200 });
    expect(chartBoxFor(100).width).toBe(240);
    expect(chartBoxFor(900)).toMatchObject({ width: 900, height: DEFAULT_CHART.height });
  });
  it('picks the point closest in time to a tap', () => {
    const frames = [makeFrame(0, 0.2), makeFrame(1, 0.9), makeFrame(2, 0.5)].map((f, i) => ({ ...f, timeMs: i * 1000 }));
    const g = timelineGeometry(frames, 2000, chartBoxFor(400));
    expect(nearestPoint(g.points, g.points[1]!.x + 3)?.index).toBe(1);
    expect(nearestPoint(g.points, 0)?.index).toBe(0);
    expect(nearestPoint([], 10)).toBeNull();
  });
});
