// What the page shows per person (track): pure helpers, unit-tested without a browser.
import type { AttentionGrid, FaceResult, FrameResult, Track } from '../types';
import type { FrameView } from './analysis-state';

export interface PersonThumb {
  frameIndex: number;
  bitmap: ImageBitmap;
  pFake: number;
  attention: AttentionGrid | null;
}

/** Up to `max` crops of a person, in time order, always including its most suspicious frame; the
 *  rest spread evenly over the frames where it was seen. */
export function personThumbnails(track: Track, views: readonly FrameView[], max: number): PersonThumb[] {
  const all: PersonThumb[] = [];
  for (const v of [...views].sort((a, b) => a.frame.index - b.frame.index)) {
    const i = v.frame.faces.findIndex((f) => f.track === track.id && f.pFake !== null);
    const bitmap = i >= 0 ? v.crops[i] : null;
    if (bitmap) all.push({ frameIndex: v.frame.index, bitmap, pFake: v.frame.faces[i].pFake!, attention: v.frame.faces[i].attention });
  }
  if (all.length <= max) return all;
  const picked = new Set<number>();
  const peak = all.findIndex((t) => t.frameIndex === track.peakFrame);
  if (peak >= 0) picked.add(peak);
  for (let k = 0; picked.size < max && k < max; k++) picked.add(Math.round((k * (all.length - 1)) / Math.max(1, max - 1)));
  for (let k = 0; picked.size < max; k++) picked.add(k);
  return [...picked].sort((a, b) => a - b).map((k) => all[k]);
}

/** The frame's most suspicious scored face (the one frame.score and frame.box describe), or null. */
export function topFace(frame: FrameResult): FaceResult | null {
  return frame.score === null ? null : (frame.faces.find((f) => f.pFake === frame.score) ?? null);
}

/** RGBA pixels (side x side) of an attention grid as a translucent red heat map. */
export function attentionPixels(grid: AttentionGrid, maxAlpha = 0.6): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(grid.side * grid.side * 4);
  grid.values.forEach((v, i) => {
    const a = Math.min(1, Math.max(0, v));
    out.set([255, Math.round(64 * (1 - a)), 0, Math.round(255 * maxAlpha * a)], i * 4);
  });
  return out;
}
