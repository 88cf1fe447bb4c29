// The input-quality reading in words: the cautions it adds to a verdict, the rows the page and the
// HTML report show, and deepfake-scan's one-line summary. Every word comes through the i18n layer
// (src/i18n, `quality.*`): the cautions in the language asked for (English for the JSON report's
// warnings, the page's on the page), deepfake-scan's line in English like the rest of the CLI. Pure.
import { APP_CONFIG } from '../config';
import { i18n, language } from '../i18n/i18n';
import { decimalIn } from '../i18n/numbers';
import type { AnalysisResult, BlackBars, InputQuality, QualityIssue } from '../types';
import { personName } from './person';

/** The caution's headline beside the verdict when the input is poor. */
export function qualityCautionTitle(): string {
  return i18n.t('quality.cautionTitle');
}

/** The reading's heading on the page and in the HTML report. */
export function qualityHeading(): string {
  return i18n.t('quality.heading');
}

/** Why the reading matters, under its heading. */
export function qualityNote(): string {
  return i18n.t('quality.note');
}

const px = (n: number) => `${Math.round(n)} px`;
/** A setting as the language writes a number ("0.02", "0,02"). */
const setting = (lng: string, n: number) => new Intl.NumberFormat(lng, { maximumFractionDigits: 6 }).format(n);

/** Bits per pixel with two significant digits ("0.036"); compression is read on a log scale. */
export function formatBitsPerPixel(bpp: number, lng: string = 'en'): string {
  return bpp >= 1 ? decimalIn(lng, bpp, 1) : new Intl.NumberFormat(lng, { minimumSignificantDigits: 2, maximumSignificantDigits: 2 }).format(bpp);
}

/** "2.2 Mbit/s", "310 kbit/s". */
export function formatBitrate(bitsPerSecond: number, lng: string = 'en'): string {
  const t = i18n.getFixedT(lng);
  return bitsPerSecond >= 1e6 ? t('quality.mbits', { value: decimalIn(lng, bitsPerSecond / 1e6, 1) }) : t('quality.kbits', { value: Math.round(bitsPerSecond / 1000) });
}

/** The face size the cautions judge: the verdict's person's, else every face's median. */
function judgedFaceSize(q: InputQuality, result: AnalysisResult): number | null {
  return q.people.find((p) => p.track === result.basis?.track)?.faceSize ?? q.faceSize;
}

function judgedSharpness(q: InputQuality, result: AnalysisResult): number | null {
  return q.people.find((p) => p.track === result.basis?.track)?.sharpness ?? q.sharpness;
}

/** One issue of the reading as a sentence, in `lng`, that says what it means for the verdict. */
export function issueSentence(issue: QualityIssue, q: InputQuality, result: AnalysisResult, lng: string = language()): string {
  const c = APP_CONFIG.quality;
  const t = i18n.getFixedT(lng);
  switch (issue) {
    case 'compressed': {
      const why: (string | null)[] = [
        q.bitsPerPixel !== null && q.bitsPerPixel < c.minBitsPerPixel ? t('quality.whyBitsPerPixel', { bpp: formatBitsPerPixel(q.bitsPerPixel, lng), min: setting(lng, c.minBitsPerPixel) }) : null,
        q.blockiness !== null && q.blockiness > c.maxBlockiness ? t('quality.whyBlocks', { value: decimalIn(lng, q.blockiness, 2), max: c.maxBlockiness }) : null,
      ];
      return t('quality.compressed', { why: why.filter((x): x is string => x !== null).join('; ') });
    }
    case 'blurry':
      return t('quality.blurry', { value: Math.round(judgedSharpness(q, result) ?? 0), min: c.minSharpness });
    case 'small-faces':
      return t('quality.smallFaces', { px: Math.round(judgedFaceSize(q, result) ?? 0), min: c.smallFacePixels });
  }
}

