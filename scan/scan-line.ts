// One JSON line of deepfake-scan's output per input: the page's own report (DetectorReport, the
// one schema in src/report/report.schema.json) with `input.path` set to the path as given, or a report
// of the same shape for an input that never reached the page (unreadable path, not media, time-out,
// crashed tab, a detector that did not start).
import { basename } from 'node:path';
import { INTERVAL_LEVEL } from '../src/config';
import { UNSTARTED_DETECTOR_NAME } from '../src/pipeline/detector-files';
import { failedResult } from '../src/failure';
import type { DetectorReport } from '../src/report/api-types';
import { buildReport } from '../src/report/report';
import { provenanceBrief } from '../src/report/provenance-words';

export type ScanLine = DetectorReport;

/** The page's report for a file it analysed, with the path as the user gave it and the size and
 *  SHA-256 scan computed in Node (null when it could not read the file). */
export function lineFromReport(path: string, report: DetectorReport, digest: { bytes: number; sha256: string } | null): ScanLine {
  return { ...report, input: { ...report.input, path, bytes: digest?.bytes ?? report.input.bytes, sha256: digest?.sha256 ?? report.input.sha256 } };
}

/** What scan knows without a result: the app, the page's engine if one started, the settings. */
export interface LineContext {
  app: DetectorReport['app'];
  backend: string | null;
  device: string | null;
  frames: number;
  requestedBackend: string | null;
  /** WebAssembly threads asked of the page. */
  threads: number | null;
  userAgent: string | null;
}

/** The line for an input without a result: score and label stay null, `result.error` says why. */
export function errorLine(
  path: string,
  error: string,
  ctx: LineContext,
  elapsedMs: number,
  digest: { bytes: number; sha256: string } | null,
  now: Date = new Date(),
): ScanLine {
  const name = basename(path);
  return buildReport({
    // The page's own shape for an input that never produced a result, with the time scan spent on it.
    result: failedResult(name, error, ctx.backend, { decodeMs: 0, detectMs: 0, inferMs: 0, totalMs: Math.round(elapsedMs) }),
    app: ctx.app,
    input: { name, path, bytes: digest?.bytes ?? null, sha256: digest?.sha256 ?? null },
    backend: ctx.backend,
    device: ctx.device,
    frames: ctx.frames,
    requestedBackend: ctx.requestedBackend,
    threads: ctx.threads,
    models: [],
    faceDetector: { name: UNSTARTED_DETECTOR_NAME, files: [], provenanceError: 'this input never reached the detector' },
    userAgent: ctx.userAgent,
    generatedAt: now,
  });
}

/** A finite probability or null: JSON cannot carry NaN, and a NaN score must not pass as a number. */
function safeScore(s: number | null): number | null {
  return s !== null && Number.isFinite(s) ? s : null;
}

export function serializeLine(line: ScanLine): string {
  const r = line.result;
  const result = { ...r, score: safeScore(r.score), frames: r.frames.map((f) => ({ ...f, score: safeScore(f.score) })) };
  if (r.score !== null && result.score === null && result.error === null) {
    result.label = null;
    result.error = 'The detector produced an invalid score (not a number) for this file.';
  }
  return JSON.stringify({ ...line, result });
}

/** Short progress text for stderr. */
export function progressText(i: number, n: number, line: ScanLine): string {
  const r = line.result;
  const head = `[${i + 1}/${n}] ${line.input.path ?? line.input.name}: `;
  const secs = `${(r.timings.totalMs / 1000).toFixed(1)} s`;
  if (r.error !== null) return `${head}error: ${r.error} (${secs})`;
  const pct = r.score === null || !Number.isFinite(r.score) ? 'no score' : `${Math.round(r.score * 100)}% fake`;
  // The verdict's basis (report format 3): its interval, its person among several, disagreement.
  const b = r.basis;
  const extra = [
    b?.interval && r.frames.length > 1 ? `${INTERVAL_LEVEL} interval ${b.interval.map((v) => Math.round(v * 100)).join('-')}%` : null,
    b?.track != null && r.tracks.length > 1 ? `person ${b.track} of ${r.tracks.length}` : null,
    b?.agreement && !b.agreement.agree ? 'models disagree' : null,
  ].filter((x): x is string => x !== null);
  const provenance = line.provenance ? `; provenance: ${provenanceBrief(line.provenance)}` : '';
  return `${head}${r.label ?? 'no label'}, ${pct}${extra.length > 0 ? ` (${extra.join(', ')})` : ''} (${secs})${provenance}`;
}
