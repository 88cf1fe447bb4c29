// One JSON line of scan's output per input: the page's AnalysisResult trimmed to what a batch
// needs (per-frame boxes and scores, no per-face lists), or an error line for an input that never
// reached the page (unreadable path, time-out, crashed tab).
import type { AnalysisResult, Box, Label, StageTimings } from '../src/types';

export interface ScanLine {
  file: string;
  score: number | null;
  label: Label | null;
  reason: string | null;
  error: string | null;
  frames: { index: number; timeMs: number; score: number | null; box: Box | null }[];
  models: Record<string, number>;
  backend: string | null;
  timings: StageTimings;
}

/** The line for a file the page analysed; `file` is the path as the user gave it. */
export function lineFromResult(file: string, r: AnalysisResult): ScanLine {
  return {
    file,
    score: r.score,
    label: r.label,
    reason: r.reason,
    error: r.error,
    frames: r.frames.map((f) => ({ index: f.index, timeMs: f.timeMs, score: f.score, box: f.box })),
    models: r.models,
    backend: r.backend,
    timings: r.timings,
  };
}

/** The line for a file that has no result: score and label stay null, the error says why. */
export function errorLine(file: string, error: string, backend: string | null, elapsedMs: number): ScanLine {
  return {
    file,
    score: null,
    label: null,
    reason: null,
    error,
    frames: [],
    models: {},
    backend,
    timings: { decodeMs: 0, detectMs: 0, inferMs: 0, totalMs: Math.round(elapsedMs) },
  };
}

/** A finite probability or null: JSON cannot carry NaN, and a NaN score must not pass as a number. */
function safeScore(s: number | null): number | null {
  return s !== null && Number.isFinite(s) ? s : null;
}

export function serializeLine(line: ScanLine): string {
  const clean: ScanLine = {
    ...line,
    score: safeScore(line.score),
    frames: line.frames.map((f) => ({ ...f, score: safeScore(f.score) })),
  };
  if (line.score !== null && clean.score === null && clean.error === null) {
    clean.label = null;
    clean.error = 'The detector produced an invalid score (not a number) for this file.';
  }
  return JSON.stringify(clean);
}

/** Short progress text for stderr. */
export function progressText(i: number, n: number, line: ScanLine): string {
  const head = `[${i + 1}/${n}] ${line.file}: `;
  const secs = `${(line.timings.totalMs / 1000).toFixed(1)} s`;
  if (line.error !== null) return `${head}error: ${line.error} (${secs})`;
  const pct = line.score === null ? 'no score' : `${Math.round(line.score * 100)}% fake`;
  return `${head}${line.label ?? 'no label'}, ${pct} (${secs})`;
}
