// `npx tsx bench/throughput.ts [--videos DIR] [--jobs 1,2] [--out FILE]`: deepfake-scan as a batch
// runs it (the built command, bin/deepfake-scan.mjs, --backend wasm), once per --jobs value over the
// same folder: files per hour (wall clock, Chromium's launch and the page's start-up included) and
// the peak resident memory of the whole process tree (node and every Chromium process), sampled
// every 250 ms, with the load average beside it. Memory per page is the step from one --jobs value
// to the next; the first value's peak is what one pod of deploy/job.yaml needs.
import { execFile, spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface ThroughputRun {
  jobs: number;
  files: number;
  wallS: number;
  filesPerHour: number;
  peakRssMb: number;
  exitCode: number | null;
  load1: [number, number];
}

export function filesPerHour(files: number, wallS: number): number {
  return Math.round((files * 3600) / wallS);
}

/** The extra peak memory each page adds, from runs with increasing --jobs; null with one run. */
export function memoryPerPageMb(runs: readonly Pick<ThroughputRun, 'jobs' | 'peakRssMb'>[]): number | null {
  const sorted = [...runs].sort((a, b) => a.jobs - b.jobs);
  if (sorted.length < 2) return null;
  const a = sorted[0]!;
  const b = sorted.at(-1)!;
  return Math.round((b.peakRssMb - a.peakRssMb) / (b.jobs - a.jobs));
}

/** Resident memory (MB) of `pid` and all its descendants, from one `ps` listing. */
export function treeRssMb(psOutput: string, pid: number): number {
  const rows = psOutput
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((r) => r.length === 3 && r.every(Number.isFinite)) as [number, number, number][];
  const children = new Map<number, number[]>();
  for (const [p, pp] of rows) children.set(pp, [...(children.get(pp) ?? []), p]);
  const rss = new Map(rows.map(([p, , r]) => [p, r]));
  let kb = 0;
  for (const stack = [pid]; stack.length > 0; ) {
    const p = stack.pop()!;
    kb += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return Math.round(kb / 1024);
}

async function runOnce(jobs: number, videos: string): Promise<ThroughputRun> {
  const files = readdirSync(videos).filter((f) => /\.(mp4|mov|webm|mkv)$/i.test(f)).length;
  const l0 = loadavg()[0]!;
  const t0 = performance.now();
  const child = spawn('node', [join(ROOT, 'bin', 'deepfake-scan.mjs'), '--backend', 'wasm', '--jobs', String(jobs), '-q', videos], { stdio: ['ignore', 'ignore', 'inherit'] });
  let peak = 0;
  const timer = setInterval(() => {
    promisify(execFile)('ps', ['-eo', 'pid=,ppid=,rss='])
      .then(({ stdout }) => (peak = Math.max(peak, treeRssMb(stdout, child.pid!))))
      .catch(() => undefined);
  }, 250);
  const exitCode = await new Promise<number | null>((ok) => child.on('exit', ok));
  clearInterval(timer);
  const wallS = (performance.now() - t0) / 1000;
  return { jobs, files, wallS: Math.round(wallS * 10) / 10, filesPerHour: filesPerHour(files, wallS), peakRssMb: peak, exitCode, load1: [Number(l0.toFixed(2)), Number(loadavg()[0]!.toFixed(2))] };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string, fallback: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1]! : fallback);
  const videos = resolve(value('--videos', join(ROOT, '..', 'shared', 'data', 'videos')));
  const jobsList = value('--jobs', '1,2').split(',').map(Number);
  const runs: ThroughputRun[] = [];
  for (const jobs of jobsList) {
    const r = await runOnce(jobs, videos);
    runs.push(r);
    process.stderr.write(`throughput: --jobs ${jobs}: ${r.files} files in ${r.wallS} s = ${r.filesPerHour} files/hour, peak ${r.peakRssMb} MB (load ${r.load1.join(' -> ')}), exit ${r.exitCode}\n`);
  }
  const perPage = memoryPerPageMb(runs);
  if (perPage !== null) process.stderr.write(`throughput: each page beyond the first adds about ${perPage} MB\n`);
  const out = args.includes('--out') ? value('--out', '') : null;
  if (out) writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), videos, runs, memoryPerPageMb: perPage }, null, 2)}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`throughput: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
