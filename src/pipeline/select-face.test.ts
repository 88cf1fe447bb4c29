import { describe, expect, it } from 'vitest';
import type { Face } from '../types';
import { selectFace } from './select-face';

const face = (x: number, side: number, score = 0.9): Face => ({
  box: { x, y: 0, width: side, height: side },
  score,
  landmarks: [{ x, y: 0 }, { x: x + 1, y: 0 }, { x, y: 1 }, { x, y: 2 }],
});

describe('selectFace', () => {
  it('scores the largest face and keeps all, largest first', () => {
    const c = selectFace([face(0, 60), face(100, 120), face(300, 50)], 48);
    expect(c.scored?.box.x).toBe(100);
    expect(c.faces.map((f) => f.box.width)).toEqual([120, 60, 50]);
    expect(c.tooSmall).toBe(false);
  });

  it('scores nothing when the largest face is below the minimum size', () => {
    const c = selectFace([face(0, 30), face(50, 47)], 48);
    expect(c.scored).toBeNull();
    expect(c.tooSmall).toBe(true);
    expect(c.faces).toHaveLength(2);
  });

  it('handles a frame without faces', () => {
    expect(selectFace([], 48)).toEqual({ scored: null, faces: [], tooSmall: false });
  });
});
