// Resource safety and integrity, measured in the real page and worker:
//  - many analyses in a row leave tfjs tensors (and WebGPU bytes) flat and close every VideoFrame;
//  - cancel terminates the worker's work promptly (measured), and the next file works;
//  - a lost WebGPU device, or a failed adapter request, falls back to the next backend with a notice;
//  - `scan --timeout-per-file S` bounds a file and the next file still gets its line;
//  - a corrupted or swapped model shard is refused with a message naming the file.
// Test-only levers, none of them in the app: Playwright evaluates code inside the worker (tfjs keeps
// its engine on the worker's global as `_tfengine`), and routes the worker script to prepend a stub.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { analyzeFile, detectorUrl, openDetector, type DetectorPage } from '../scan/page-driver';
import { APP_CONFIG } from '../src/config';
import { EXIT } from '../scan/exit-codes';
import type { ScanLine } from '../scan/scan-line';
import type { AnalysisResult } from '../src/types';
import type { E2EContext } from './run';
import { MEDIA, REAL_VIDEO, ROOT } from './data';
import { browserRss, browserThreads, MiB, procAvailable, threadCpuTicks, type ThreadRef } from './fixtures/process-memory';
import { faceClip, oneFrameClip } from './fixtures/runtime-fixtures';
import { assert, skip, type TestCase } from './harness';

const STARTUP_MS = 600_000;
const FILE_MS = 120_000;
const GOOD = join(MEDIA, 'good-h264.mp4');
/** Analyses in the memory test (the issue's number). */
export const MEMORY_RUNS = Number(process.env.E2E_MEMORY_RUNS ?? 50);
/** Backend of the memory and cancel tests. WASM by default: measured on this 2-core machine,
 *  WebGPU on SwiftShader takes ~34 s per frame to detect faces (WASM ~0.4 s), far too slow for 50
 *  analyses. With a real GPU set E2E_MEMORY_BACKEND=webgpu: GPU bytes are then checked too. */
const MEMORY_BACKEND = process.env.E2E_MEMORY_BACKEND ?? 'wasm';
/** The worker's thread must stop computing within this long of the click. Chromium lets a worker's
 *  running task finish and forces termination only after 2 s, so this fails if the pipeline runs
 *  as one long task (measured 1.9 s before run-analysis yielded to the event loop, 0.45 s after). */
export const CANCEL_MAX_MS = 1500;

const WORKER_SCRIPT = /\/assets\/analysis\.worker[^/]*\.js$/;

/** Prepends `prelude` to the analysis worker's script (so it runs before the worker starts tfjs). */
async function patchWorker(context: BrowserContext, prelude: string): Promise<void> {
  await context.route(WORKER_SCRIPT, async (route) => {
    const response = await route.fetch();
    const body = `${prelude}\n${await response.text()}`;
    await route.fulfill({ response, body, headers: { ...response.headers(), 'content-length': String(Buffer.byteLength(body)) } });
  });
}

/** The worker cannot get a WebGL context (stands in for a browser or GPU that has none). Keeps the
 *  fallback tests on the cheap WASM floor instead of compiling every model's shaders for WebGL. */
const NO_WEBGL = `(() => {
  const get = OffscreenCanvas.prototype.getContext;
  OffscreenCanvas.prototype.getContext = function (kind, ...rest) {
    return kind === 'webgl' || kind === 'webgl2' ? null : get.call(this, kind, ...rest);
  };
})();`;

/** navigator.gpu.requestAdapter() resolves to null, as on a machine whose GPU is blocklisted. */
const NO_ADAPTER = `(() => {
  if (self.navigator.gpu) self.navigator.gpu.requestAdapter = async () => null;
})();`;

/** The WebGPU adapter reports itself as hardware. Since the automatic choice ranks a software
 *  adapter (SwiftShader, this CI machine's only one) below WASM, this is how a GPU-less machine
 *  reaches the state a real GPU user is in: WebGPU chosen automatically, so a loss can fall back. */
