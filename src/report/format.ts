// Plain-language text for numbers the page shows. Pure, so the wording is tested in one place.
import { INTERVAL_LEVEL } from '../config';
import { formatPercent } from '../percent';
import type { AnalysisResult, Stage } from '../types';

export { formatPercent };

/** A 95% interval as "33–45%" (one percentage when both ends round alike). */
export function formatInterval([lo, hi]: readonly [number, number]): string {
  const a = formatPercent(lo);
  const b = formatPercent(hi);
  return a === b ? a : `${a.replace('%', '')}–${b}`;
}

/** A media timestamp as m:ss (or h:mm:ss), tenths shown for clips under ten seconds. */
export function formatTime(ms: number, withTenths = false): string {
  const safe = Math.max(0, ms);
  const totalSeconds = Math.floor(safe / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const tenths = withTenths ? `.${Math.floor((safe % 1000) / 100)}` : '';
  const ss = `${String(s).padStart(2, '0')}${tenths}`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Time left, rounded the way people say it. */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return 'estimating time left…';
  const s = Math.ceil(ms / 1000);
  if (s <= 1) return 'almost done';
  if (s < 60) return `about ${s} s left`;
  const m = Math.round(s / 60);
  return `about ${m} min left`;
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
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** What the worker is doing to the current frame (decode, detect and score repeat for every frame). */
export const FRAME_PHASES: Record<Exclude<Stage, 'done'>, string> = {
  decode: 'decoding',
  detect: 'finding faces',
  score: 'scoring the face',
};

/** The steps an analysis shows, in order. They follow the whole file, not one frame, so the step
 *  shown only ever moves forward (the worker's stage goes decode, detect, score for every frame). */
export type AnalysisStep = 'open' | 'frames' | 'verdict';
export const ANALYSIS_STEPS: readonly AnalysisStep[] = ['open', 'frames', 'verdict'];
export const STEP_LABELS: Record<AnalysisStep, string> = {
  open: 'Opening the file',
  frames: 'Analysing frames',
  verdict: 'Verdict',
};

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
  if (stage === null) return 'Opening the file…';
  if (stage === 'done' || (total > 0 && done >= total)) return `${total} of ${total} frames analysed; combining them into a verdict…`;
  if (total <= 0) return `frame ${done + 1}: ${FRAME_PHASES[stage]}`;
  return `${done} of ${total} frames done · frame ${done + 1}: ${FRAME_PHASES[stage]}`;
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
    return { kind: 'error', title: 'Could not analyse this file', score: null, detail: result.error };
  }
  const score = result.score === null ? null : formatPercent(result.score);
  switch (result.label) {
    case 'fake':
      return { kind: 'fake', title: 'Likely manipulated', score, detail: result.reason };
    case 'real':
      return { kind: 'real', title: 'No manipulation detected', score, detail: result.reason };
    default:
      return {
        kind: 'uncertain',
        title: "Can't tell",
        score,
        detail: result.reason ?? 'The detector could not reach a confident verdict for this file.',
      };
  }
}

/** "12 of 32 sampled frames had a face". */
export function faceCountText(result: AnalysisResult): string {
  const withFace = result.frames.filter((f) => f.score !== null).length;
  const total = result.frames.length;
  return `${withFace} of ${total} sampled frame${total === 1 ? '' : 's'} had a face`;
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
  const interval = b.interval && result.frames.length > 1 ? `${INTERVAL_LEVEL} interval ${formatInterval(b.interval)}` : null;
  const track = result.tracks.find((t) => t.id === b.track);
  const person =
    track && result.tracks.length > 1
      ? `From person ${track.id} of ${result.tracks.length} (seen in ${track.frames.length} of ${result.frames.length} frames), the most suspicious with enough frames.`
      : null;
  return { interval, person, rule: b.rule };
}

/** What the page's live region says about a job: one sentence per step and for the outcome,
 *  never one per frame (a screen reader would read nothing else). Empty when there is no job. */
export function announcement(job: { fileName: string; status: 'analyzing' | 'done' | 'cancelled'; stage: Stage | null; total: number; result: AnalysisResult | null } | null): string {
  if (job === null) return '';
  if (job.status === 'cancelled') return `Analysis of ${displayFileName(job.fileName)} cancelled; what was analysed before is marked partial.`;
  if (job.status === 'done' && job.result !== null) {
    const v = verdictText(job.result);
    if (v.kind === 'error') return `${v.title}: ${v.detail ?? ''}`;
    return `Result for ${displayFileName(job.fileName)}: ${v.title}${v.score === null ? '' : `, ${v.score} estimated chance that the faces were manipulated`}.`;
  }
  switch (currentStep(job.stage)) {
    case 'open':
      return `Analysing ${displayFileName(job.fileName)}: opening the file.`;
    case 'frames':
      return `Analysing ${job.total} frame${job.total === 1 ? '' : 's'} of ${displayFileName(job.fileName)}.`;
    case 'verdict':
      return 'All frames analysed; combining them into a verdict.';
  }
}

/** The sentence that marks a cancelled job's frames as partial (null when it was not cancelled):
 *  what is left on screen must not pass for a finished analysis. */
export function partialNote(status: 'analyzing' | 'done' | 'cancelled', shown: number, total: number): string | null {
  if (status !== 'cancelled') return null;
  const count = total > 0 ? `${shown} of ${total} frames` : `${shown} frame${shown === 1 ? '' : 's'}`;
  return `Cancelled after ${count}: no verdict was reached, and these frames are not the whole video.`;
}
