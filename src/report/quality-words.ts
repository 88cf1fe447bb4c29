// The input-quality reading in words: the cautions it adds to a verdict, the rows the page and the
// HTML report show, and deepfake-scan's one-line summary. Every user-visible string about input
// quality is here (the i18n layer takes them from this one file). Pure.
import { APP_CONFIG } from '../config';
import type { AnalysisResult, BlackBars, InputQuality, QualityIssue } from '../types';
import { personName } from './person';

/** The caution's headline beside the verdict when the input is poor. */
export const QUALITY_CAUTION_TITLE = 'This copy is poor: the score is less reliable';

/** The reading's heading on the page and in the HTML report. */
export const QUALITY_HEADING = 'Input quality';

/** Why the reading matters, under its heading. */
export const QUALITY_NOTE =
  'What the detector had to work with. Heavy compression, blur and small faces erase the traces it looks for, so a poor copy can make a fake look real or a real video look suspicious.';

const px = (n: number) => `${Math.round(n)} px`;

/** Bits per pixel with two significant digits ("0.036"); compression is read on a log scale. */
export function formatBitsPerPixel(bpp: number): string {
  return bpp >= 1 ? bpp.toFixed(1) : bpp.toPrecision(2);
}

/** "2.2 Mbit/s", "310 kbit/s". */
export function formatBitrate(bitsPerSecond: number): string {
  return bitsPerSecond >= 1e6 ? `${(bitsPerSecond / 1e6).toFixed(1)} Mbit/s` : `${Math.round(bitsPerSecond / 1000)} kbit/s`;
}

/** The face size the cautions judge: the verdict's person's, else every face's median. */
function judgedFaceSize(q: InputQuality, result: AnalysisResult): number | null {
  return q.people.find((p) => p.track === result.basis?.track)?.faceSize ?? q.faceSize;
}

function judgedSharpness(q: InputQuality, result: AnalysisResult): number | null {
  return q.people.find((p) => p.track === result.basis?.track)?.sharpness ?? q.sharpness;
}

/** One issue of the reading as a sentence that says what it means for the verdict. */
export function issueSentence(issue: QualityIssue, q: InputQuality, result: AnalysisResult): string {
  const c = APP_CONFIG.quality;
  switch (issue) {
    case 'compressed': {
      const why = [
        q.bitsPerPixel !== null && q.bitsPerPixel < c.minBitsPerPixel ? `${formatBitsPerPixel(q.bitsPerPixel)} bits per pixel, under ${c.minBitsPerPixel}` : null,
        q.blockiness !== null && q.blockiness > c.maxBlockiness ? `a visible 8×8 block pattern, ${q.blockiness.toFixed(2)} against at most ${c.maxBlockiness}` : null,
      ].filter((s): s is string => s !== null);
      return `This copy is heavily compressed (${why.join('; ')}): the detector is less reliable on it; look for the original or a higher-quality copy.`;
    }
    case 'blurry':
      return `The faces are blurred (sharpness ${Math.round(judgedSharpness(q, result) ?? 0)}, under ${c.minSharpness}): the detector is less reliable on them; a sharper copy gives a more reliable score.`;
    case 'small-faces':
      return `The faces are small (about ${px(judgedFaceSize(q, result) ?? 0)} wide, under ${c.smallFacePixels} px): the models see upscaled crops; a higher-resolution copy gives a more reliable score.`;
  }
}

/** "letterboxed (black bars of 140 px above and 140 px below)", "pillarboxed (...)", both. */
export function barsText(b: BlackBars): string {
  const parts: string[] = [];
  if (b.top + b.bottom > 0) parts.push(`letterboxed (black bars of ${px(b.top)} above and ${px(b.bottom)} below)`);
  if (b.left + b.right > 0) parts.push(`pillarboxed (black bars of ${px(b.left)} left and ${px(b.right)} right)`);
  return parts.join(', ');
}

/** The reading as rows of (what, value) for the page and the HTML report. */
/** One row of the reading: `key` is stable (tests, styling), `label` and `value` are words. */
export interface QualityRow {
  key: 'resolution' | 'bitrate' | 're-encoding' | 'face-size' | 'face-sharpness' | 'black-bars';
  label: string;
  value: string;
}

export function qualityRows(q: InputQuality): QualityRow[] {
  const c = APP_CONFIG.quality;
  const rows: QualityRow[] = [];
  const picture = q.bars ? `, the picture ${px(q.width - q.bars.left - q.bars.right)} × ${px(q.height - q.bars.top - q.bars.bottom)} inside it` : '';
  rows.push({ key: 'resolution', label: 'Resolution', value: `${q.width} × ${q.height}${q.fps !== null ? `, ${Number(q.fps.toFixed(2))} frames per second` : ''}${picture}` });
  if (q.bitrate !== null) {
    const source = q.bitrateFrom === 'file' ? ' (the whole file: the video stream did not say)' : '';
    const bpp = q.bitsPerPixel !== null ? `: ${formatBitsPerPixel(q.bitsPerPixel)} bits per pixel of each frame (under ${c.minBitsPerPixel} is heavily compressed)` : '';
    rows.push({ key: 'bitrate', label: 'Bitrate', value: `${formatBitrate(q.bitrate)}${source}${bpp}` });
  }
  if (q.blockiness !== null) {
    const seen = q.blockiness > c.maxBlockiness ? 'a visible 8×8 block pattern, a sign of heavy or repeated compression' : 'no strong 8×8 block pattern (an encoder\'s deblocking filter can hide it: the bitrate is the surer sign)';
    rows.push({ key: 're-encoding', label: 'Re-encoding', value: `${seen}; blockiness ${q.blockiness.toFixed(2)} (1 is none, over ${c.maxBlockiness} counts)` });
  }
  if (q.faceSize !== null) {
    const people = q.people.length > 1 ? `; ${q.people.map((p) => `${personName(p.track)} ${px(p.faceSize)}`).join(', ')}` : '';
    rows.push({ key: 'face-size', label: 'Face size', value: `about ${px(q.faceSize)} wide${people} (under ${c.smallFacePixels} px is small)` });
  }
  if (q.sharpness !== null) {
    const people = q.people.length > 1 ? `; ${q.people.map((p) => `${personName(p.track)} ${p.sharpness === null ? '–' : Math.round(p.sharpness)}`).join(', ')}` : '';
    rows.push({ key: 'face-sharpness', label: 'Face sharpness', value: `${Math.round(q.sharpness)}${people} (under ${c.minSharpness} is blurred)` });
  }
  rows.push({ key: 'black-bars', label: 'Black bars', value: q.bars ? barsText(q.bars) : 'none' });
  return rows;
}

/** deepfake-scan's one-line reading on stderr. */
export function qualityLine(q: InputQuality): string {
  const parts = [
    `${q.width}x${q.height}`,
    q.bitsPerPixel !== null ? `${formatBitsPerPixel(q.bitsPerPixel)} bits/pixel` : null,
    q.blockiness !== null ? `blockiness ${q.blockiness.toFixed(2)}` : null,
    q.faceSize !== null ? `faces about ${px(q.faceSize)}` : null,
    q.sharpness !== null ? `sharpness ${Math.round(q.sharpness)}` : null,
    q.bars ? barsText(q.bars) : null,
    q.issues.length > 0 ? `poor: ${q.issues.join(', ')}` : null,
  ].filter((s): s is string => s !== null);
  return parts.join(', ');
}