const HARDWARE_ADAPTER = `(() => {
  const proto = self.GPUAdapter && GPUAdapter.prototype;
  if (!proto) return;
  const info = Object.getOwnPropertyDescriptor(proto, 'info');
  if (info && info.get) {
    Object.defineProperty(proto, 'info', {
      configurable: true,
      get() {
        const real = info.get.call(this);
        return { vendor: 'e2e-stand-in', architecture: 'hardware', device: '', description: '', isFallbackAdapter: false, subgroupMinSize: real.subgroupMinSize, subgroupMaxSize: real.subgroupMaxSize };
      },
    });
  }
  if ('isFallbackAdapter' in proto) Object.defineProperty(proto, 'isFallbackAdapter', { configurable: true, get: () => false });
})();`;

async function analysisWorker(page: Page, timeoutMs = 30_000): Promise<Worker> {
  const t0 = Date.now();
  for (;;) {
    const w = page.workers().find((x) => /analysis/.test(x.url()));
    if (w) return w;
    if (Date.now() - t0 > timeoutMs) throw new Error(`no analysis worker after ${timeoutMs} ms (${page.workers().map((x) => x.url()).join(', ')})`);
    await page.waitForTimeout(100);
  }
}

/** Counts VideoFrames the worker creates (decoder outputs, constructor, clone) and closes. Proxies
 *  keep `instanceof VideoFrame` true for every frame, so the pipeline runs unchanged. Plain
 *  JavaScript text: tsx would add helpers (__name) to a compiled function that the worker lacks. */
const COUNT_FRAMES = `(() => {
  if (self.__frames) return;
  const counts = { made: 0, closed: 0 };
  self.__frames = counts;
  const open = new WeakSet();
  const track = (f) => { open.add(f); counts.made++; return f; };
  const proto = VideoFrame.prototype;
  const close = proto.close;
  proto.close = function () {
    if (open.has(this)) { open.delete(this); counts.closed++; }
    return close.call(this);
  };
  const clone = proto.clone;
  proto.clone = function () { return track(clone.call(this)); };
  self.VideoFrame = new Proxy(VideoFrame, { construct: (t, args, nt) => track(Reflect.construct(t, args, nt)) });
  self.VideoDecoder = new Proxy(VideoDecoder, {
    construct(t, args, nt) {
      const init = args[0];
      const output = init.output;
      return Reflect.construct(t, [{ ...init, output: (f) => output(track(f)) }, ...args.slice(1)], nt);
    },
  });
})()`;

async function countVideoFrames(worker: Worker): Promise<void> {
  await worker.evaluate(COUNT_FRAMES);
}

async function frameCounts(worker: Worker): Promise<{ made: number; closed: number }> {
  return (await worker.evaluate('({ ...self.__frames })')) as { made: number; closed: number };
}

interface EngineMemory {
  backend: string;
  numTensors: number;
  numBytes: number;
  numBytesInGPU: number | null;
}

/** tfjs's own accounting, read in the worker (the page reports numTensors too; this adds GPU bytes). */
async function engineMemory(worker: Worker): Promise<EngineMemory> {
  return (await worker.evaluate(`(() => {
    const e = self._tfengine;
    const m = e.memory();
    return { backend: e.backendName, numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null };
  })()`)) as EngineMemory;
}

/** Destroys the WebGPU device under tfjs, as a driver reset or GPU-process crash would lose it. */
const LOSE_DEVICE = `self._tfengine.findBackend('webgpu').device.destroy()`;

async function notices(page: Page): Promise<string[]> {
  return page.locator('ul[aria-label=Notices] li').allInnerTexts();
}

function finite(r: AnalysisResult, what: string): void {
  assert(r.error === null, `${what}: ${r.error}`);
  assert(r.frames.length > 0, `${what}: no frames`);
  assert(r.score === null || (Number.isFinite(r.score) && r.score >= 0 && r.score <= 1), `${what}: score ${r.score}`);
}

/** The page shared by the memory and cancel tests (MEMORY_BACKEND, 4 frames), unmodified. */
class ResourceSession {
  dp: DetectorPage | null = null;
  constructor(private readonly ctx: E2EContext) {}
  async page(): Promise<DetectorPage> {
    if (this.dp !== null && !this.dp.page.isClosed()) return this.dp;
    this.dp = await openDetector(this.ctx.browser, detectorUrl(this.ctx.server.url, { backend: MEMORY_BACKEND, frames: 4 }), STARTUP_MS);
    return this.dp;
  }
  async close(): Promise<void> {
    await this.dp?.close();
    this.dp = null;
  }
}

