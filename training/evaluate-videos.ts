// Video-level evaluation through the product itself: `deepfake-scan` (the built page in headless
// Chromium, default settings unless given) over a labelled set of videos, then the numbers a
// journalist's trust depends on: AUC, log loss and ECE of the video score, and how often a
// confident verdict ("Likely manipulated" / "No manipulation detected") is wrong, with the share
// of videos that get one (coverage). Issue 22 measures every candidate with it, on the DeepFaceLive
// validation set (../shared/tools/make-dfl-validation.sh) and on ../shared/data/videos.
//   npm run evaluate:videos -- DIR|FILE... [--labels CSV] [--frames N] [--out FILE.jsonl] [--from FILE.jsonl] [--page DIR] [--jobs N] [--table]
//   npm run evaluate:videos -- --dfdcHalfB 300 [...]   (DFDC through the page: 150 real and 150 fake
//     crops of validation half B, chosen with a fixed seed, labelled from the metadata; --dfdcHalfA
//     the same from half A, the half that chooses: the verdict lines are chosen there, reported on B)
// Labels: --labels CSV (lines "name,REAL|FAKE[,group]", as make-dfl-validation.sh writes), else from
// the file name ("real" or "fake" as a word in it: ffpp-real-004.mp4). A file without a label is an
// error, never a guess. --from reads the lines of an earlier run instead of scanning again.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags } from './args';
import { calibration, logLoss, rocAuc } from './metrics';
import { aggregate, type AggregateConfig } from '../src/pipeline/aggregate';
import { APP_CONFIG } from '../src/config';
import type { FrameResult } from '../src/types';
import { makePlan } from './crop-cache';
import { balancedSubset, cropPath } from './data';
import { DATA_CONFIG } from './data-config';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface VideoOutcome {
  name: string;
  /** 1 = fake. */
  truth: 0 | 1;
  score: number | null;
  label: 'fake' | 'real' | 'uncertain' | null;
  error: string | null;
}

export interface VideoMetrics {
  n: number;
  scored: number;
  auc: number;
  logloss: number;
  ece: number;
  /** Videos labelled fake or real. */
  confident: number;
  /** Of those, wrongly. */
  confidentWrong: number;
  coverage: number;
  confidentErrorRate: number;
  /** The lowest fake score minus the highest real score (> 0: every fake above every real). */
  separation: number;
}

/** The label a file name carries: "real" or "fake" as a word (between non-letters). */
export function labelFromName(name: string): 0 | 1 | null {
  const words = basename(name).toLowerCase().split(/[^a-z]+/);
  const real = words.includes('real');
  const fake = words.includes('fake');
  return real === fake ? null : fake ? 1 : 0;
}

/** name -> label from a CSV of "name,REAL|FAKE[,...]" lines. */
export function readLabels(csv: string): Map<string, 0 | 1> {
  const out = new Map<string, 0 | 1>();
  for (const [i, line] of csv.split('\n').entries()) {
    if (line.trim() === '') continue;
    const [name, label] = line.split(',').map((s) => s.trim());
    const l = label?.toUpperCase();
    if (!name || (l !== 'REAL' && l !== 'FAKE')) throw new Error(`labels line ${i + 1}: expected "name,REAL|FAKE", got "${line}"`);
    out.set(name, l === 'FAKE' ? 1 : 0);
  }
  return out;
}

/** Outcomes from deepfake-scan's JSON lines, each labelled by `labelOf` (throws on an unlabelled file). */
export function outcomes(jsonl: string, labelOf: (name: string) => 0 | 1 | null): VideoOutcome[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = JSON.parse(l) as { input: { name: string; path?: string }; result: { score: number | null; label: VideoOutcome['label']; error: string | null } };
      const name = basename(r.input.path ?? r.input.name);
      const truth = labelOf(name);
      if (truth === null) throw new Error(`${name}: no label (give --labels, or put "real" or "fake" in its name)`);
      return { name, truth, score: r.result.score, label: r.result.label, error: r.result.error };
    });
}

/**
 * Which models made these lines (each member's name and manifest hash, and the calibration), so a
 * printed number always says what it measured; lines from different models are an error (a run
 * appended to an old --out file, or a page rebuilt in between), never averaged together.
 */
export function modelsOf(jsonl: string): string {
  const seen = new Set(
    jsonl
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const r = JSON.parse(l) as { models?: { name: string; manifestSha256: string }[]; settings?: { calibration?: { platt?: { a: number; b: number } | null } } };
        const platt = r.settings?.calibration?.platt;
        return `${(r.models ?? []).map((m) => `${m.name} ${m.manifestSha256.slice(0, 12)}`).join(', ')}; Platt ${platt ? `a ${platt.a.toFixed(3)}, b ${platt.b.toFixed(3)}` : 'none'}`;
      }),
  );
  if (seen.size > 1) throw new Error(`these lines come from different models: ${[...seen].join(' | ')}`);
  return [...seen][0] ?? 'no lines';
}

