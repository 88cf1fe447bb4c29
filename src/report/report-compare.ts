// How far apart two results of the same file are: what a colleague re-running a report compares,
// and what the page/scan agreement test asserts (report.ts SAME_BACKEND_TOLERANCE). Pure.
import type { AnalysisResult } from '../types';

export interface ResultDifference {
  /** Both sampled the same frames (same count and timestamps): otherwise scores are not comparable. */
  sameFrames: boolean;
  /** |a - b| of the video score (0 when both are null, Infinity when only one is). */
  video: number;
  /** Largest |a - b| over frame scores, per-frame model scores and video model scores. */
  maxFrame: number;
  maxModel: number;
}

function diff(a: number | null | undefined, b: number | null | undefined): number {
  if ((a ?? null) === null && (b ?? null) === null) return 0;
  if (a === null || a === undefined || b === null || b === undefined) return Infinity;
  return Math.abs(a - b);
}

function maxModelDiff(a: Record<string, number>, b: Record<string, number>): number {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return Math.max(0, ...[...names].map((n) => diff(a[n], b[n])));
}

export function compareResults(a: AnalysisResult, b: AnalysisResult): ResultDifference {
  const fa = [...a.frames].sort((x, y) => x.index - y.index);
  const fb = [...b.frames].sort((x, y) => x.index - y.index);
  const sameFrames = fa.length === fb.length && fa.every((f, i) => f.index === fb[i]!.index && f.timeMs === fb[i]!.timeMs);
  if (!sameFrames) return { sameFrames, video: diff(a.score, b.score), maxFrame: Infinity, maxModel: Infinity };
  return {
    sameFrames,
    video: diff(a.score, b.score),
    maxFrame: Math.max(0, ...fa.map((f, i) => diff(f.score, fb[i]!.score))),
    maxModel: Math.max(maxModelDiff(a.models, b.models), ...fa.map((f, i) => maxModelDiff(f.models, fb[i]!.models))),
  };
}

/** Whether two results agree within `tolerance` on every score. */
export function agreeWithin(d: ResultDifference, tolerance: number): boolean {
  return d.sameFrames && d.video <= tolerance && d.maxFrame <= tolerance && d.maxModel <= tolerance;
}