function memoryTest(session: ResourceSession): TestCase {
  return {
    name: `resources: ${MEMORY_RUNS} analyses in a row leave tensors and GPU bytes flat and close every VideoFrame`,
    async run() {
      const dp = await session.page();
      const worker = await analysisWorker(dp.page);
      await countVideoFrames(worker);
      // Mostly a one-frame video (demux, decoder, detector: cheap); every 5th a real face over 4
      // frames (align + the whole ensemble), so both paths repeat ten times or more.
      const face = existsSync(REAL_VIDEO) ? await faceClip() : null;
      const small = await oneFrameClip();
      if (face === null) console.log(`  ${REAL_VIDEO} absent: face-free clips only (the scoring path is not exercised)`);
      const rows: (EngineMemory & { page: number; openFrames: number; rss: number })[] = [];
      const t0 = performance.now();
      for (let i = 0; i < MEMORY_RUNS; i++) {
        const file = i % 5 === 4 ? (face ?? GOOD) : small;
        const r = await analyzeFile(dp, file, FILE_MS);
        finite(r, `run ${i + 1}`);
        const page = await dp.page.evaluate(() => window.deepfakeDetector?.status().memory?.numTensors ?? -1);
        const frames = await frameCounts(worker);
        rows.push({ ...(await engineMemory(worker)), page, openFrames: frames.made - frames.closed, rss: procAvailable ? browserRss() : 0 });
      }
      const secs = (performance.now() - t0) / 1000;
      // Frames the decoder produced ahead are closed when its iterator is returned, which the
      // pipeline does not await: give it a moment before the final count.
      let counts = await frameCounts(worker);
      for (let i = 0; i < 20 && counts.made !== counts.closed; i++) {
        await dp.page.waitForTimeout(100);
        counts = await frameCounts(worker);
      }
      const first = rows[Math.min(4, rows.length - 1)]!; // after one of each kind has warmed up
      const last = rows.at(-1)!;
      const tensors = rows.slice(4).map((r) => r.numTensors);
      console.log(
        `  ${MEMORY_RUNS} analyses on ${last.backend} in ${secs.toFixed(0)} s: tensors ${rows[0]!.numTensors} -> ${first.numTensors} -> ${last.numTensors} ` +
          `(range ${Math.min(...tensors)}..${Math.max(...tensors)}), bytes ${first.numBytes} -> ${last.numBytes}` +
          `${last.numBytesInGPU !== null ? `, GPU bytes ${first.numBytesInGPU} -> ${last.numBytesInGPU}` : ''}; VideoFrames made ${counts.made}, closed ${counts.closed}`,
      );
      if (procAvailable) {
        // Browser memory (all processes) is noisier (GC, caches), so only a leak-sized growth fails.
        const grew = last.rss - first.rss;
        console.log(`  browser memory after run 5: ${(first.rss / MiB).toFixed(0)} MiB, after run ${MEMORY_RUNS}: ${(last.rss / MiB).toFixed(0)} MiB`);
        assert(grew < 256 * MiB, `browser memory grew by ${(grew / MiB).toFixed(0)} MiB over ${MEMORY_RUNS - 5} analyses`);
      }
      assert(rows.every((r) => r.page === r.numTensors), 'the page reports a different tensor count than the worker engine');
      assert(Math.max(...tensors) === Math.min(...tensors), `tensor count moved between analyses: ${tensors.join(',')}`);
      assert(last.numBytes === first.numBytes, `tensor bytes ${first.numBytes} -> ${last.numBytes}`);
      if (last.numBytesInGPU !== null) assert(last.numBytesInGPU === first.numBytesInGPU, `GPU bytes ${first.numBytesInGPU} -> ${last.numBytesInGPU}`);
      assert(counts.made >= MEMORY_RUNS, `the frame counter saw only ${counts.made} VideoFrames (instrumentation not in effect?)`);
      assert(counts.made === counts.closed, `${counts.made - counts.closed} VideoFrames were never closed`);
      const warnings = dp.errors.filter((e) => /VideoFrame|garbage collected/i.test(e));
      assert(warnings.length === 0, `the browser warned about frames: ${warnings.join(' | ')}`);
    },
  };
}

