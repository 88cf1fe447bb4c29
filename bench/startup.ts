// `npx tsx bench/startup.ts [--runs N] [--out FILE] [--analyze FILE [--frames N]]`: where the page's
// start-up goes, as deepfake-scan sees it. Each run launches Chromium the way scan does and opens the built
// page (dist/); the page's Worker messages are timestamped in the page (an init script wraps
// window.Worker), so the phases are the worker's own: navigation and page script, backend choice
// (tfjs backend init, wasm compile), loading (fetch + SHA-256 check of every model, the face
// detector's wasm and model, in parallel), and warm-up (the ensemble's first run). The worker's own
// User Timing marks (src/startup-marks.ts) split those phases into steps (`steps`, ms from the page's
// navigation start). With --analyze, each visit then analyses FILE, and `firstResultMs` is the time
// from opening the page to that result (what a deferred warm-up would move, not only ready).
// A "returning" visit is a second page in the same browser.
// Numbers depend on the machine's load: the load average is recorded beside each run.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../scan/browser';
import { analyzeReport, detectorUrl, openDetector } from '../scan/page-driver';
import { startStaticServer } from '../scan/serve';
import { STARTUP_MARK } from '../src/startup-marks';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = process.env.BENCH_APP_DIST ?? join(ROOT, 'dist');

/** Timestamps the worker's start-up messages (a string: no function of this file reaches the page). */
export const WORKER_PROBE = `(() => {
  const W = window.Worker;
  window.__startup = [];
  window.Worker = class extends W {
    constructor(...args) {
      super(...args);
      window.__startup.push({ t: performance.now(), what: 'worker' });
      this.addEventListener('message', (e) => {
        const d = e.data;
        if (d && (d.type === 'warmup' || d.type === 'ready')) window.__startup.push({ t: performance.now(), what: d.type, message: d.message ?? d.backend });
      });
    }
  };
})();`;

export interface StartupMark {
  t: number;
  what: string;
  message?: string;
}

export interface StartupBreakdown {
  /** Navigation start -> the worker is created (HTML, scripts, React's first render). */
  pageMs: number;
  /** Worker created -> its first message (tfjs and its backend: wasm fetch and compile, or a GPU adapter). */
  backendMs: number;
  /** Backend ready -> the face detector is loaded (and, before the warm-ups moved after ready, warmed),
   *  in parallel with the models. */
  detectorMs: number | null;
  /** Backend ready -> every model fetched, SHA-256-checked and decoded. */
  modelsMs: number;
  /** Models loaded -> ready (the ensemble's first run; about 0 since it follows ready). */
  warmupMs: number;
  /** Navigation start -> ready, in the page. */
  readyMs: number;
}

/** The phases from the page's marks (times from navigation start, ms); null when a mark is missing. */
export function breakdown(marks: readonly StartupMark[]): StartupBreakdown | null {
  const at = (pred: (m: StartupMark) => boolean) => marks.find(pred)?.t ?? null;
  const worker = at((m) => m.what === 'worker');
  const first = at((m) => m.what === 'warmup');
  // 'Face detector ready' until the warm-ups moved after ready (then the detector is only loaded).
  const detector = at((m) => m.message === 'Face detector loaded' || m.message === 'Face detector ready');
  const models = at((m) => m.message === 'Models loaded');
  const ready = at((m) => m.what === 'ready');
  if (worker === null || first === null || models === null || ready === null) return null;
  const r = (x: number) => Math.round(x);
  return {
    pageMs: r(worker),
    backendMs: r(first - worker),
    detectorMs: detector === null ? null : r(detector - first),
    modelsMs: r(models - first),
    warmupMs: r(ready - models),
    readyMs: r(ready),
  };
}

/** A User Timing mark as read from a thread: its name and startTime (ms from that thread's timeOrigin). */
export interface TimelineMark {
  name: string;
  startTime: number;
}

/** The worker's start-up marks in the page's timeline (ms from navigation start): a worker's
 *  timeOrigin is its creation, so each mark is shifted by the two origins' difference. Marks that are
 *  not start-up marks are left out. */
