// The background control's pure parts: where a patch may sit (the face's alignment moved clear of the
// person), the pixel measures, and the face-vs-background pair arithmetic.
import { describe, expect, it } from 'vitest';
import { ALIGN_TEMPLATE } from '../src/pipeline/align';
import type { Face } from '../src/types';
import { backgroundPatches, faceVsBackground, keepOutZones, keptPatches, laplacianSum, lumaSd, meanAbsLaplacian, overlaps, pairsOf, pearson, regionFootprint, shiftFace, type BackgroundLine } from './probe-background';

const REGION = { left: 92 / 320, top: 112 / 320, size: 136 / 320 };

/** An upright face whose keypoints are the template scaled by `s` and moved to (x, y): its aligned
 *  crop maps frame point p to (p - (x, y)) / s, so the input region's footprint is known exactly. */
function face(s: number, x: number, y: number): Face {
  const [a, b, c, d] = ALIGN_TEMPLATE.map((p) => ({ x: x + s * p.x, y: y + s * p.y }));
  return { box: { x: x + 80 * s, y: y + 80 * s, width: 160 * s, height: 180 * s }, score: 0.9, landmarks: [a!, b!, c!, d!] };
}

describe('regionFootprint and shiftFace', () => {
  it('maps the input region back into the frame', () => {
    const r = regionFootprint(face(0.5, 100, 50), REGION);
    expect(r.x0).toBeCloseTo(100 + 46, 6);
    expect(r.y0).toBeCloseTo(50 + 56, 6);
    expect(r.x1).toBeCloseTo(100 + 114, 6);
    expect(r.y1).toBeCloseTo(50 + 124, 6);
  });
  it('moves the footprint with the face, same size', () => {
    const f = face(0.5, 100, 50);
    const moved = regionFootprint(shiftFace(f, -30, 7), REGION);
    const r = regionFootprint(f, REGION);
    expect(moved.x0).toBeCloseTo(r.x0 - 30, 6);
    expect(moved.y1).toBeCloseTo(r.y1 + 7, 6);
    expect(shiftFace(f, -30, 7).box.x).toBeCloseTo(f.box.x - 30, 9);
  });
});

describe('backgroundPatches', () => {
  it('takes the top corners beside a centred webcam face and not the bottom ones (the body)', () => {
    // 640x360 frame, face footprint 136 px wide centred at x 320; its body zone reaches x 80-560.
    const f = face(1, 160, 0);
    const p = backgroundPatches([f], 640, 360, REGION);
    expect(p.map((q) => q.corner)).toEqual(['top-left', 'top-right']);
    const zones = keepOutZones([f], REGION, 360);
    for (const q of p) {
      expect(zones.some((z) => overlaps(q.rect, z))).toBe(false);
      // The moved face's footprint is where the patch says, 2 px inside the frame.
      const r = regionFootprint(q.face, REGION);
      expect(r.x0).toBeCloseTo(q.rect.x0, 6);
      expect(Math.min(r.x0, r.y0)).toBeGreaterThanOrEqual(2 - 1e-9);
      expect(r.x1).toBeLessThanOrEqual(638 + 1e-9);
    }
  });
  it('takes none when the person fills the frame', () => {
    expect(backgroundPatches([face(1.5, 0, 0)], 480, 360, REGION)).toEqual([]);
    expect(backgroundPatches([], 480, 360, REGION)).toEqual([]);
  });
  it('keeps clear of a second person', () => {
    const left = face(1, 160, 0);
    const other = face(0.5, 0, 0);
    expect(backgroundPatches([left, other], 640, 360, REGION).map((q) => q.corner)).toEqual(['top-right']);
  });
});

describe('pixel measures', () => {
  const gray = (w: number, h: number, f: (x: number, y: number) => number) => {
    const out = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.fill(f(x, y), 3 * (y * w + x), 3 * (y * w + x) + 3);
    return out;
  };
  it('the Laplacian is zero on a flat or linear image and counts a lone bright pixel', () => {
    expect(meanAbsLaplacian(gray(5, 5, () => 90), 5, 5)).toBeCloseTo(0, 4);
    expect(meanAbsLaplacian(gray(5, 5, (x) => 10 * x), 5, 5)).toBeCloseTo(0, 4);
    // A 100 at the centre of 5x5: |4*100| there, |-100| at its 4 neighbours, over 3x3 interior pixels.
    expect(meanAbsLaplacian(gray(5, 5, (x, y) => (x === 2 && y === 2 ? 100 : 0)), 5, 5)).toBeCloseTo(800 / 9, 3);
    // Outside a rectangle over the bright pixel and its left neighbour: 3 neighbours of 100 in 7 pixels.
    expect(laplacianSum(gray(5, 5, (x, y) => (x === 2 && y === 2 ? 100 : 0)), 5, 5, [{ x0: 1, y0: 2, x1: 3, y1: 3 }])).toEqual({ mean: expect.closeTo(300 / 7, 3) as number, pixels: 7 });
    expect(meanAbsLaplacian(gray(5, 5, () => 1), 5, 5, [{ x0: 0, y0: 0, x1: 5, y1: 5 }])).toBeNaN();
  });
  it('luma SD: 0 when flat, half the step for a two-level image', () => {
    expect(lumaSd(gray(4, 4, () => 50), 4, 4)).toBeCloseTo(0, 4);
    expect(lumaSd(gray(4, 4, (x) => (x < 2 ? 0 : 100)), 4, 4)).toBeCloseTo(50, 3);
  });
});