const fmt = (ms: number | null): string => (ms === null ? 'never' : `${ms.toFixed(0)} ms`);

/** Samples the threads' CPU every 20 ms from `since` for up to 10 s (or until `done()` and every
 *  thread has exited or been idle for 500 ms): when each last used CPU, and when all had exited. */
async function watchThreads(threads: ThreadRef[], since: number, done: () => boolean): Promise<{ lastBusyMs: number | null; exitedMs: number | null }> {
  let ticks = threads.map((t) => threadCpuTicks(t));
  let lastBusy = since;
  let exited: number | null = null;
  while (performance.now() - since < 10_000) {
    await new Promise((ok) => setTimeout(ok, 20));
    const now = performance.now();
    const next = threads.map((t) => threadCpuTicks(t));
    if (next.some((v, i) => v !== null && v !== ticks[i])) lastBusy = now;
    ticks = next;
    if (exited === null && next.every((v) => v === null)) exited = now;
    if (done() && (exited !== null || now - lastBusy > 500)) break;
  }
  return { lastBusyMs: threads.length > 0 ? lastBusy - since : null, exitedMs: exited === null ? null : exited - since };
}

function cancelTest(session: ResourceSession): TestCase {
  return {
    name: `resources: cancel stops the worker within ${CANCEL_MAX_MS} ms and the next file works`,
    async run() {
      const dp = await session.page();
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
      const state = await page.evaluate(() => window.deepfakeDetector?.status().state);
      assert(state === 'analyzing', `the analysis ended before cancel could be tested (state ${state})`);
      // The worker's own thread, watched in /proc: when it stops using CPU is when its work stopped.
      const threads = procAvailable ? browserThreads('DedicatedWorker') : [];
      const busy = threads.map((t) => threadCpuTicks(t));
      await page.waitForTimeout(300);
      assert(threads.length === 0 || threads.some((t, i) => (threadCpuTicks(t) ?? 0) > (busy[i] ?? 0)), 'no worker thread is busy before cancel');
      // Click from inside the page (no actionability waits in the measured time).
      const clickedAt = performance.now();
      await page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')?.click());
      const watch = await watchThreads(threads, clickedAt, () => closedAt > 0);
      assert(closedAt > 0, 'the worker was still alive 10 s after cancel');
      const closeMs = closedAt - clickedAt;
      console.log(
        `  after the click: worker thread's last CPU tick at ${fmt(watch.lastBusyMs)}, thread gone at ${fmt(watch.exitedMs)}, ` +
          `Playwright's worker 'close' at ${closeMs.toFixed(0)} ms (threads watched: ${threads.length})`,
      );
      if (threads.length > 0) {
        assert(watch.lastBusyMs !== null && watch.lastBusyMs < CANCEL_MAX_MS, `the worker kept computing until ${fmt(watch.lastBusyMs)} after cancel`);
      } else {
        console.log('  /proc threads unavailable: bounding the worker close event instead');
        assert(closeMs < CANCEL_MAX_MS * 3, `the worker closed ${closeMs.toFixed(0)} ms after cancel`);
      }
      await page.waitForTimeout(500);
      const after = await page.evaluate(() => window.deepfakeDetector?.status().results.length ?? 0);
      assert(after === before, 'the cancelled analysis still produced a result');
      // A fresh worker starts (warm-up again) and the next file works.
      const r = await analyzeFile(dp, GOOD, STARTUP_MS);
      finite(r, 'after cancel');
    },
  };
}

