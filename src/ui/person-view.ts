// What the page draws per person (track): crops over time, attention overlays, boxes on a frame.
// Pure helpers, unit-tested without a browser; names and colours come from report/person.ts.
import type { AttentionGrid, Box, FrameResult, Track } from '../types';
import { t } from '../i18n/i18n';
import { formatPercent } from '../report/format';
import { personColour, personName } from '../report/person';
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
    if (bitmap) all.push({ frameIndex: v.frame.index, bitmap, pFake: v.frame.faces[i]!.pFake!, attention: v.frame.faces[i]!.attention });
  }
  if (all.length <= max) return all;
  const picked = new Set<number>();
  const peak = all.findIndex((t) => t.frameIndex === track.peakFrame);
  if (peak >= 0) picked.add(peak);
  for (let k = 0; picked.size < max && k < max; k++) picked.add(Math.round((k * (all.length - 1)) / Math.max(1, max - 1)));
  for (let k = 0; picked.size < max; k++) picked.add(k);
  return [...picked].sort((a, b) => a - b).map((k) => all[k]!);
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

/** A box to outline on a frame, in the picture's pixels, with the text written above it. */
export interface CanvasBox {
  box: Box;
  colour: string;
  label: string;
}

/** Every face of a frame as the preview and the report's full frame outline it: scored faces in
 *  their person's colour with name and score, faces too small or unsure to score in grey. `scale`
 *  is picture pixels per source pixel. */
export function faceBoxes(frame: FrameResult, scale: number): CanvasBox[] {
  return frame.faces.map((f) => ({
    box: { x: f.box.x * scale, y: f.box.y * scale, width: f.box.width * scale, height: f.box.height * scale },
    colour: personColour(f.pFake === null ? null : f.track),
    label: f.pFake === null ? t('frame.notScored') : t('preview.box', { person: personName(f.track), score: formatPercent(f.pFake) }),
  }));
}

/** Black or white, whichever reads better on `hex` (#rrggbb). */
export function textColourOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? '#000000' : '#ffffff';
}
