// What the page shows per person (track): pure helpers, unit-tested without a browser.
import type { AnalysisResult, AttentionGrid, Box, FaceResult, FrameResult, Track } from '../types';
import { formatPercent } from './format';
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

/** A person's colour, shared by the preview's boxes, the timeline's points, the gallery, the crops
 *  and the People rows. Okabe-Ito hues, told apart with the common colour-vision deficiencies; the
 *  name is always written beside it, so the colour is never the only cue. Cycles past eight. */
export const PERSON_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#8a7a00', '#444444'] as const;

export function personColour(track: number | null): string {
  return track === null ? '#9aa1a8' : PERSON_COLOURS[(Math.max(1, track) - 1) % PERSON_COLOURS.length]!;
}

/** "Person 2": the one name a person has on the page and in the reports. */
export function personName(track: number | null): string {
  return track === null ? 'Face not scored' : `Person ${track}`;
}

/** The person a frame's score comes from (its most suspicious scored face's), or null. */
export function framePerson(frame: FrameResult): number | null {
  return topFace(frame)?.track ?? null;
}

/** A person's one 95% interval, the same wherever it is shown. For the person the verdict comes
 *  from it is the verdict's (basis.interval): with several people that one also allows for another
 *  person being the most suspicious, and it is the one the label was decided on. */
export function personInterval(result: Pick<AnalysisResult, 'basis'>, track: Pick<Track, 'id' | 'interval'>): readonly [number, number] {
  return result.basis !== null && result.basis.track === track.id && result.basis.interval !== null ? result.basis.interval : track.interval;
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
    label: f.pFake === null ? 'not scored' : `${personName(f.track)} · ${formatPercent(f.pFake)}`,
  }));
}

/** Black or white, whichever reads better on `hex` (#rrggbb). */
export function textColourOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? '#000000' : '#ffffff';
}
