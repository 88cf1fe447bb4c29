// `deepfake-scan merge SHARD_OUT...`: the shards of one run (--shard I/N) back into one output, in
// input order (the same lines, byte for byte, that the shards wrote), and one summary. It refuses,
// writing nothing, unless every shard 0..N-1 is there exactly once, finished (its FILE.shard.json
// exists, written after its last line), from the same run (the same input list), and together they
// answer every input exactly once: a gap or a duplicate is an error, never a quiet result.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { MergeOptions } from './args';
import { EXIT } from './exit-codes';
import { readOldOutput, type OldLine } from './resume';
import { parseShardManifest, shardManifestPath, type ShardManifest } from './shard';
import { summarize, summaryText } from './summary';

export interface ShardPart {
  /** The output file, for messages. */
  name: string;
  /** Its FILE.shard.json, or why there is none usable. */
  manifest: ShardManifest | string;
  lines: OldLine[];
  /** Lines that were not whole reports. */
  dropped: number;
}

export type Merged =
  | { ok: true; lines: OldLine[]; skipped: string[]; count: number }
  /** exit: EXIT.unreadable for a missing or unfinished shard (inputs without a line), EXIT.usage
   *  for files that do not belong together. */
  | { ok: false; exit: number; problems: string[] };

/** Joins the shards' lines into input order; every problem found, not just the first. */
export function mergeShards(parts: readonly ShardPart[]): Merged {
  const missing: string[] = [];
  const wrong: string[] = [];
  const good: { part: ShardPart; m: ShardManifest }[] = [];
  for (const part of parts) {
    if (typeof part.manifest === 'string') missing.push(`${part.name}: ${part.manifest}`);
    else if (part.dropped > 0) missing.push(`${part.name}: ${part.dropped} line${part.dropped === 1 ? ' is' : 's are'} not whole reports (a shard stopped mid-line): rerun it with --resume`);
    else if (part.lines.length !== part.manifest.positions.length) wrong.push(`${part.name}: ${part.lines.length} lines, but its manifest lists ${part.manifest.positions.length}`);
    else good.push({ part, m: part.manifest });
  }
  const first = good[0]?.m;
  const count = first?.count ?? 0;
  for (const { part, m } of good) {
    if (m.count !== first!.count || m.allInputs !== first!.allInputs || m.inputsDigest !== first!.inputsDigest) {
      wrong.push(`${part.name}: shard ${m.index} of ${m.count} over ${m.allInputs} inputs, but ${good[0]!.part.name} is shard ${first!.index} of ${first!.count} over ${first!.allInputs}: not the same run (the same inputs and --shard N)`);
    }
  }
  const byIndex = new Map<number, string>();
  for (const { part, m } of good) {
    const other = byIndex.get(m.index);
    if (other !== undefined) wrong.push(`shard ${m.index} is given twice: ${other} and ${part.name}`);
    byIndex.set(m.index, part.name);
  }
  if (first !== undefined) {
    for (let i = 0; i < count; i++) if (!byIndex.has(i)) missing.push(`shard ${i} of ${count} has no finished output among the files given`);
  }
  if (wrong.length > 0) return { ok: false, exit: EXIT.usage, problems: [...wrong, ...missing] };
  if (missing.length > 0 || first === undefined) return { ok: false, exit: EXIT.unreadable, problems: missing.length > 0 ? missing : ['no shard output given'] };

  // Not new Array(n): flatMap and friends skip the holes of a sparse array, and a hole is a gap.
  const slots: (OldLine | undefined)[] = Array.from({ length: first.allInputs }, () => undefined);
  const owner: string[] = Array.from({ length: first.allInputs }, () => '');
  const dup: string[] = [];
  for (const { part, m } of good) {
    for (const [k, pos] of m.positions.entries()) {
      if (pos >= slots.length) {
        dup.push(`${part.name}: input ${pos} is beyond the run's ${first.allInputs} inputs`);
        continue;
      }
      if (slots[pos] !== undefined) dup.push(`input ${pos + 1} (${part.lines[k]!.report.input.path}) has a line in ${owner[pos]} and in ${part.name}`);
      slots[pos] = part.lines[k];
      owner[pos] = part.name;
    }
  }
  if (dup.length > 0) return { ok: false, exit: EXIT.usage, problems: dup };
  const gaps = slots.flatMap((l, i) => (l === undefined ? [i + 1] : []));
  if (gaps.length > 0) return { ok: false, exit: EXIT.unreadable, problems: [`no shard answered input${gaps.length === 1 ? '' : 's'} ${gaps.slice(0, 20).join(', ')}${gaps.length > 20 ? ', ...' : ''} of ${first.allInputs}`] };
  return { ok: true, lines: slots as OldLine[], skipped: first.skipped, count };
}

/** Reads one shard's output and manifest (never throws: a problem becomes the manifest's message). */
export function readShardPart(file: string): ShardPart {
  const mPath = shardManifestPath(file);
  if (!existsSync(file)) return { name: file, manifest: 'no such file', lines: [], dropped: 0 };
  const { lines, dropped } = readOldOutput(readFileSync(file));
  const manifest = existsSync(mPath)
    ? parseShardManifest(readFileSync(mPath, 'utf8'), mPath)
    : `${mPath} is missing: the shard did not finish (rerun it with the same options and --resume)`;
  return { name: file, manifest, lines, dropped };
}

/** Writes `path` whole or not at all: the text (or each piece, one write each, so no single string
 *  need hold a whole archive's lines) to a temporary file beside it, then a rename. */
export function writeWhole(path: string, text: string | Iterable<string>): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, typeof text === 'string' ? text : '');
  if (typeof text !== 'string') for (const piece of text) appendFileSync(tmp, piece);
  renameSync(tmp, path);
}

/** The merge command; returns the exit code. */
export function runMerge(o: MergeOptions, io: { stdout(t: string): void; stderr(t: string): void }): number {
  const started = new Date();
  const t0 = performance.now();
  const merged = mergeShards(o.files.map(readShardPart));
  if (!merged.ok) {
    io.stderr(`scan: merge refused, nothing written:\n${merged.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return merged.exit;
  }
  const pieces = merged.lines.map((l) => `${l.text}\n`);
  if (o.out === null) for (const p of pieces) io.stdout(p);
  else writeWhole(o.out, pieces);
  const reports = merged.lines.map((l) => l.report);
  const summary = summarize(reports, {
    app: reports[0]?.app ?? { name: 'deepfake-detector', version: '', commit: null },
    startedAt: started,
    timeMs: performance.now() - t0,
    skipped: merged.skipped,
    failOn: o.failOn,
    // A shard whose detector never started leaves error lines for its inputs: the exit code says
    // so through them (3); the merge itself ran.
    detectorFailed: false,
    resumed: 0,
    shard: { index: null, count: merged.count },
  });
  if (o.summary !== null) writeWhole(o.summary, `${JSON.stringify(summary, null, 2)}\n`);
  io.stderr(`${summaryText(summary)}\n`);
  return summary.exitCode;
}
