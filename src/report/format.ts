// Plain-language text for numbers the page shows. Pure, so the wording is tested in one place.
// Every word and number comes through the i18n layer (src/i18n) in the page's language.
import { language, t } from '../i18n/i18n';
import { decimalIn, decimalMark } from '../i18n/numbers';
import { formatDecimal, formatInterval, formatPercent, intervalLevel } from './locale-numbers';
import type { AnalysisResult, Stage } from '../types';
import { verdictReasonText, verdictRuleText } from './verdict-reason';
import { reportSentence } from './worker-sentences';

export { formatDecimal, formatInterval, formatPercent, intervalLevel };

/** A media timestamp as m:ss (or h:mm:ss), tenths shown for clips under ten seconds. */
export function formatTime(ms: number, withTenths = false): string {
  const safe = Math.max(0, ms);
  const totalSeconds = Math.floor(safe / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const tenths = withTenths ? `${decimalMark(language())}${Math.floor((safe % 1000) / 100)}` : '';
  const ss = `${String(s).padStart(2, '0')}${tenths}`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Time left, rounded the way people say it. */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return t('progress.etaUnknown');
  const s = Math.ceil(ms / 1000);
  if (s <= 1) return t('progress.etaAlmost');
  if (s < 60) return t('progress.etaSeconds', { s });
  const m = Math.round(s / 60);
  return t('progress.etaMinutes', { m });
}

/** Characters that change the direction of the text around them: the embeddings and overrides
 *  (U+202A-U+202E), the isolates (U+2066-U+2069), and the marks (U+200E, U+200F, U+061C). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/**
 * A file name as the page and the readable report show it: every bidirectional control character
 * written out ("[U+202E]"), so "clip\u202Egpj.mp4" cannot pass for "clip4pm.jpg". Rendered inside a
 * <bdi> besides, so a right-to-left name does not reorder the words around it. The JSON report,
 * the API and `scan` keep the name as it is.
 */
export function displayFileName(name: string): string {
  return name.replace(BIDI_CONTROLS, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '–';
  const units = (['B', 'KB', 'MB', 'GB', 'TB'] as const).map((u) => t(`units.bytes.${u}`));
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${i === 0 ? v : decimalIn(language(), v, v < 10 ? 1 : 0)} ${units[i]}`;
}

/** What the worker is doing to the current frame (decode, detect and score repeat for every frame). */
export function framePhase(stage: Exclude<Stage, 'done'>): string {
  return t(`progress.phase.${stage}`);
}

/** The steps an analysis shows, in order. They follow the whole file, not one frame, so the step
 *  shown only ever moves forward (the worker's stage goes decode, detect, score for every frame). */
export type AnalysisStep = 'open' | 'frames' | 'verdict';
export const ANALYSIS_STEPS: readonly AnalysisStep[] = ['open', 'frames', 'verdict'];
export function stepLabel(step: AnalysisStep): string {
  return t(`progress.${step}`);
}

export type StageStatus = 'done' | 'active' | 'pending';

/** The step an analysis is at, from the worker's last stage (null before its first message). */
export function currentStep(stage: Stage | null): AnalysisStep {
  return stage === null ? 'open' : stage === 'done' ? 'verdict' : 'frames';
}

/** Where each step stands, given the worker's last stage. */
export function stepStatuses(stage: Stage | null): Record<AnalysisStep, StageStatus> {
  const at = ANALYSIS_STEPS.indexOf(currentStep(stage));
  const status = (i: number): StageStatus => (at > i ? 'done' : at === i ? 'active' : 'pending');
  return { open: status(0), frames: status(1), verdict: status(2) };
}

/** One line under the steps: frames done, and what is happening to the next one. Both numbers
 *  only grow (the reducer drops progress that would lower frames done). */
export function progressDetail(stage: Stage | null, done: number, total: number): string {
  if (stage === null) return t('progress.opening');
  if (stage === 'done' || (total > 0 && done >= total)) return t('progress.combining', { total });
  if (total <= 0) return t('progress.frameOnly', { n: done + 1, phase: framePhase(stage) });
  return t('progress.frameDone', { done, total, n: done + 1, phase: framePhase(stage) });
}

export type VerdictKind = 'fake' | 'real' | 'uncertain' | 'error';

export interface VerdictText {
  kind: VerdictKind;
  /** The plain-language label. */
  title: string;
  /** The probability, or null when there is none to show. */
  score: string | null;
  /** One sentence: why, or what went wrong and what to try. */
  detail: string | null;
}

/** The verdict a reader sees for one result. */
export function verdictText(result: AnalysisResult): VerdictText {
  if (result.error !== null) {
    return { kind: 'error', title: t('verdict.error'), score: null, detail: reportSentence(result.error, result.errorWords) };
  }
  const score = result.score === null ? null : formatPercent(result.score);
  // The reason in the page's language, from the result's numbers (verdict-reason.ts); the worker's
  // English sentence when the result is not one that reasoning knows.
  const reason = verdictReasonText(result);
  switch (result.label) {
    case 'fake':
      return { kind: 'fake', title: t('verdict.fake'), score, detail: reason };
    case 'real':
      return { kind: 'real', title: t('verdict.real'), score, detail: reason };
    default:
      return { kind: 'uncertain', title: t('verdict.uncertain'), score, detail: reason ?? t('verdict.uncertainDetail') };
  }
}

/** "12 of 32 sampled frames had a face". */
export function faceCountText(result: AnalysisResult): string {
  const withFace = result.frames.filter((f) => f.score !== null).length;
  const total = result.frames.length;
  return t('verdict.faceCount', { withFace, count: total });
}

/** The verdict's basis beyond its reason. The models' disagreement is not here: the reason sentence
 *  (aggregate.ts) already says it, with each model's score, and the page showed it twice. */
export interface BasisText {
  /** "95% interval 33–45%", or null (no interval, or a single image). */
  interval: string | null;
  /** Which person the score comes from, or null when only one was seen. */
  person: string | null;
  rule: string | null;
}

/** What the verdict rests on, in the page's words. */
export function basisText(result: AnalysisResult): BasisText {
  const b = result.basis;
  if (result.error !== null || b === null) return { interval: null, person: null, rule: null };
  const interval = b.interval && result.frames.length > 1 ? t('verdict.interval', { level: intervalLevel(), range: formatInterval(b.interval) }) : null;
  const track = result.tracks.find((tr) => tr.id === b.track);
  const person =
    track && result.tracks.length > 1
      ? t('verdict.person', { id: track.id, people: result.tracks.length, seen: track.frames.length, frames: result.frames.length })
      : null;
  return { interval, person, rule: verdictRuleText(result) };
}

/** What the page's live region says about a job: one sentence per step and for the outcome,
 *  never one per frame (a screen reader would read nothing else). Empty when there is no job. */
export function announcement(job: { fileName: string; status: 'analyzing' | 'done' | 'cancelled'; stage: Stage | null; total: number; result: AnalysisResult | null } | null): string {
  if (job === null) return '';
  const name = displayFileName(job.fileName);
  if (job.status === 'cancelled') return t('announce.cancelled', { name });
  if (job.status === 'done' && job.result !== null) {
    const v = verdictText(job.result);
    if (v.kind === 'error') return t('announce.error', { title: v.title, detail: v.detail ?? '' });
    return v.score === null ? t('announce.result', { name, title: v.title }) : t('announce.resultScore', { name, title: v.title, score: v.score });
  }
  switch (currentStep(job.stage)) {
    case 'open':
      return t('announce.opening', { name });
    case 'frames':
      return t('announce.frames', { count: job.total, name });
    case 'verdict':
      return t('announce.combining');
  }
}

/** The sentence that marks a cancelled job's frames as partial (null when it was not cancelled):
 *  what is left on screen must not pass for a finished analysis. */
export function partialNote(status: 'analyzing' | 'done' | 'cancelled', shown: number, total: number): string | null {
  if (status !== 'cancelled') return null;
  return total > 0 ? t('job.partialFrames', { shown, total }) : t('job.partialCount', { count: shown });
}
