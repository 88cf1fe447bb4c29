// The end of a run: counts by label, the inputs that failed and why, what was skipped, the time,
// and the exit code. Written as JSON with --summary FILE and as a few lines on stderr.
import type { DetectorReport, Label } from '../src/report/api-types';
import type { FailOn } from './args';
import { exitCodeFor, type ExitCode } from './exit-codes';
import type { Shard } from './shard';

export const SUMMARY_FORMAT = 'deepfake-scan-summary/1';

export interface ScanSummary {
  format: typeof SUMMARY_FORMAT;
  app: DetectorReport['app'];
  startedAt: string;
  timeMs: number;
  /** Inputs that got a line. */
  inputs: number;
  /** Of those, inputs not analysed again: --resume kept their line from an earlier run. */
  resumed: number;
  /** The part of a sharded run this is (--shard); for a merge, the number of shards joined. */
  shard: Shard | { index: null; count: number } | null;
  /** Inputs with a result (no error), whatever their label. */
  analysed: number;
  /** Analysed inputs by label; `none` = analysed but no label (no face in any frame). */
  labels: Record<Label | 'none', number>;
  failures: { path: string; error: string }[];
  /** Files in directories or patterns that were not media and not tried (see --all). */
  skipped: string[];
  /** Inputs whose line carries warnings. */
  withWarnings: number;
  failOn: FailOn | null;
  /** Inputs --fail-on matched. */
  flagged: string[];
  detectorFailed: boolean;
  exitCode: ExitCode;
}

export function matchesFailOn(label: Label | null, failOn: FailOn | null): boolean {
  if (failOn === null || label === null) return false;
  return label === 'fake' || (failOn === 'uncertain' && label === 'uncertain');
}

export interface SummaryInput {
  app: DetectorReport['app'];
  startedAt: Date;
  timeMs: number;
  skipped: string[];
  failOn: FailOn | null;
  detectorFailed: boolean;
  resumed: number;
  shard: ScanSummary['shard'];
}

export function summarize(lines: readonly DetectorReport[], s: SummaryInput): ScanSummary {
  const labels: ScanSummary['labels'] = { fake: 0, real: 0, uncertain: 0, none: 0 };
  const failures: ScanSummary['failures'] = [];
  const flagged: string[] = [];
  const pathOf = (l: DetectorReport) => l.input.path ?? l.input.name;
  for (const l of lines) {
    if (l.result.error !== null) {
      failures.push({ path: pathOf(l), error: l.result.error });
      continue;
    }
    labels[l.result.label ?? 'none']++;
    if (matchesFailOn(l.result.label, s.failOn)) flagged.push(pathOf(l));
  }
  return {
    format: SUMMARY_FORMAT,
    app: s.app,
    startedAt: s.startedAt.toISOString(),
    timeMs: Math.round(s.timeMs),
    inputs: lines.length,
    resumed: s.resumed,
    shard: s.shard,
    analysed: lines.length - failures.length,
    labels,
    failures,
    skipped: s.skipped,
    withWarnings: lines.filter((l) => l.warnings.length > 0).length,
    failOn: s.failOn,
    flagged,
    detectorFailed: s.detectorFailed,
    exitCode: exitCodeFor({ detectorFailed: s.detectorFailed, failures: failures.length, flagged: flagged.length }),
  };
}

/** The summary as a few lines for stderr. */
export function summaryText(s: ScanSummary): string {
  const l = s.labels;
  const lines = [
    `scan: ${s.inputs} input${s.inputs === 1 ? '' : 's'} in ${(s.timeMs / 1000).toFixed(1)} s: ${s.analysed} analysed ` +
      `(${l.fake} fake, ${l.real} real, ${l.uncertain} uncertain, ${l.none} without a face), ${s.failures.length} failed` +
      (s.skipped.length > 0 ? `, ${s.skipped.length} skipped as not media (--all tries them)` : '') +
      (s.withWarnings > 0 ? `, ${s.withWarnings} with warnings` : '') +
      (s.resumed > 0 ? `; ${s.resumed} of them kept from the earlier run (--resume), not analysed again` : ''),
  ];
  if (s.shard !== null) lines.unshift(s.shard.index === null ? `scan: merged ${s.shard.count} shard${s.shard.count === 1 ? '' : 's'}` : `scan: shard ${s.shard.index} of ${s.shard.count} (0-${s.shard.count - 1})`);
  for (const f of s.failures) lines.push(`  failed: ${f.path}: ${f.error}`);
  if (s.failOn !== null) lines.push(`scan: --fail-on ${s.failOn}: ${s.flagged.length === 0 ? 'nothing matched' : `${s.flagged.length} matched: ${s.flagged.join(', ')}`}`);
  lines.push(`scan: exit code ${s.exitCode}`);
  return lines.join('\n');
}
