// The page's and the reports' words for what the detector computes, for a reader who is not an
// engineer: which model is which, what the interval and the agreement mean, how to read the
// verdict, and what a frame's score is (how suspicious the frame looks, not how much of it is fake).
// Pure, one definition each, so the page and the HTML report say the same thing.
import { INTERVAL_LEVEL, INTERVAL_PERCENT } from '../config';
import type { AnalysisResult } from '../types';
import { formatPercent } from './format';

/** What each model architecture looks at, in plain words (by manifest architecture or name). */
const MODEL_KINDS: Record<string, string> = {
  xception: 'Xception, looks at the whole face',
  'wsdan-xception': 'WS-DAN on Xception, attends to parts of the face (eyes, mouth, edges)',
  'wsdan-efficientnet-b3': 'WS-DAN on EfficientNet-B3, attends to parts of the face (eyes, mouth, edges)',
};

/** "Model A", "Model B", ... by position in the ensemble. */
export function modelLetter(position: number): string {
  return `Model ${String.fromCharCode(65 + (position % 26))}`;
}

/** "Model A: Xception, looks at the whole face" (the raw name when the kind is not known). */
export function modelPlainName(name: string, position: number, architecture?: string): string {
  const kind = MODEL_KINDS[name] ?? (architecture === undefined ? undefined : MODEL_KINDS[architecture]) ?? name;
  return `${modelLetter(position)}: ${kind}`;
}

/** A frame's score as what it is: how suspicious this frame's face looks. */
export function frameScoreText(score: number | null): string {
  return score === null ? 'no usable face' : `how suspicious this frame looks: ${formatPercent(score)}`;
}

/** The verdict's interval in a sentence, or null when there is none. */
export function intervalSentence(result: AnalysisResult): string | null {
  const i = result.basis?.interval;
  if (result.error !== null || i === null || i === undefined || result.frames.length <= 1) return null;
  return `From the frames sampled, the score would very likely (${INTERVAL_PERCENT} times in 100) land between ${formatPercent(i[0])} and ${formatPercent(i[1])} on another sample of this video's frames: the narrower this range, the steadier the evidence.`;
}

/** That the models agree, in a sentence; null when fewer than two models scored, and when they
 *  disagree: the reason sentence (aggregate.ts) already says so, with each model's score. */
export function agreementSentence(result: AnalysisResult): string | null {
  const a = result.basis?.agreement;
  const scores = Object.values(result.models);
  if (result.error !== null || a === null || a === undefined || !a.agree || scores.length < 2) return null;
  const points = Math.round(a.spread * 100);
  return `The models agree: their scores for this person are within ${points} percentage point${points === 1 ? '' : 's'} of each other.`;
}

/** The short "how to read this" beside the verdict. */
export const HOW_TO_READ: readonly string[] = [
  'The percentage is the detector’s estimate that the faces were manipulated, not a share of the video or of a face.',
  '“Likely manipulated” and “No manipulation detected” are only given when the whole range is clearly on one side and the models agree; otherwise it says “Can’t tell”.',
  'It judges faces only, and can be fooled by heavy compression, small faces or new kinds of fakes: check the frames below and the source of the video.',
];

/** The interval column's heading, with what it is. */
export const INTERVAL_HEADING = `${INTERVAL_LEVEL} range (likely spread)`;

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
