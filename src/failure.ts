// A failure, the same in every layer: whether it is the reader's own abort, how it reads as a
// sentence, and the result a job that ended in it resolves with (score, label and reason null).
import type { AnalysisResult, StageTimings, VideoInfo } from './types';

/** True when an operation stopped because its AbortSignal fired (not a failure to report). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** What went wrong, as text: an Error's message, anything else as a string. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An error as one sentence for the reader: one line, ending in a full stop. */
export function errorSentence(error: unknown): string {
  const trimmed = errorText(error).trim().replace(/\s+/g, ' ');
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Timings of a job that never got to a stage. */
export const NO_TIMINGS: StageTimings = { decodeMs: 0, detectMs: 0, inferMs: 0, totalMs: 0 };

/** The result of a job that ended without a score: `error` says why, as one sentence. */
export function failedResult(
  file: string,
  error: string,
  backend: string | null,
  timings: StageTimings = { ...NO_TIMINGS },
  video: VideoInfo | null = null,
): AnalysisResult {
  return { file, score: null, label: null, reason: null, error, frames: [], models: {}, tracks: [], basis: null, backend: backend ?? 'none', timings, video };
}