export function workerSteps(pageOrigin: number, workerOrigin: number, marks: readonly TimelineMark[]): Record<string, number> {
  const ours = new Set<string>(Object.values(STARTUP_MARK));
  const steps: Record<string, number> = {};
  for (const m of marks) {
    const base = m.name.replace(/:[^:]*$/, '');
    if (!ours.has(m.name) && !ours.has(base)) continue;
    steps[m.name] = Math.round(workerOrigin - pageOrigin + m.startTime);
  }
  return steps;
}

/** The analysis worker's marks and timeOrigin, and the page's timeOrigin. */
async function readWorkerSteps(page: Page): Promise<Record<string, number> | null> {
  const worker = page.workers().find((w) => /analysis/.test(w.url()));
  if (!worker) return null;
  const pageOrigin = (await page.evaluate('performance.timeOrigin')) as number;
  const w = (await worker.evaluate("({ origin: performance.timeOrigin, marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, startTime: m.startTime })) })")) as {
    origin: number;
    marks: TimelineMark[];
  };
  return workerSteps(pageOrigin, w.origin, w.marks);
}

interface Visit {
  nodeMs: number;
  phases: StartupBreakdown | null;
  steps: Record<string, number> | null;
  backend: string;
  /** Opening the page -> the first analysis's result (with --analyze). */
  firstResultMs?: number;
  score?: number | null;
}

async function visit(browser: Browser, url: string, analyze: string | null, frames: number | null): Promise<Visit> {
  const t0 = performance.now();
  const dp = await openDetector(browser, url, 600_000, async (context) => void (await context.addInitScript({ content: WORKER_PROBE })));
  const nodeMs = performance.now() - t0;
  try {
    const marks = (await dp.page.evaluate('window.__startup')) as StartupMark[];
    const steps = await readWorkerSteps(dp.page);
    const row: Visit = { nodeMs: Math.round(nodeMs), phases: breakdown(marks), steps, backend: dp.info.backend };
    if (analyze !== null) {
      const report = await analyzeReport(dp, analyze, 600_000, frames);
      row.firstResultMs = Math.round(performance.now() - t0);
      row.score = report.result.score;
    }
    return row;
  } finally {
    await dp.close();
  }
}

export interface StartupArgs {
  runs: number;
  out: string | null;
  analyze: string | null;
  /** Frames the --analyze analysis samples (null: the page's default); few frames keep the
   *  analysis itself, and its noise, small beside the start-up. */
  frames: number | null;
}

/** Strict: an unknown flag or a bad value is an error with a message. */
export function parseStartupArgs(argv: readonly string[]): StartupArgs {
  const o: StartupArgs = { runs: 3, out: null, analyze: null, frames: null };
  const whole = (flag: string, value: string, max: number) => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new Error(`${flag} must be a whole number from 1 to ${max} (got "${value}")`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (!['--runs', '--out', '--analyze', '--frames'].includes(flag)) throw new Error(`unknown argument "${flag}" (options: --runs N, --out FILE, --analyze FILE, --frames N)`);
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    i++;
    if (flag === '--runs') o.runs = whole(flag, value, 100);
    else if (flag === '--frames') o.frames = whole(flag, value, 256);
    else if (flag === '--out') o.out = value;
    else o.analyze = value;
  }
  if (o.frames !== null && o.analyze === null) throw new Error('--frames needs --analyze FILE');
  return o;
}

async function main(): Promise<void> {
  const { runs, out, analyze, frames } = parseStartupArgs(process.argv.slice(2));
  const server = await startStaticServer(DIST);
  const url = detectorUrl(server.url, { backend: null, frames: null });
  const results: unknown[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const l0 = loadavg()[0]!;
      const b0 = performance.now();
      const browser = await launchChromium();
      const launchMs = Math.round(performance.now() - b0);
      try {
        const first = await visit(browser, url, analyze, frames);
        const returning = await visit(browser, url, analyze, frames);
        const row = { run: i + 1, load1: Number(l0.toFixed(2)), launchMs, first, returning };
        results.push(row);
        process.stderr.write(`${JSON.stringify(row)}\n`);
      } finally {
        await browser.close().catch(() => undefined);
      }
    }
  } finally {
    await server.close();
  }
  if (out !== null) writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), dist: DIST, results }, null, 2)}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`startup: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
