import { describe, expect, it } from 'vitest';
import type { Face } from '../types';
import { selectFaces } from './select-face';

const face = (x: number, side: number, score = 0.9): Face => ({
  box: { x, y: 0, width: side, height: side },
  score,
  landmarks: [{ x, y: 0 }, { x: x + 1, y: 0 }, { x, y: 1 }, { x, y: 2 }],
});

describe('selectFaces', () => {
  it('scores every face big enough, largest first, and keeps all', () => {
    const c = selectFaces([face(0, 60), face(100, 120), face(300, 50), face(400, 30)], 48, 4);
    expect(c.faces.map((f) => f.box.width)).toEqual([120, 60, 50, 30]);
    expect(c.scored).toEqual([0, 1, 2]);
  });

  it('caps the scored faces per frame, keeping the largest', () => {
    const c = selectFaces([face(0, 60), face(100, 120), face(300, 90)], 48, 2);
    expect(c.scored.map((i) => c.faces[i]?.box.width)).toEqual([120, 90]);
    expect(c.faces).toHaveLength(3);
  });

  it('scores nothing when every face is below the minimum size', () => {
    const c = selectFaces([face(0, 30), face(50, 47)], 48, 4);
    expect(c.scored).toEqual([]);
    expect(c.faces).toHaveLength(2);
  });

  it('handles a frame without faces', () => {
    expect(selectFaces([], 48, 4)).toEqual({ faces: [], scored: [] });
  });
});
