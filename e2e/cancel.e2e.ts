// Cancel in the real page: the worker's work stops promptly (measured on its own thread in /proc)
// and the next file works.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, detectorUrl, openDetector } from '../scan/page-driver';
import { GOOD, MEDIA, REAL_VIDEO } from './data';
import { expect, test } from './fixtures';
import { browserThreads, procAvailable, threadCpuTicks, type ThreadRef } from './fixtures/process-memory';
import { faceClip } from './fixtures/runtime-fixtures';
import { analysisWorker, FILE_MS, finite, STARTUP_MS } from './worker-levers';

/** CPU time the worker's thread may still use after the click. Chromium lets a worker's running
 *  task finish and forces termination only after 2 s, so this fails if the pipeline runs as one long
 *  task (measured on a quiet machine: 1.9 s before run-analysis yielded to the event loop, 0.45 s
 *  after). CPU time, not wall time: on a machine busy with other work the same 0.45 s of computing
 *  stretched past 2 s of wall time (measured here under load: last CPU tick 2,013 ms after the click),
 *  while the CPU the cancelled work can still burn stays what it was. */
const CANCEL_MAX_MS = 1500;
/** Linux accounts thread CPU time in USER_HZ ticks, 100 per second on every mainstream architecture. */
const MS_PER_TICK = 10;

const fmt = (ms: number | null): string => (ms === null ? 'never' : `${ms.toFixed(0)} ms`);

/** Samples the threads' CPU every 20 ms from `since` for up to 10 s (or until `done()` and every
 *  thread has exited or been idle for 500 ms): when each last used CPU, how much CPU they used in
 *  all after `since`, and when all had exited. (A sampler, not a wait: the loop ends on state.) */
async function watchThreads(
  threads: ThreadRef[],
  since: number,
  done: () => boolean,
): Promise<{ lastBusyMs: number | null; cpuMs: number | null; exitedMs: number | null }> {
  const start = threads.map((t) => threadCpuTicks(t));
  let ticks = start;
  const last = [...start];
  let lastBusy = since;
  let exited: number | null = null;
  while (performance.now() - since < 10_000) {
    await new Promise((ok) => setTimeout(ok, 20));
    const now = performance.now();
    const next = threads.map((t) => threadCpuTicks(t));
    if (next.some((v, i) => v !== null && v !== ticks[i])) lastBusy = now;
    next.forEach((v, i) => {
      if (v !== null) last[i] = v;
    });
    ticks = next;
    if (exited === null && next.every((v) => v === null)) exited = now;
    if (done() && (exited !== null || now - lastBusy > 500)) break;
  }
  const used = last.reduce<number>((sum, v, i) => sum + ((v ?? 0) - (start[i] ?? 0)), 0);
  return {
    lastBusyMs: threads.length > 0 ? lastBusy - since : null,
    cpuMs: threads.length > 0 ? used * MS_PER_TICK : null,
    exitedMs: exited === null ? null : exited - since,
  };
}

test(`resources: cancel stops the worker (under ${CANCEL_MAX_MS} ms of CPU after the click) and the next file works`, async ({ browser, server }) => {
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: 4 }), STARTUP_MS);
  try {
    const { page } = dp;
    const worker = await analysisWorker(page);
    // A file whose analysis takes seconds: a real face (ensemble scoring) or, without
    // ../shared/data, the 4K fixture.
    const file = existsSync(REAL_VIDEO) ? await faceClip() : join(MEDIA, 'uhd-3840x2160.mp4');
    const before = await page.evaluate(() => window.deepfakeDetector?.status().results.length ?? 0);
    let closedAt = 0;
    worker.once('close', () => (closedAt = performance.now()));
    await page.setInputFiles('input[type=file]', file);
    // Cancel once the worker is visibly working (the first frame is decoded).
    await page.getByTestId('analysis-progress').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => /[1-9]\d* of \d+ frames/.test(document.querySelector('[data-testid=analysis-progress]')?.textContent ?? ''), undefined, {
      timeout: FILE_MS,
      polling: 50,
    });
    const state = () => page.evaluate(() => window.deepfakeDetector?.status().state);
    await expect.poll(state, { message: 'the analysis ended before cancel could be tested (state)' }).toBe('analyzing');
    // The worker's own thread, watched in /proc: when it stops using CPU is when its work stopped.
    const threads = procAvailable ? browserThreads('DedicatedWorker') : [];
    const busy = threads.map((t) => threadCpuTicks(t));
    // Wait until a watched thread has used CPU (state, not a fixed time), so the cancel lands on work.
    const working = () => threads.length === 0 || threads.some((t, i) => (threadCpuTicks(t) ?? 0) > (busy[i] ?? 0));
    await expect.poll(working, { message: 'no worker thread is busy before cancel', timeout: 30_000 }).toBe(true);
    await expect.poll(state, { message: 'the analysis ended before cancel could be tested (state)' }).toBe('analyzing');
    // Click from inside the page (no actionability waits in the measured time).
    const clickedAt = performance.now();
    await page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')?.click());
    const watch = await watchThreads(threads, clickedAt, () => closedAt > 0);
    // Playwright's worker 'close' event is not a reliable signal: in two CI runs it never came
    // although the page was cancelled and ready on a fresh worker, and Chromium may reuse the
    // worker's thread, so /proc cannot say "gone" either. What the test bounds is the CPU the
    // cancelled work still burns (below, per watched thread) and that a fresh worker then works;
    // the close time is logged when seen.
    if (threads.length === 0) await expect.poll(() => closedAt > 0, { message: 'the cancelled worker never closed', timeout: STARTUP_MS }).toBe(true);
    const closeMs = closedAt > 0 ? closedAt - clickedAt : Number.NaN;
    console.log(
      `  after the click: worker thread's last CPU tick at ${fmt(watch.lastBusyMs)}, CPU used ${fmt(watch.cpuMs)}, thread gone at ${fmt(watch.exitedMs)}, ` +
        `Playwright's worker 'close' at ${closeMs.toFixed(0)} ms (threads watched: ${threads.length})`,
    );
    if (threads.length > 0) {
      expect(watch.cpuMs, `the worker used ${fmt(watch.cpuMs)} of CPU after cancel (last tick at ${fmt(watch.lastBusyMs)})`).toBeLessThan(CANCEL_MAX_MS);
    } else {
      console.log('  /proc threads unavailable: bounding the worker close event instead');
      expect(closeMs, `the worker closed ${closeMs.toFixed(0)} ms after cancel`).toBeLessThan(CANCEL_MAX_MS * 3);
    }
    // The page is ready again once the fresh worker has warmed up; the cancelled one is gone (closed above).
    await page.waitForFunction(() => window.deepfakeDetector?.status().state === 'ready', undefined, { timeout: STARTUP_MS });
    const results = () => page.evaluate(() => window.deepfakeDetector?.status().results.length ?? 0);
    await expect.poll(results, { message: 'the cancelled analysis still produced a result (results after cancel)' }).toBe(before);
    // A fresh worker starts (warm-up again) and the next file works.
    const r = await analyzeFile(dp, GOOD, STARTUP_MS);
    finite(r, 'after cancel');
  } finally {
    await dp.close();
  }
});
