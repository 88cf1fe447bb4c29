import { describe, expect, it } from 'vitest';
import { jitteredFace } from './align-crops';
import { createRng } from '../src/pipeline/rng';
import { alignmentFor } from '../src/pipeline/align';
import type { Face } from '../src/types';

const face: Face = {
  score: 0.9,
  box: { x: 60, y: 40, width: 100, height: 100 },
  landmarks: [
    { x: 90, y: 80 },
    { x: 130, y: 80 },
    { x: 110, y: 100 },
    { x: 110, y: 120 },
  ],
};
const none = { shift: 0, scale: 0, rotateDeg: 0 };

describe('jitteredFace (the window-jitter recipe)', () => {
  it('without jitter or mirror gives the same face', () => {
    const f = jitteredFace(face, createRng(1), 224, false, none);
    f.landmarks.forEach((p, i) => {
      expect(p.x).toBeCloseTo(face.landmarks[i]!.x, 9);
      expect(p.y).toBeCloseTo(face.landmarks[i]!.y, 9);
    });
    expect(f.box.x).toBeCloseTo(60, 9);
    expect(f.box.width).toBeCloseTo(100, 9);
  });

  it('mirrored: the keypoints of the flipped frame, eyes swapped so index 0 stays image-left', () => {
    const f = jitteredFace(face, createRng(1), 224, true, none);
    expect(f.landmarks[0]).toEqual({ x: 224 - 130, y: 80 });
    expect(f.landmarks[1]).toEqual({ x: 224 - 90, y: 80 });
    expect(f.landmarks[2]!.x).toBeCloseTo(114, 9);
    expect(f.box.x).toBeCloseTo(224 - 160, 9);
    // The flipped face aligns upright: its eyes stay level and in order.
    const t = alignmentFor(f);
    expect(Math.abs(t.b)).toBeLessThan(1e-9);
    expect(t.a).toBeGreaterThan(0);
  });

  it('moves the alignment by at most the stated shift, scale and rotation', () => {
    const rng = createRng(3);
    const base = alignmentFor(face);
    const baseScale = Math.hypot(base.a, base.b);
    let moved = 0;
    for (let i = 0; i < 200; i++) {
      const f = jitteredFace(face, rng, 224, false);
      const t = alignmentFor(f);
      const scale = Math.hypot(t.a, t.b);
      const angle = (Math.atan2(t.b, t.a) * 180) / Math.PI;
      expect(Math.abs(baseScale / scale - 1)).toBeLessThanOrEqual(0.0417);
      expect(Math.abs(angle)).toBeLessThanOrEqual(4 + 1e-9);
      const c = f.landmarks.reduce((s, p) => ({ x: s.x + p.x / 4, y: s.y + p.y / 4 }), { x: 0, y: 0 });
      expect(Math.abs(c.x - 110)).toBeLessThanOrEqual(0.04 * 40 + 1e-9);
      expect(Math.abs(c.y - 95)).toBeLessThanOrEqual(0.04 * 40 + 1e-9);
      if (Math.abs(c.x - 110) > 0.5) moved++;
    }
    expect(moved).toBeGreaterThan(100);
  });
});