describe('pairs and the face-vs-background arithmetic', () => {
  it('pearson', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });
  it('pairs a clip\'s halves and leaves out a half without its partner', () => {
    const p = pairsOf(
      new Map([
        ['dfl-real-A_0.mp4', { label: 0 as const, value: 1 }],
        ['dfl-fake-A_0.mp4', { label: 1 as const, value: 2 }],
        ['dfl-fake-B_0.mp4', { label: 1 as const, value: 5 }],
      ]),
    );
    expect(p).toEqual([{ key: 'dfl-*-a_0.mp4', real: 1, fake: 2 }]);
  });
  it('separates a face difference from a background one', () => {
    // Pair A: face +20%, background +10%; B: face +5%, background +10%; C: face -10%, background -20%.
    const v = [
      { video: 'dfl-real-A_0.mp4', label: 0 as const, face: 10, back: 5 },
      { video: 'dfl-fake-A_0.mp4', label: 1 as const, face: 12, back: 5.5 },
      { video: 'dfl-real-B_0.mp4', label: 0 as const, face: 20, back: 10 },
      { video: 'dfl-fake-B_0.mp4', label: 1 as const, face: 21, back: 11 },
      { video: 'dfl-real-C_0.mp4', label: 0 as const, face: 30, back: 10 },
      { video: 'dfl-fake-C_0.mp4', label: 1 as const, face: 27, back: 8 },
    ];
    const r = faceVsBackground(v);
    expect(r).toMatchObject({ n: 6, pairs: 3, faceBeyondBack: 2 });
    expect(r.face.above).toBe(2);
    expect(r.back.above).toBe(2);
    expect(r.face.medianDiff).toBeCloseTo(0.05, 9);
    expect(r.back.medianDiff).toBeCloseTo(0.1, 9);
    // face/back: A 2 -> 2.18, B 2 -> 1.909, C 3 -> 3.375: the swapped half above in A and C.
    expect(r.ratio.above).toBe(2);
    expect(r.pearson).toBeCloseTo(pearson([0.2, 0.05, -0.1], [0.1, 0.1, -0.2]), 12);
    // The least-squares line dFace = a + b dBack.
    // Deviations from the means: dFace (0.15, 0, -0.15), dBack (0.1, 0.1, -0.2); cov 0.045 / var 0.06.
    expect(r.line.slope).toBeCloseTo(0.75, 9);
    expect(r.line.intercept).toBeCloseTo(0.05, 9);
  });
  it('keeps a patch only where both halves hold it and both are textured', () => {
    const patch = (frame: number, corner: 'top-left' | 'top-right', sd: number) => ({ frame, corner, middle4: 1, middle6: 1, laplacian: 1, lumaSd: sd });
    const line = (video: string, label: 0 | 1, patches: BackgroundLine['patches']): BackgroundLine => ({ video, label, geometryFrom: video, faces: [], patches, faceCheck: 0, frameLaplacian: [], outsideLaplacian: [], timeMismatches: 0 });
    const kept = keptPatches(
      [
        line('dfl-real-A_0.mp4', 0, [patch(0, 'top-left', 10), patch(0, 'top-right', 10), patch(1, 'top-left', 10)]),
        line('dfl-fake-A_0.mp4', 1, [patch(0, 'top-left', 10), patch(0, 'top-right', 1)]),
        line('dfl-real-B_0.mp4', 0, [patch(0, 'top-left', 1), patch(2, 'top-left', 9)]),
      ],
      5,
    );
    expect(kept.get('dfl-real-A_0.mp4')!.map((q) => `${q.frame} ${q.corner}`)).toEqual(['0 top-left']);
    expect(kept.get('dfl-fake-A_0.mp4')!.map((q) => `${q.frame} ${q.corner}`)).toEqual(['0 top-left']);
    expect(kept.get('dfl-real-B_0.mp4')!.map((q) => `${q.frame} ${q.corner}`)).toEqual(['2 top-left']);
  });
});