function deviceLossTest(ctx: E2EContext): TestCase {
  return {
    name: 'resources: a lost WebGPU device falls back to the next backend with a notice, and analysis goes on',
    async run() {
      // A page of our own whose backend is not forced (a forced backend never falls back).
      let routed: Promise<void> = Promise.resolve();
      const dp = await openDetector(ctx.browser, detectorUrl(ctx.server.url, { backend: null, frames: 4 }), STARTUP_MS, (c) => {
        routed = patchWorker(c, `${HARDWARE_ADAPTER}\n${NO_WEBGL}`);
      });
      await routed;
      try {
        assert(dp.backend === 'webgpu', `the page started on ${dp.backend}, not WebGPU: cannot test a lost device`);
        // The warm-up has already run every model on this device. (No analysis before the loss:
        // measured, WebGPU on SwiftShader detects at ~34 s per frame, too slow for CI.)
        const worker = await analysisWorker(dp.page);
        // Lose the device as a driver reset would: every later GPU call fails.
        await worker.evaluate(LOSE_DEVICE);
        await dp.page.waitForFunction(() => [...document.querySelectorAll('ul[aria-label=Notices] li')].some((li) => /WebGPU device was lost/i.test(li.textContent ?? '')), undefined, {
          timeout: 10_000,
        });
        const r = await analyzeFile(dp, GOOD, STARTUP_MS);
        finite(r, 'after the loss');
        assert(r.backend !== 'webgpu', `the analysis after the loss ran on ${r.backend}`);
        const shown = await notices(dp.page);
        console.log(`  after the loss: analysed on ${r.backend}; notices: ${shown.join(' | ')}`);
        const engine = await dp.page.getByTestId('engine').getAttribute('data-backend');
        assert(engine === r.backend, `the page shows backend ${engine}, the analysis ran on ${r.backend}`);
      } finally {
        await dp.close();
      }
    },
  };
}

function adapterTest(ctx: E2EContext): TestCase {
  return {
    name: 'resources: a failed WebGPU adapter request falls back to the next backend with a notice',
    async run() {
      let routed: Promise<void> = Promise.resolve();
      const dp = await openDetector(ctx.browser, detectorUrl(ctx.server.url, { backend: null, frames: 4 }), STARTUP_MS, (c) => {
        routed = patchWorker(c, `${NO_ADAPTER}\n${NO_WEBGL}`);
      });
      await routed;
      try {
        assert(dp.backend === 'wasm', `expected the WASM floor after WebGPU and WebGL failed, got ${dp.backend}`);
        const shown = await notices(dp.page);
        console.log(`  started on ${dp.backend}; notices: ${shown.join(' | ')}`);
        assert(shown.some((n) => /WebGPU/.test(n) && /adapter/i.test(n) && /fall/i.test(n)), `no notice about WebGPU: ${shown.join(' | ')}`);
        assert(shown.some((n) => /WebGL/.test(n)), `no notice about WebGL: ${shown.join(' | ')}`);
        finite(await analyzeFile(dp, GOOD, FILE_MS), 'on the fallback');
      } finally {
        await dp.close();
      }
    },
  };
}

/** Runs `npm run scan` as a user would (tsx scan/scan.ts), returning its exit code, stderr and wall time. */
export function runScan(args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scan', 'scan.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`scan did not finish within ${timeoutMs / 1000} s:\n${stderr}`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ code, stderr, ms: performance.now() - t0 });
    });
  });
}