export function videoMetrics(rows: readonly VideoOutcome[]): VideoMetrics {
  const scored = rows.filter((r) => r.score !== null);
  const p = scored.map((r) => r.score!);
  const y = scored.map((r) => r.truth);
  const confident = rows.filter((r) => r.label === 'fake' || r.label === 'real');
  const wrong = confident.filter((r) => (r.label === 'fake' ? 1 : 0) !== r.truth);
  const fakes = scored.filter((r) => r.truth === 1).map((r) => r.score!);
  const reals = scored.filter((r) => r.truth === 0).map((r) => r.score!);
  return {
    n: rows.length,
    scored: scored.length,
    auc: rocAuc(p, y),
    logloss: logLoss(p, y),
    ece: calibration(p, y).ece,
    confident: confident.length,
    confidentWrong: wrong.length,
    coverage: rows.length ? confident.length / rows.length : 0,
    confidentErrorRate: confident.length ? wrong.length / confident.length : 0,
    separation: fakes.length && reals.length ? Math.min(...fakes) - Math.max(...reals) : Number.NaN,
  };
}

export function metricsText(m: VideoMetrics): string {
  return [
    `videos ${m.n} (scored ${m.scored})`,
    `AUC ${m.auc.toFixed(3)}  log loss ${m.logloss.toFixed(3)}  ECE ${m.ece.toFixed(3)}`,
    `confident verdicts ${m.confident} (coverage ${(100 * m.coverage).toFixed(0)}%), wrong ${m.confidentWrong} (${(100 * m.confidentErrorRate).toFixed(1)}%)`,
    `lowest fake minus highest real: ${m.separation.toFixed(3)}${m.separation > 0 ? ' (every fake above every real)' : ''}`,
  ].join('\n');
}

/** A person's scored faces in one report, in time order. */
type PersonLooks = { score: number; timeMs: number }[];

interface ReportFrames {
  result: { frames: { timeMs: number; faces: { pFake: number | null; track: number | null }[] }[] };
}

export function peopleOf(report: ReportFrames): PersonLooks[] {
  const byTrack = new Map<number, PersonLooks>();
  for (const f of report.result.frames) {
    for (const face of f.faces) {
      if (face.pFake === null || face.track === null) continue;
      const t = byTrack.get(face.track) ?? [];
      t.push({ score: face.pFake, timeMs: f.timeMs });
      byTrack.set(face.track, t);
    }
  }
  return [...byTrack.values()].map((t) => t.sort((a, b) => a.timeMs - b.timeMs));
}

/**
 * How a person's score moves between two looks at it, by the time between them: for every pair of
 * the same person's faces, |difference| / sqrt(2) pooled as a root mean square (the sd of one look's
 * score around the person's level, if looks that far apart were independent), and the correlation
 * of the pair's deviations from the person's mean. APP_CONFIG.bootstrap's blockMs and lookSd come
 * from this table (--noise).
 */
export function lookNoise(people: readonly PersonLooks[], edgesMs: readonly number[] = [500, 1000, 2000, 4000, Infinity]): { upToMs: number; pairs: number; sd: number; correlation: number }[] {
  const buckets = edgesMs.map(() => ({ n: 0, sq: 0, xy: 0, xx: 0, yy: 0 }));
  for (const p of people) {
    if (p.length < 2) continue;
    const m = p.reduce((s, l) => s + l.score, 0) / p.length;
    for (let i = 0; i < p.length; i++) {
      for (let j = i + 1; j < p.length; j++) {
        const dt = p[j]!.timeMs - p[i]!.timeMs;
        const k = edgesMs.findIndex((e) => dt < e);
        if (k < 0) continue;
        const b = buckets[k]!;
        const x = p[i]!.score - m;
        const y = p[j]!.score - m;
        b.n++;
        b.sq += (p[i]!.score - p[j]!.score) ** 2 / 2;
        b.xy += x * y;
        b.xx += x * x;
        b.yy += y * y;
      }
    }
  }
  return buckets.map((b, k) => ({ upToMs: edgesMs[k]!, pairs: b.n, sd: Math.sqrt(b.sq / Math.max(1, b.n)), correlation: b.xy / Math.sqrt(b.xx * b.yy || 1) }));
}

/** One scan line as the margins need it: its frames (for aggregate) and its truth. */
export interface LabelledReport {
  name: string;
  truth: 0 | 1;
  frames: FrameResult[];
}

