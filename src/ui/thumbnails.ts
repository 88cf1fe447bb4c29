// Face crops as small JPEG data: URLs for the HTML report (the page holds them as ImageBitmaps,
// which a standalone file cannot reference). Needs the DOM (a canvas); report-html.ts stays pure.
import type { AnalysisResult } from '../types';
import type { FrameView } from './analysis-state';
import { drawBoxes } from './BitmapCanvas';
import { reportFrameIndex } from '../report/evidence';
import { faceBoxes } from './person-view';
import { keyframesOf } from './keyframes';
import type { ReportImages } from '../report/report-html';

/** Side of a report thumbnail: the gallery shows 128 px, the table 48 px. A 112 px face of
 *  ffpp-real-004 at quality 0.85 is a 4.5-4.8 KB data URL (docs/decisions.md), so 256 frames add
 *  about 1.2 MB to the HTML report. */
export const THUMB_SIDE = 112;

/** A bitmap scaled to fit `side` as a JPEG data: URL, with `decorate` drawn over it (given the
 *  scale), or null when the bitmap is closed or unreadable. */
function scaledJpeg(bitmap: ImageBitmap, side: number, decorate?: (ctx: CanvasRenderingContext2D, scale: number, width: number) => void): string | null {
  // A bitmap of a finished job is closed when the next one starts: width 0 then.
  if (bitmap.width === 0 || bitmap.height === 0) return null;
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d');
  if (ctx === null) return null;
  try {
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    decorate?.(ctx, scale, canvas.width);
    return canvas.toDataURL('image/jpeg', 0.85);
  } catch {
    return null;
  }
}

/** One bitmap as a JPEG data: URL no larger than `side`, or null when it is closed or unreadable. */
export function bitmapDataUrl(bitmap: ImageBitmap, side = THUMB_SIDE): string | null {
  return scaledJpeg(bitmap, side);
}

/** The face crop of every frame that has one, by frame index. */
export function cropDataUrls(frames: readonly FrameView[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const f of frames) {
    const url = f.crop === null ? null : bitmapDataUrl(f.crop);
    if (url !== null) out.set(f.frame.index, url);
  }
  return out;
}

/** Longest side of the report's whole frame. */
export const FRAME_SIDE = 960;

/** A whole frame with every face boxed (as the preview draws it), as a JPEG data: URL, or null. */
export function frameDataUrl(view: FrameView, side = FRAME_SIDE): string | null {
  if (view.image === null) return null;
  return scaledJpeg(view.image, side, (ctx, k, width) => drawBoxes(ctx, faceBoxes(view.frame, view.scale * k), width));
}

/** Everything the readable report shows that the JSON does not carry: the crops, one whole frame
 *  with its faces boxed, and whether to draw attention (the page's switch). */
export function reportImages(frames: readonly FrameView[], result: AnalysisResult, attention: boolean): ReportImages {
  const index = reportFrameIndex(result);
  const view = index === null ? undefined : frames.find((f) => f.frame.index === index);
  const url = view === undefined ? null : frameDataUrl(view);
  return { crops: cropDataUrls(frames), frame: url === null || index === null ? null : { index, url }, attention, keyframes: keyframeDataUrls(frames) };
}

/** Longest side of a still in the report (the page holds them at 320 px). */
export const STILL_SIDE = 320;

/** The stills at shot changes (the same choice the page and the JSON make), by frame index. */
function keyframeDataUrls(frames: readonly FrameView[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const k of keyframesOf(frames)) {
    const image = frames.find((f) => f.frame.index === k.index)?.image ?? null;
    const url = image === null ? null : bitmapDataUrl(image, STILL_SIDE);
    if (url !== null) out.set(k.index, url);
  }
  return out;
}
