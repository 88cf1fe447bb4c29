// `npx tsx bench/startup.ts [--runs N] [--out FILE]`: where the page's start-up goes, as deepfake-scan
// sees it. Each run launches Chromium the way scan does and opens the built page (dist/); the page's
// Worker messages are timestamped in the page (an init script wraps window.Worker), so the phases are
// the worker's own: navigation and page script, backend choice (tfjs backend init, wasm compile),
// loading (fetch + SHA-256 check of every model, the face detector's wasm and model, in parallel),
// and warm-up (the ensemble's first run). A "returning" visit is a second page in the same browser.
// Numbers depend on the machine's load: the load average is recorded beside each run.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../scan/browser';
import { detectorUrl, openDetector } from '../scan/page-driver';
import { startStaticServer } from '../scan/serve';

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
  /** Backend ready -> the face detector is loaded and warmed (in parallel with the models). */
  detectorMs: number | null;
  /** Backend ready -> every model fetched, SHA-256-checked and decoded. */
  modelsMs: number;
  /** Models loaded -> ready (the ensemble's first run). */
  warmupMs: number;
  /** Navigation start -> ready, in the page. */
  readyMs: number;
}

/** The phases from the page's marks (times from navigation start, ms); null when a mark is missing. */
export function breakdown(marks: readonly StartupMark[]): StartupBreakdown | null {
  const at = (pred: (m: StartupMark) => boolean) => marks.find(pred)?.t ?? null;
  const worker = at((m) => m.what === 'worker');
  const first = at((m) => m.what === 'warmup');
  const detector = at((m) => m.message === 'Face detector ready');
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

async function visit(browser: Browser, url: string): Promise<{ nodeMs: number; phases: StartupBreakdown | null; backend: string }> {
  const t0 = performance.now();
  const dp = await openDetector(browser, url, 600_000, async (context) => void (await context.addInitScript({ content: WORKER_PROBE })));
  const nodeMs = performance.now() - t0;
  const marks = (await dp.page.evaluate('window.__startup')) as StartupMark[];
  await dp.close();
  return { nodeMs: Math.round(nodeMs), phases: breakdown(marks), backend: dp.info.backend };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1]! : null;
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
        const first = await visit(browser, url);
        const returning = await visit(browser, url);
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
