// The verdict's reason and rule in the page's language. The worker writes them in English
// (pipeline/aggregate.ts; the JSON report and deepfake-scan keep that sentence); the page says the
// same thing from the result's own numbers: which case of the video rule applied, and with what.
// A translation is shown only when its English is the worker's sentence word for word, so it can
// never say something the worker did not (a result from elsewhere keeps its own sentence);
// verdict-reason.test.ts runs aggregate over every case and checks they match.
import { APP_CONFIG, INTERVAL_PERCENT } from '../config';
import { i18n, language } from '../i18n/i18n';
import { percentIn } from '../i18n/numbers';
import type { AnalysisResult, Interval } from '../types';

/** The thresholds the verdict was reached with (the page's own: APP_CONFIG). */
export type ReasonConfig = Pick<typeof APP_CONFIG, 'fakeAbove' | 'realBelow' | 'minFacePixels' | 'minFramesWithFace' | 'maxModelSpread'>;

/** Which case of the video rule gave the result its label (aggregate.ts, in the same order). */
export type VerdictReason =
  | { kind: 'tooSmall'; px: number }
  | { kind: 'noFace'; frames: number }
  | { kind: 'tooFewSampled'; frames: number; needed: number }
  | { kind: 'notEnoughSeen'; frames: number; needed: number; most: number }
  | {
      kind: 'scored';
      side: 'above' | 'below' | 'notBelow' | 'notAbove' | 'between';
      image: boolean;
      people: number;
      person: number;
      seen: number;
      frames: number;
      score: number;
      interval: Interval;
      /** Each model's score when they disagree, else null. */
      disagree: [string, number][] | null;
    };

/** A still image is judged on its one frame; a video needs a person in minFramesWithFace frames. */
function framesNeeded(result: Pick<AnalysisResult, 'video' | 'frames'>, cfg: ReasonConfig): number {
  const still = result.video !== null ? result.video.durationMs === 0 : result.frames.length === 1;
  return still ? 1 : Math.max(1, cfg.minFramesWithFace);
}

/** The case of the rule for a result, or null for an error (or a result the rule did not make). */
export function verdictReason(result: AnalysisResult, cfg: ReasonConfig = APP_CONFIG): VerdictReason | null {
  if (result.error !== null) return null;
  const n = result.frames.length;
  if (result.tracks.length === 0) {
    return result.frames.some((f) => f.faces.length > 0) ? { kind: 'tooSmall', px: cfg.minFacePixels } : { kind: 'noFace', frames: n };
  }
  const b = result.basis;
  const top = result.tracks.find((tr) => tr.id === b?.track);
  if (b === null || top === undefined || b.interval === null || result.score === null) return null;
  const needed = framesNeeded(result, cfg);
  if (result.tracks.every((tr) => tr.frames.length < needed)) {
    return n < needed ? { kind: 'tooFewSampled', frames: n, needed } : { kind: 'notEnoughSeen', frames: n, needed, most: top.frames.length };
  }
  const i = b.interval;
  const side =
    i[0] >= cfg.fakeAbove ? 'above' : i[1] <= cfg.realBelow ? 'below' : top.score <= cfg.realBelow ? 'notBelow' : top.score >= cfg.fakeAbove ? 'notAbove' : 'between';
  return {
    kind: 'scored',
    side,
    image: n === 1,
    people: result.tracks.length,
    person: top.id,
    seen: top.frames.length,
    frames: n,
    score: top.score,
    interval: i,
    disagree: b.agreement === null || b.agreement.agree ? null : Object.entries(result.models),
  };
}

/** The reason as a sentence in `lng`. */
export function reasonText(r: VerdictReason, lng: string, cfg: ReasonConfig = APP_CONFIG): string {
  const t = i18n.getFixedT(lng);
  const pct = (p: number) => percentIn(lng, p);
  switch (r.kind) {
    case 'tooSmall':
      return t('reason.tooSmall', { px: r.px });
    case 'noFace':
      return r.frames === 1 ? t('reason.noFaceImage') : t('reason.noFace', { count: r.frames });
    case 'tooFewSampled':
      return t('reason.tooFewSampled', { count: r.frames, needed: r.needed });
    case 'notEnoughSeen':
      return t('reason.notEnoughSeen', { needed: r.needed, frames: r.frames, most: r.most });
  }
  const score = pct(r.score);
  const range = `${pct(r.interval[0])}–${pct(r.interval[1])}`;
  const level = pct(INTERVAL_PERCENT / 100);
  const who = r.image
    ? r.people === 1
      ? t('reason.oneFaceImage', { score })
      : t('reason.mostFacesImage', { count: r.people, score })
    : t(r.people === 1 ? 'reason.mostOfOne' : 'reason.mostOf', { count: r.people, id: r.person, seen: r.seen, frames: r.frames, score, level, range });
  const real = pct(cfg.realBelow);
  const fake = pct(cfg.fakeAbove);
  const why =
    r.side === 'between'
      ? t('reason.between', { who, low: real, high: fake })
      : t(`reason.${r.side}`, { who, line: r.side === 'above' || r.side === 'notAbove' ? fake : real });
  const disagree = r.disagree === null ? '' : t('reason.disagree', { scores: r.disagree.map(([name, v]) => `${name} ${pct(v)}`).join(', ') });
  return why + disagree;
}

/** The video rule in a sentence in `lng`. */
function ruleText(needed: number, lng: string, cfg: ReasonConfig): string {
  const pct = (p: number) => percentIn(lng, p);
  return i18n.getFixedT(lng)('reason.rule', {
    count: needed,
    level: pct(INTERVAL_PERCENT / 100),
    real: pct(cfg.realBelow),
    fake: pct(cfg.fakeAbove),
    points: Math.round(cfg.maxModelSpread * 100),
  });
}

/** The result's reason in the page's language when it is the worker's sentence, else the
 *  worker's own sentence (null for an error or no reason). */
export function verdictReasonText(result: AnalysisResult, cfg: ReasonConfig = APP_CONFIG): string | null {
  const r = verdictReason(result, cfg);
  if (r === null || result.reason === null || reasonText(r, 'en', cfg) !== result.reason) return result.reason;
  return reasonText(r, language(), cfg);
}

/** The video rule in the page's language when it is the worker's sentence, else the worker's own
 *  sentence; null when the result has no basis. */
export function verdictRuleText(result: AnalysisResult, cfg: ReasonConfig = APP_CONFIG): string | null {
  if (result.error !== null || result.basis === null) return null;
  const needed = framesNeeded(result, cfg);
  return ruleText(needed, 'en', cfg) === result.basis.rule ? ruleText(needed, language(), cfg) : result.basis.rule;
}
