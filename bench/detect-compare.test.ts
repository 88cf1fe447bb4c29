import { describe, expect, it } from 'vitest';
import { iou } from '../src/pipeline/box';
import { compareAll, compareLargest, keypointError } from './detect-compare';
import type { FoundFace } from './page/protocol';

const face = (x: number, y: number, side: number, shift = 0): FoundFace => ({
  score: 0.9,
  box: { x, y, width: side, height: side },
  // right eye, left eye, nose, mouth; eye distance = side / 2
  keypoints: [
    { x: x + side / 4 + shift, y: y + side / 3 },
    { x: x + (3 * side) / 4 + shift, y: y + side / 3 },
    { x: x + side / 2 + shift, y: y + side / 2 },
    { x: x + side / 2 + shift, y: y + (3 * side) / 4 },
  ],
});

describe('detector agreement', () => {
  it('iou: identical, disjoint, half-overlapping boxes', () => {
    expect(iou(face(0, 0, 10).box, face(0, 0, 10).box)).toBe(1);
    expect(iou(face(0, 0, 10).box, face(20, 0, 10).box)).toBe(0);
    expect(iou(face(0, 0, 10).box, face(5, 0, 10).box)).toBeCloseTo(50 / 150);
  });

  it('keypoint error is in units of the reference eye distance', () => {
    expect(keypointError(face(0, 0, 100), face(0, 0, 100, 5))).toBeCloseTo(0.1);
    expect(keypointError(face(0, 0, 100), { ...face(0, 0, 100), keypoints: [] })).toBeNull();
  });

  it('counts frames by who found a face, and keypoint errors over the same faces only', () => {
    const ref = [face(0, 0, 100), face(0, 0, 100), null, null, face(0, 0, 100)];
    const other = [face(0, 0, 100, 10), null, face(0, 0, 50), null, face(300, 300, 100)];
    const a = compareLargest(ref, other);
    expect(a).toMatchObject({ frames: 5, both: 2, onlyReference: 1, onlyOther: 1, neither: 1, sameFace: 1 });
    expect(a.keypointErrorMedian).toBeCloseTo(0.2);
    expect(a.keypointErrorMax).toBeCloseTo(0.2);
    expect(() => compareLargest(ref, other.slice(1))).toThrow('different frame counts');
  });

  it('compareAll pairs every face in a frame, whatever the order, and lists the unpaired ones', () => {
    const ref = [[face(0, 0, 100), face(300, 0, 40)], [face(0, 0, 100)], []];
    const other = [[face(302, 0, 40, 2), face(0, 0, 100, 10)], [face(0, 0, 100), face(500, 500, 30)], [face(0, 0, 50)]];
    const a = compareAll(ref, other);
    expect(a).toMatchObject({ frames: 3, referenceFaces: 3, otherFaces: 5, matched: 3 });
    expect(a.onlyReference).toEqual([]);
    expect(a.onlyOther.map((o) => o.frame)).toEqual([1, 2]);
    expect(a.keypointErrorMax).toBeCloseTo(0.2); // 10 px on an eye distance of 50
    expect(a.keypointErrorMedian).toBeCloseTo(0.2); // errors 0, 0.2 (10 px / 50), 0.2 (box 2 px + keypoints 2 px over 20)
  });

  it('compareAll: a face only the reference found is listed with its frame', () => {
    const a = compareAll([[face(0, 0, 100)]], [[face(200, 200, 100)]]);
    expect(a.matched).toBe(0);
    expect(a.onlyReference).toHaveLength(1);
    expect(a.onlyOther).toHaveLength(1);
    expect(a.keypointErrorMedian).toBeNull();
  });
});
