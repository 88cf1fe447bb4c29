import { describe, expect, it } from 'vitest';
import type { Track } from '../types';
import type { FrameView } from './analysis-state';
import { attentionPixels, faceBoxes, textColourOn, personThumbnails } from './person-view';
import { personColour } from '../report/person';
import { makeFrame } from '../report/test-fixtures';

/** A stand-in bitmap: personThumbnails only passes it on. */
const bitmap = (tag: number) => ({ width: 10, tag }) as unknown as ImageBitmap;

function view(index: number, score: number | null): FrameView {
  const frame = makeFrame(index, score);
  return { frame, image: null, scale: 1, crop: null, crops: frame.faces.map(() => bitmap(index)) };
}

const track = (frames: number[], peakFrame: number): Track => ({ id: 1, frames, score: 0.5, interval: [0.4, 0.6], models: {}, peakFrame, faceSize: 100 });

describe('personThumbnails', () => {
  it('gives every crop of the person, in time order, when there are few', () => {
    const views = [view(2, 0.3), view(0, 0.1), view(1, null)];
    expect(personThumbnails(track([0, 2], 2), views, 4).map((t) => [t.frameIndex, t.pFake])).toEqual([
      [0, 0.1],
      [2, 0.3],
    ]);
  });

  it('keeps at most `max`, spread over time, always with the most suspicious frame', () => {
    const views = Array.from({ length: 20 }, (_, i) => view(i, i / 20));
    const thumbs = personThumbnails(track(views.map((v) => v.frame.index), 7), views, 4);
    expect(thumbs).toHaveLength(4);
    expect(thumbs.map((t) => t.frameIndex)).toContain(7);
    expect(thumbs.map((t) => t.frameIndex)).toEqual([...thumbs.map((t) => t.frameIndex)].sort((a, b) => a - b));
    expect(thumbs[0]?.frameIndex).toBe(0);
  });

  it('skips faces of other people and faces without a crop', () => {
    const other = view(0, 0.9);
    other.frame.faces[0] = { ...other.frame.faces[0]!, track: 2 };
    const noCrop = view(1, 0.5);
    noCrop.crops = [null];
    expect(personThumbnails(track([0, 1], 0), [other, noCrop], 4)).toEqual([]);
  });
});

describe('attentionPixels', () => {
  it('maps 0..1 to a transparent-to-red overlay, clamped', () => {
    const px = attentionPixels({ side: 2, values: [0, 1, 0.5, 2] }, 0.6);
    expect(px).toHaveLength(16);
    expect(Array.from(px.slice(0, 4))).toEqual([255, 64, 0, 0]);
    expect(Array.from(px.slice(4, 8))).toEqual([255, 0, 0, 153]);
    expect(px[11]).toBe(77);
    expect(Array.from(px.slice(12, 16))).toEqual([255, 0, 0, 153]);
  });
});

describe('faceBoxes', () => {
  it('boxes every face, scored ones with their person and score, in picture pixels', () => {
    const f = makeFrame(0, 0.52);
    const unscored = { ...f.faces[0]!, pFake: null, track: null, box: { x: 0, y: 0, width: 20, height: 20 } };
    const boxes = faceBoxes({ ...f, faces: [f.faces[0]!, unscored] }, 0.5);
    expect(boxes.map((b) => b.label)).toEqual(['Person 1 · 52%', 'not scored']);
    expect(boxes[0]!.box).toEqual({ x: 5, y: 10, width: 50, height: 60 });
    expect(boxes[0]!.colour).toBe(personColour(1));
  });

  it('writes black on light colours and white on dark ones', () => {
    expect(textColourOn('#e69f00')).toBe('#000000');
    expect(textColourOn('#0072b2')).toBe('#ffffff');
  });
});
