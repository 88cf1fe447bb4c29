import { describe, expect, it } from 'vitest';
import type { Box } from '../types';
import { iou } from './box';
import { cosine, EMPTY_TRACKER, trackFaces, trackStep, type TrackConfig, type TrackFace } from './track';

const CFG: TrackConfig = { minIou: 0.3, minSimilarity: 0.9, maxGap: 2 };
const box = (x: number, y: number, side = 100): Box => ({ x, y, width: side, height: side });
const face = (b: Box, descriptor: number[] | null = null): TrackFace => ({ box: b, descriptor });

describe('iou', () => {
  it('is 1 for the same box, 0 for disjoint or touching boxes, and symmetric', () => {
    expect(iou(box(0, 0), box(0, 0))).toBe(1);
    expect(iou(box(0, 0), box(100, 0))).toBe(0);
    expect(iou(box(0, 0), box(300, 300))).toBe(0);
    // Half overlap: 50*100 / (2*100*100 - 50*100) = 1/3.
    expect(iou(box(0, 0), box(50, 0))).toBeCloseTo(1 / 3, 10);
    expect(iou(box(50, 0), box(0, 0))).toBeCloseTo(1 / 3, 10);
  });

  it('is 0 for empty boxes', () => {
    expect(iou({ x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0, width: 0, height: 0 })).toBe(0);
  });
});

describe('cosine', () => {
  it('measures direction only, and is 0 for zero or mismatched vectors', () => {
    expect(cosine([1, 0], [2, 0])).toBeCloseTo(1, 10);
    expect(cosine([1, 0], [0, 3])).toBeCloseTo(0, 10);
    expect(cosine([1, 0], [-1, 0])).toBeCloseTo(-1, 10);
    expect(cosine([0, 0], [1, 0])).toBe(0);
    expect(cosine([1, 0], [1, 0, 0])).toBe(0);
  });
});

describe('trackFaces', () => {
  it('follows one slowly moving face as one track', () => {
    const ids = trackFaces(
      [0, 1, 2, 3].map((i) => ({ frame: i, faces: [face(box(i * 10, 0))] })),
      CFG,
    );
    expect(ids).toEqual([[1], [1], [1], [1]]);
  });

  it('keeps two people apart when they stay in place, whatever their order in the frame', () => {
    const a = box(0, 0);
    const b = box(500, 0);
    const ids = trackFaces(
      [
        { frame: 0, faces: [face(a), face(b)] },
        { frame: 1, faces: [face(b), face(a)] },
        { frame: 2, faces: [face(a)] },
        { frame: 3, faces: [face(b)] },
      ],
      CFG,
    );
    expect(ids).toEqual([[1, 2], [2, 1], [1], [2]]);
  });

  it('links each face to the track it overlaps most when two tracks compete', () => {
    const state = trackStep(trackStep(EMPTY_TRACKER, 0, [face(box(0, 0)), face(box(80, 0))], CFG).state, 1, [face(box(75, 0))], CFG);
    // box(75) overlaps box(80) far more than box(0).
    expect(state.ids).toEqual([2]);
  });

  it('starts a new track for a face that jumps, without a descriptor', () => {
    const ids = trackFaces(
      [
        { frame: 0, faces: [face(box(0, 0))] },
        { frame: 1, faces: [face(box(600, 300))] },
      ],
      CFG,
    );
    expect(ids).toEqual([[1], [2]]);
  });

  it('re-links a face whose box jumped by its appearance, and not a different-looking one', () => {
    const alice = [1, 0.1, 0];
    const bob = [0, 0.1, 1];
    const ids = trackFaces(
      [
        { frame: 0, faces: [face(box(0, 0), alice)] },
        { frame: 1, faces: [face(box(600, 300), [0.98, 0.12, 0.01])] },
        { frame: 2, faces: [face(box(0, 300), bob)] },
      ],
      CFG,
    );
    expect(ids).toEqual([[1], [1], [2]]);
  });

  it('needs appearance to link across a gap longer than maxGap, even at the same place', () => {
    const at = box(0, 0);
    const ids = trackFaces(
      [
        { frame: 0, faces: [face(at)] },
        { frame: 3, faces: [face(at)] }, // gap 3 > 2: overlap alone does not link
        { frame: 4, faces: [face(at)] },
      ],
      CFG,
    );
    expect(ids).toEqual([[1], [2], [2]]);
    const withLook = trackFaces(
      [
        { frame: 0, faces: [face(at, [1, 0])] },
        { frame: 3, faces: [face(at, [1, 0.01])] },
      ],
      CFG,
    );
    expect(withLook).toEqual([[1], [1]]);
  });

  it('never puts two faces of one frame in the same track', () => {
    const ids = trackFaces(
      [
        { frame: 0, faces: [face(box(0, 0), [1, 0])] },
        { frame: 1, faces: [face(box(5, 0), [1, 0]), face(box(10, 0), [1, 0])] },
      ],
      CFG,
    );
    expect(ids[1]![0]).not.toBe(ids[1]![1]);
    expect(new Set(ids[1]).size).toBe(2);
  });

  it('is deterministic and leaves the input state untouched', () => {
    const frames = [0, 1, 2].map((i) => ({ frame: i, faces: [face(box(i * 5, 0), [1, i]), face(box(400, i * 7), [0, 1])] }));
    expect(trackFaces(frames, CFG)).toEqual(trackFaces(frames, CFG));
    const first = trackStep(EMPTY_TRACKER, 0, frames[0]!.faces, CFG);
    const snapshot = JSON.stringify(first.state);
    trackStep(first.state, 1, frames[1]!.faces, CFG);
    expect(JSON.stringify(first.state)).toBe(snapshot);
    expect(EMPTY_TRACKER).toEqual({ tracks: [], nextId: 1 });
  });

  it('handles frames with no face', () => {
    const ids = trackFaces(
      [
        { frame: 0, faces: [] },
        { frame: 1, faces: [face(box(0, 0))] },
        { frame: 2, faces: [] },
        { frame: 3, faces: [face(box(2, 0))] },
      ],
      CFG,
    );
    expect(ids).toEqual([[], [1], [], [1]]);
  });
});
