// `--resume`: a run stopped part-way (killed, a machine taken away) starts again where it stopped.
// An earlier line in --out is kept, and its input not analysed again, only when it is the same
// input (the same path as given and the same SHA-256 now), analysed the same way (the same
// settings and the same models, by their manifests' SHA-256) and it has a result (an error is
// tried again). Lines are appended whole (one write each), so a kill leaves at most one torn line
// at the end of the file; reading drops it, and anything else that is not a report.
import type { DetectorReport } from '../src/report/api-types';

export interface OldLine {
  /** The line as it was written (without its newline): kept lines are copied byte for byte. */
  text: string;
  report: DetectorReport;
}

export interface OldOutput {
  lines: OldLine[];
  /** Lines that were not whole reports (a torn last line after a kill): dropped. */
  dropped: number;
  /** The first line, counting from 1, that is not a report and is not the last: a line scan never
   *  writes, so the file is someone else's; null when there is none. */
  foreignLine: number | null;
}

/** `text.split('\n')`, also for the bytes of a file larger than V8's longest string (about 512 MB:
 *  a shard of some 17,000 lines of 30 KB); each line is decoded on its own. */
export function splitLines(data: string | Uint8Array): string[] {
  if (typeof data === 'string') return data.split('\n');
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let start = 0;
  for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, start)) {
    parts.push(decoder.decode(data.subarray(start, nl)));
    start = nl + 1;
  }
  parts.push(decoder.decode(data.subarray(start)));
  return parts;
}

/** The lines of an earlier --out file (its text or its bytes) that are whole reports. */
export function readOldOutput(data: string | Uint8Array): OldOutput {
  const parts = splitLines(data);
  // The part after the last newline is either empty or a line cut off mid-write.
  const tail = parts.pop()!;
  let dropped = tail === '' ? 0 : 1;
  const lines: OldLine[] = [];
  let foreignLine: number | null = null;
  for (const [k, t] of parts.entries()) {
    if (t === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      v = null;
    }
    const r = v as Partial<DetectorReport> | null;
    if (r === null || typeof r !== 'object' || typeof r.input?.path !== 'string' || typeof r.result !== 'object' || r.result === null || !r.settings) {
      dropped++;
      foreignLine ??= k + 1;
      continue;
    }
    lines.push({ text: t, report: r as DetectorReport });
  }
  return { lines, dropped, foreignLine };
}

export interface ModelKey {
  name: string;
  manifestSha256: string | null;
}

/** How a line was made: its settings (less calibration.applied, which only echoes that every
 *  member loaded, and the models check that; less the WebAssembly threads, which change the speed,
 *  not the numbers: the 1080p clip scored the same to every digit on 1 and 2) and its models. Two
 *  lines with the same key come from the same analysis of the same bytes. */
export function analysisKey(settings: DetectorReport['settings'], models: readonly ModelKey[]): string {
  const { calibration, threads: _threads, ...rest } = settings;
  const { applied: _applied, ...cal } = calibration;
  const m = models.map((x) => [x.name, x.manifestSha256] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify({ settings: { ...rest, calibration: cal }, models: m });
}

/** A line's key, or null when it cannot be reused (it has no result). */
export function lineKey(r: DetectorReport): string | null {
  if (r.result.error !== null || !Array.isArray(r.models) || r.models.length === 0) return null;
  return analysisKey(r.settings, r.models);
}

export interface ResumeInput {
  path: string;
  /** The file's SHA-256 now; null when it cannot be read (never matches). */
  sha256: string | null;
}

/**
 * Which inputs an earlier line already answers: position -> that line. Each old line answers at
 * most one input (a file named twice needs two lines), first come first served in input order.
 */
export function matchResumed(inputs: readonly (ResumeInput | null)[], old: readonly OldLine[], expectedKey: string): Map<number, OldLine> {
  const byPath = new Map<string, OldLine[]>();
  for (const l of old) {
    if (lineKey(l.report) !== expectedKey || l.report.input.sha256 === null) continue;
    const list = byPath.get(l.report.input.path!) ?? [];
    list.push(l);
    byPath.set(l.report.input.path!, list);
  }
  const out = new Map<number, OldLine>();
  for (const [i, input] of inputs.entries()) {
    if (input === null || input.sha256 === null) continue;
    const list = byPath.get(input.path);
    const k = list?.findIndex((l) => l.report.input.sha256 === input.sha256) ?? -1;
    if (k < 0) continue;
    out.set(i, list!.splice(k, 1)[0]!);
  }
  return out;
}
