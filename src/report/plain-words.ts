// The page's and the reports' words for what the detector computes, for a reader who is not an
// engineer: which model is which, what the interval and the agreement mean, how to read the
// verdict, and what a frame's score is (how suspicious the frame looks, not how much of it is fake).
// Pure, one definition each, so the page and the HTML report say the same thing.
// Every word comes through the i18n layer (src/i18n) in the page's language.
import { INTERVAL_PERCENT } from '../config';
import { t } from '../i18n/i18n';
import type { AnalysisResult } from '../types';
import { formatPercent } from './locale-numbers';

/** What each model architecture looks at, in plain words (by manifest architecture or name): the
 *  key of its description in the catalogs. */
const MODEL_KINDS: Record<string, 'xception' | 'wsdanXception' | 'wsdanEfficientnet'> = {
  xception: 'xception',
  'wsdan-xception': 'wsdanXception',
  'wsdan-efficientnet-b3': 'wsdanEfficientnet',
};

/** "Model A", "Model B", ... by position in the ensemble. */
export function modelLetter(position: number): string {
  return t('model.letter', { letter: String.fromCharCode(65 + (position % 26)) });
}

/** "Model A: Xception, looks at the whole face" (the raw name when the kind is not known). */
export function modelPlainName(name: string, position: number, architecture?: string): string {
  const key = MODEL_KINDS[name] ?? (architecture === undefined ? undefined : MODEL_KINDS[architecture]);
  return t('model.plain', { letter: modelLetter(position), kind: key === undefined ? name : t(`model.kind.${key}`) });
}

/** A frame's score as what it is: how suspicious this frame's face looks. */
export function frameScoreText(score: number | null): string {
  return score === null ? t('frame.noFace') : t('frame.suspicion', { score: formatPercent(score) });
}

/** The verdict's interval in a sentence, or null when there is none. */
export function intervalSentence(result: AnalysisResult): string | null {
  const i = result.basis?.interval;
  if (result.error !== null || i === null || i === undefined || result.frames.length <= 1) return null;
  return t('verdict.intervalSentence', { percent: INTERVAL_PERCENT, lo: formatPercent(i[0]), hi: formatPercent(i[1]) });
}

/** That the models agree, in a sentence; null when fewer than two models scored, and when they
 *  disagree: the reason sentence (aggregate.ts) already says so, with each model's score. */
export function agreementSentence(result: AnalysisResult): string | null {
  const a = result.basis?.agreement;
  const scores = Object.values(result.models);
  if (result.error !== null || a === null || a === undefined || !a.agree || scores.length < 2) return null;
  const points = Math.round(a.spread * 100);
  return t('verdict.agree', { count: points });
}

/** The short "how to read this" beside the verdict. */
export function howToRead(): string[] {
  return [t('verdict.how1'), t('verdict.how2'), t('verdict.how3')];
}

/** A codec string (avc1.64001f, vp09.00.10.08, ...) as people know it: "H.264 (avc1.64001f)". */
export function codecName(codec: string): string {
  const known: [RegExp, string][] = [
    [/^(avc|h264)/i, 'H.264'], [/^(hev|hvc|hevc|h265)/i, 'H.265'], [/^vp0?8/i, 'VP8'], [/^vp0?9/i, 'VP9'], [/^av0?1/i, 'AV1'],
    // What the software decoder (pipeline/decode-fallback.ts) reports, by ffmpeg's names.
    [/^(mpeg4|mp4v)$/i, 'MPEG-4 Part 2'], [/^(h263|s263)$/i, 'H.263'], [/^mjpeg$/i, 'Motion JPEG'], [/^mpeg2video$/i, 'MPEG-2'],
    [/^jpe?g/i, 'JPEG'], [/^png/i, 'PNG'],
  ];
  const name = known.find(([re]) => re.test(codec))?.[1];
  return name === undefined ? codec : name.toLowerCase() === codec.toLowerCase() ? name : `${name} (${codec})`;
}