/** "letterboxed (black bars of 140 px above and 140 px below)", "pillarboxed (...)", both. */
export function barsText(b: BlackBars, lng: string = language()): string {
  const t = i18n.getFixedT(lng);
  const parts: string[] = [];
  if (b.top + b.bottom > 0) parts.push(t('quality.letterboxed', { top: Math.round(b.top), bottom: Math.round(b.bottom) }));
  if (b.left + b.right > 0) parts.push(t('quality.pillarboxed', { left: Math.round(b.left), right: Math.round(b.right) }));
  return parts.join(', ');
}

/** One row of the reading: `key` is stable (tests, styling), `label` and `value` are words, in the
 *  page's language. */
export interface QualityRow {
  key: 'resolution' | 'bitrate' | 're-encoding' | 'face-size' | 'face-sharpness' | 'black-bars';
  label: string;
  value: string;
}

/** The reading as rows of (what, value) for the page and the HTML report. */
export function qualityRows(q: InputQuality): QualityRow[] {
  const c = APP_CONFIG.quality;
  const lng = language();
  const t = i18n.getFixedT(lng);
  const rows: QualityRow[] = [];
  const picture = q.bars ? t('quality.picture', { width: Math.round(q.width - q.bars.left - q.bars.right), height: Math.round(q.height - q.bars.top - q.bars.bottom) }) : '';
  const fps = q.fps !== null ? t('quality.fps', { fps: new Intl.NumberFormat(lng, { maximumFractionDigits: 2 }).format(q.fps) }) : '';
  rows.push({ key: 'resolution', label: t('quality.resolution'), value: `${q.width} × ${q.height}${fps}${picture}` });
  if (q.bitrate !== null) {
    const source = q.bitrateFrom === 'file' ? t('quality.fromFile') : '';
    const bpp = q.bitsPerPixel !== null ? t('quality.bitsPerPixel', { bpp: formatBitsPerPixel(q.bitsPerPixel, lng), min: setting(lng, c.minBitsPerPixel) }) : '';
    rows.push({ key: 'bitrate', label: t('quality.bitrate'), value: `${formatBitrate(q.bitrate, lng)}${source}${bpp}` });
  }
  if (q.blockiness !== null) {
    const seen = q.blockiness > c.maxBlockiness ? t('quality.blocksSeen') : t('quality.blocksNone');
    rows.push({ key: 're-encoding', label: t('quality.reencoding'), value: t('quality.blockiness', { seen, value: decimalIn(lng, q.blockiness, 2), max: c.maxBlockiness }) });
  }
  if (q.faceSize !== null) {
    const people = q.people.length > 1 ? `; ${q.people.map((p) => `${personName(p.track)} ${px(p.faceSize)}`).join(', ')}` : '';
    rows.push({ key: 'face-size', label: t('quality.faceSize'), value: t('quality.faceSizeValue', { px: Math.round(q.faceSize), people, min: c.smallFacePixels }) });
  }
  if (q.sharpness !== null) {
    const people = q.people.length > 1 ? `; ${q.people.map((p) => `${personName(p.track)} ${p.sharpness === null ? '–' : Math.round(p.sharpness)}`).join(', ')}` : '';
    rows.push({ key: 'face-sharpness', label: t('quality.sharpness'), value: t('quality.sharpnessValue', { value: Math.round(q.sharpness), people, min: c.minSharpness }) });
  }
  rows.push({ key: 'black-bars', label: t('quality.bars'), value: q.bars ? barsText(q.bars, lng) : t('quality.barsNone') });
  return rows;
}

/** deepfake-scan's one-line reading on stderr (English, like the rest of the CLI). */
export function qualityLine(q: InputQuality): string {
  const parts = [
    `${q.width}x${q.height}`,
    q.bitsPerPixel !== null ? `${formatBitsPerPixel(q.bitsPerPixel)} bits/pixel` : null,
    q.blockiness !== null ? `blockiness ${q.blockiness.toFixed(2)}` : null,
    q.faceSize !== null ? `faces about ${px(q.faceSize)}` : null,
    q.sharpness !== null ? `sharpness ${Math.round(q.sharpness)}` : null,
    q.bars ? barsText(q.bars, 'en') : null,
    q.issues.length > 0 ? `poor: ${q.issues.join(', ')}` : null,
  ].filter((s): s is string => s !== null);
  return parts.join(', ');
}
