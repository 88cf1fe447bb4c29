// A failure, the same in every layer: whether it is the reader's own abort, how it reads as a
// sentence, and the result a job that ended in it resolves with (score, label and reason null).
import { english, type Words } from './i18n/words';
import type { AnalysisResult, StageTimings, VideoInfo } from './types';

/** An error whose message is one of our sentences: it carries its words, so the page says it in its
 *  language; its message is the English (what logs, scripts and the JSON report read). */
export class WordsError extends Error {
  constructor(readonly words: Words) {
    super(english(words));
    this.name = 'WordsError';
  }
}

/** An error as a value inside another sentence ("…: {{why}}."): its words when it is one of ours,
 *  else its own text (a library's, in English: not ours to translate), on one line, no full stop. */
export function whyOf(error: unknown): Words | string {
  if (error instanceof WordsError) return error.words;
  return errorText(error).trim().replace(/\s+/g, ' ').replace(/\.$/, '');
}

/** True when an operation stopped because its AbortSignal fired (not a failure to report). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** What went wrong, as text: an Error's message, anything else as a string. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Timings of a job that never got to a stage. */
export const NO_TIMINGS: StageTimings = { decodeMs: 0, detectMs: 0, inferMs: 0, totalMs: 0 };

/** The result of a job that ended without a score: `error` says why, as one sentence (English, in
 *  the JSON report), `errorWords` the same as words (the page says it in its language). A plain
 *  string is deepfake-scan's own sentence for a file no page analysed (the CLI is English). */
export function failedResult(
  file: string,
  error: Words | string,
  backend: string | null,
  timings: StageTimings = { ...NO_TIMINGS },
  video: VideoInfo | null = null,
): AnalysisResult {
  const said = typeof error === 'string' ? { error } : { error: english(error), errorWords: error };
  return { file, score: null, label: null, reason: null, ...said, frames: [], models: {}, tracks: [], basis: null, backend: backend ?? 'none', timings, video };
}