/** Confident-verdict error rate and coverage when the page's rule runs with these lines. */
export function marginOutcome(reports: readonly LabelledReport[], realBelow: number, fakeAbove: number, base: AggregateConfig = APP_AGGREGATE): { realBelow: number; fakeAbove: number; confident: number; wrong: number; coverage: number; errorRate: number; errorUpper: number } {
  let confident = 0;
  let wrong = 0;
  for (const r of reports) {
    if (r.frames.length === 0) continue;
    const v = aggregate(r.frames, { ...base, realBelow, fakeAbove });
    if (v.label !== 'fake' && v.label !== 'real') continue;
    confident++;
    if ((v.label === 'fake' ? 1 : 0) !== r.truth) wrong++;
  }
  const errorRate = confident ? wrong / confident : 0;
  return { realBelow, fakeAbove, confident, wrong, coverage: reports.length ? confident / reports.length : 0, errorRate, errorUpper: wilsonUpper(wrong, confident) };
}

/** Upper end of the 95% Wilson interval of a proportion k/n (1 when n = 0). */
export function wilsonUpper(k: number, n: number, z = 1.96): number {
  if (n === 0) return 1;
  const p = k / n;
  const d = 1 + (z * z) / n;
  return Math.min(1, (p + (z * z) / (2 * n) + z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d);
}

/**
 * The lines ("real" at or below, "likely manipulated" at or above) that give the most confident
 * verdicts while those verdicts are wrong at most `maxError` of the time, over a grid of 0.05
 * steps; ties go to the wider margin. Null when no pair of lines meets the bound.
 */
export function chooseMargins(reports: readonly LabelledReport[], maxError = 0.05, base: AggregateConfig = APP_AGGREGATE) {
  let best: ReturnType<typeof marginOutcome> | null = null;
  for (let r = 1; r <= 10; r++) {
    for (let f = 10; f <= 19; f++) {
      const o = marginOutcome(reports, r * 0.05, f * 0.05, base);
      if (o.confident === 0 || o.errorRate > maxError) continue;
      if (!best || o.confident > best.confident || (o.confident === best.confident && o.fakeAbove - o.realBelow > best.fakeAbove - best.realBelow)) best = o;
    }
  }
  return best;
}

/** The page's aggregation settings (APP_CONFIG). */
export const APP_AGGREGATE: AggregateConfig = {
  fakeAbove: APP_CONFIG.fakeAbove,
  realBelow: APP_CONFIG.realBelow,
  minFramesWithFace: APP_CONFIG.minFramesWithFace,
  minFacePixels: APP_CONFIG.minFacePixels,
  maxModelSpread: APP_CONFIG.maxModelSpread,
  bootstrap: APP_CONFIG.bootstrap,
};

/**
 * `n` crops of DFDC validation half B (half real, half fake; seeded, so every model meets the same
 * ones), their paths and labels: the held-out DFDC measurement through the page (issue 22, item 1).
 * Half B is never read in training or in choosing a checkpoint (data-config.ts).
 */
export function halfInputs(half: 'A' | 'B', n: number, seed = DATA_CONFIG.seed + 22): { paths: string[]; labels: Map<string, 0 | 1> } {
  const plan = makePlan();
  const rows = plan.order.filter((o) => o.split === 'val' && plan.valHalf.get(o.row.video) === half).map((o) => o.row);
  const pick = balancedSubset(rows, Math.floor(n / 2), seed);
  const paths = pick.map((r) => cropPath(DATA_CONFIG.dataDir, r));
  return { paths, labels: new Map(pick.map((r, i) => [basename(paths[i]!), r.label] as const)) };
}

const USAGE = 'npm run evaluate:videos -- DIR|FILE... [--labels CSV] [--frames N] [--out FILE.jsonl] [--from FILE.jsonl] [--page DIR] [--jobs N] [--dfdcHalfA N] [--dfdcHalfB N] [--table] [--margins] [--noise]';
const FLAGS = {
  labels: { type: 'string' },
  frames: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  page: { type: 'string' },
  jobs: { type: 'string' },
  dfdcHalfA: { type: 'string' },
  dfdcHalfB: { type: 'string' },
  table: { type: 'boolean' },
  noise: { type: 'boolean' },
  margins: { type: 'boolean' },
} as const;

export function parseArgs(argv: readonly string[]) {
  const { values: v, positionals } = parseFlags(argv, FLAGS, USAGE, true);
  const opts = { inputs: positionals, labels: v.labels ?? null, frames: v.frames ?? null, out: v.out ?? null, from: v.from ?? null, page: v.page ?? null, jobs: v.jobs ?? null, dfdcHalfA: v.dfdcHalfA ?? null, dfdcHalfB: v.dfdcHalfB ?? null, table: v.table === true, noise: v.noise === true, margins: v.margins === true };
  for (const h of ['dfdcHalfA', 'dfdcHalfB'] as const) {
    const n = opts[h];
    if (n !== null && !(Number.isInteger(Number(n)) && Number(n) >= 2)) throw new Error(`--${h} is a number of crops (2 or more), got "${n}"`);
  }
  if (!opts.from && opts.inputs.length === 0 && opts.dfdcHalfA === null && opts.dfdcHalfB === null) throw new Error('give the videos (folders or files) to scan, or --from an earlier run');
  return opts;
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const table = opts.labels ? readLabels(readFileSync(opts.labels, 'utf8')) : null;
  const dfdc = new Map<string, 0 | 1>();
  for (const [half, n] of [['A', opts.dfdcHalfA], ['B', opts.dfdcHalfB]] as const) {
    if (n === null) continue;
    if (!existsSync(DATA_CONFIG.dataDir)) throw new Error(`--dfdcHalf${half} needs the DFDC crops in ${DATA_CONFIG.dataDir}`);
    const picked = halfInputs(half, Number(n));
    opts.inputs.push(...picked.paths);
    for (const [name, label] of picked.labels) dfdc.set(name, label);
  }
  const labelOf = (name: string) => dfdc.get(name) ?? (table ? (table.get(name) ?? null) : labelFromName(name));
  let jsonl: string;
  if (opts.from) jsonl = readFileSync(opts.from, 'utf8');
  else {
    const bin = join(ROOT, 'bin', 'deepfake-scan.mjs');
    if (!existsSync(join(ROOT, 'dist', 'index.html'))) throw new Error('no built page: run "npm run build" first');
    const args = [bin, '-q', ...(opts.frames ? ['--frames', opts.frames] : []), ...(opts.page ? ['--page', opts.page] : []), ...(opts.jobs ? ['--jobs', opts.jobs] : []), ...(opts.out ? ['--out', opts.out] : []), ...opts.inputs];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30 });
    // Exit codes 0 and 5 (--fail-on) and the ones for failed files still leave lines to count.
    if (run.error) throw run.error;
    jsonl = opts.out ? readFileSync(opts.out, 'utf8') : run.stdout;
  }
  const rows = outcomes(jsonl, labelOf);
  console.log(`models: ${modelsOf(jsonl)}`);
  if (opts.table) {
    for (const r of [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1))) {
      console.log(`${r.truth ? 'FAKE' : 'REAL'}  ${r.score === null ? '  --' : (100 * r.score).toFixed(0).padStart(3) + '%'}  ${(r.label ?? (r.error ? 'error' : 'no score')).padEnd(9)}  ${r.name}${r.error ? `  (${r.error})` : ''}`);
    }
  }
  console.log(metricsText(videoMetrics(rows)));
  if (opts.margins) {
    const reports: LabelledReport[] = jsonl
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { input: { name: string; path?: string }; result: { frames: FrameResult[] } })
      .map((r) => ({ name: basename(r.input.path ?? r.input.name), truth: labelOf(basename(r.input.path ?? r.input.name))!, frames: r.result.frames }));
    const now = marginOutcome(reports, APP_CONFIG.realBelow, APP_CONFIG.fakeAbove);
    const line = (o: ReturnType<typeof marginOutcome>) =>
      `real <= ${(100 * o.realBelow).toFixed(0)}%, fake >= ${(100 * o.fakeAbove).toFixed(0)}%: ${o.confident} confident (coverage ${(100 * o.coverage).toFixed(0)}%), ${o.wrong} wrong (${(100 * o.errorRate).toFixed(1)}%, 95% upper ${(100 * o.errorUpper).toFixed(0)}%)`;
    console.log(`with the app's lines (re-aggregated with this checkout's rule): ${line(now)}`);
    const best = chooseMargins(reports);
    console.log(best ? `most confident verdicts with at most 5% wrong: ${line(best)}` : 'no pair of lines keeps confident verdicts at most 5% wrong');
  }
  if (opts.noise) {
    const people = jsonl.split('\n').filter((l) => l.trim() !== '').flatMap((l) => peopleOf(JSON.parse(l) as ReportFrames));
    console.log('score of one look at a person, by the time between looks (sd = rms difference / sqrt 2):');
    for (const b of lookNoise(people)) console.log(`  under ${Number.isFinite(b.upToMs) ? `${b.upToMs} ms` : 'any time'}: ${b.pairs} pairs, sd ${b.sd.toFixed(3)}, correlation ${b.correlation.toFixed(2)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (e) {
    console.error(`evaluate:videos: ${e instanceof Error ? e.message : e}`);
    process.exit(2);
  }
}