function scanTimeoutTest(): TestCase {
  const S = 5;
  return {
    name: `scan: --timeout-per-file ${S} bounds a slow file, and the files after it still get their lines`,
    async run() {
      const dir = await mkdtemp(join(tmpdir(), 'scan-timeout-'));
      try {
        const out = join(dir, 'r.jsonl');
        // 256 frames of the 30-minute video take far longer than S seconds on WASM. A quick file
        // goes first so the page's start-up is not in the slow file's time.
        const slow = join(MEDIA, 'long-30min.mp4');
        const files = [join(MEDIA, 'not-a-video.mp4'), slow, join(MEDIA, 'still.png')];
        const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', '256', '--timeout-per-file', String(S), ...files], 1_500_000);
        assert(res.code === EXIT.unreadable, `scan exited ${res.code}, not ${EXIT.unreadable} (two inputs fail):\n${res.stderr}`);
        const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ScanLine).map((l) => ({ ...l.result, file: l.input.path }));
        assert(lines.length === 3, `expected 3 lines, got ${lines.length}`);
        const [b, a, c] = lines as [(typeof lines)[0], (typeof lines)[0], (typeof lines)[0]];
        console.log(`  ${b.error} | ${a.error} (${a.timings.totalMs} ms) | still: ${c.error ?? c.reason} | scan took ${(res.ms / 1000).toFixed(0)} s`);
        assert(/not a video/i.test(b.error ?? ''), `not-a-video: ${b.error}`);
        assert(a.file === slow && a.score === null && /timed out/i.test(a.error ?? ''), `slow file: ${JSON.stringify(a).slice(0, 300)}`);
        assert(a.timings.totalMs >= S * 1000 && a.timings.totalMs < S * 1000 + 3000, `the slow file was given up after ${a.timings.totalMs} ms`);
        assert(c.error === null && c.frames.length === 1, `the still image after the timeout: ${c.error}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

interface ManifestLike {
  files: { path: string; sha256: string; bytes: number }[];
}

function integrityTest(ctx: E2EContext): TestCase {
  return {
    name: 'integrity: a corrupted or swapped model shard is refused with a message naming the file',
    async run() {
      // The models present in dist/ (trained weights arrive one by one); one must stay usable.
      const manifests = new Map<string, ManifestLike>();
      for (const { name } of APP_CONFIG.ensemble) {
        const res = await fetch(new URL(`models/${name}/manifest.json`, ctx.server.url));
        if (res.ok) manifests.set(name, (await res.json()) as ManifestLike);
      }
      const present = [...manifests.keys()];
      if (present.length < 2) skip(`only ${present.length} model(s) in dist/models: one must be refused while another still runs`);
      const shard = (name: string) => {
        const f = manifests.get(name)!.files.find((x) => x.path.endsWith('.bin'));
        if (!f) throw new Error(`${name}'s manifest lists no .bin shard`);
        return f.path;
      };
      // First model kept (and the donor of the swapped shard), last one corrupted, the middle one
      // (with three models) swapped.
      const kept = present[0]!;
      const corrupted = present.at(-1)!;
      const swapped = present.length >= 3 ? present[1]! : null;
      if (swapped === null) console.log('  two models present: the swapped-shard case needs three, only the corrupted one is tested');
      const corruptPath = shard(corrupted);
      const swapPath = swapped === null ? null : shard(swapped);
      const donorUrl = new URL(`models/${kept}/${shard(kept)}`, ctx.server.url).href;
      let routed: Promise<unknown> = Promise.resolve();
      const dp = await openDetector(ctx.browser, detectorUrl(ctx.server.url, { backend: 'wasm', frames: 4 }), STARTUP_MS, (c) => {
        routed = Promise.all([
          // One flipped byte in the middle of a shard (a damaged download or disk).
          c.route(`**/models/${corrupted}/${corruptPath}`, async (route) => {
            const response = await route.fetch();
            const body = Buffer.from(await response.body());
            body[body.length >> 1] ^= 0xff;
            await route.fulfill({ response, body });
          }),
          // Another model's genuine shard in its place (a swapped or substituted file).
          swapped === null
            ? Promise.resolve()
            : c.route(`**/models/${swapped}/${swapPath}`, async (route) => {
                const response = await route.fetch({ url: donorUrl });
                await route.fulfill({ response });
              }),
        ]);
      });
      await routed;
      try {
        const shown = await notices(dp.page);
        console.log(`  notices: ${shown.join(' | ')}`);
        const refused = [[corrupted, corruptPath], ...(swapped === null ? [] : [[swapped, swapPath!]])] as [string, string][];
        for (const [name, path] of refused) {
          const file = path.split('/').pop()!;
          assert(shown.some((n) => n.includes(name) && n.includes(file)), `no notice names ${name}'s ${file}: ${shown.join(' | ')}`);
        }
        const r = await analyzeFile(dp, existsSync(REAL_VIDEO) ? await faceClip() : GOOD, FILE_MS);
        finite(r, 'with one model left');
        if (r.score !== null) {
          const used = Object.keys(r.models);
          assert(used.length === 1 && used[0] === kept, `models used: ${used.join(', ')} (the refused ones must not score)`);
        }
      } finally {
        await dp.close();
      }
    },
  };
}

export function resourceTests(ctx: E2EContext): TestCase[] {
  const session = new ResourceSession(ctx);
  return [
    memoryTest(session),
    { ...cancelTest(session), run: () => cancelTest(session).run().finally(() => session.close()) },
    deviceLossTest(ctx),
    adapterTest(ctx),
    integrityTest(ctx),
    scanTimeoutTest(),
  ];
}
