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
import type { ScanLine } from '../scan/scan-line';
import type { AnalysisResult } from '../src/types';
import type { E2EContext } from './run';
import { MEDIA, REAL_VIDEO, ROOT } from './data';
import { faceClip } from './fixtures/runtime-fixtures';
import { assert, skip, type TestCase } from './harness';

const STARTUP_MS = 600_000;
const FILE_MS = 120_000;
const GOOD = join(MEDIA, 'good-h264.mp4');
/** Analyses in the memory test (the issue's number). */
export const MEMORY_RUNS = Number(process.env.E2E_MEMORY_RUNS ?? 50);
/** Backend of the memory test: WebGPU by default, so GPU buffers are checked as well as tensors. */
const MEMORY_BACKEND = process.env.E2E_MEMORY_BACKEND ?? 'webgpu';
/** Cancel must stop the worker within this long of the click. */
export const CANCEL_MAX_MS = 1000;

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
 *  keep `instanceof VideoFrame` true for every frame, so the pipeline runs unchanged. */
async function countVideoFrames(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const g = self as unknown as Record<string, unknown> & { __frames?: { made: number; closed: number } };
    if (g.__frames) return;
    const counts = { made: 0, closed: 0 };
    g.__frames = counts;
    const open = new WeakSet<VideoFrame>();
    const track = (f: VideoFrame): VideoFrame => {
      open.add(f);
      counts.made++;
      return f;
    };
    const proto = VideoFrame.prototype;
    const close = proto.close;
    proto.close = function (this: VideoFrame) {
      if (open.has(this)) {
        open.delete(this);
        counts.closed++;
      }
      return close.call(this);
    };
    const clone = proto.clone;
    proto.clone = function (this: VideoFrame) {
      return track(clone.call(this));
    };
    g.VideoFrame = new Proxy(VideoFrame, {
      construct: (target, args, newTarget) => track(Reflect.construct(target, args, newTarget) as VideoFrame),
    });
    g.VideoDecoder = new Proxy(VideoDecoder, {
      construct(target, args, newTarget) {
        const init = args[0] as VideoDecoderInit;
        const output = init.output;
        return Reflect.construct(target, [{ ...init, output: (f: VideoFrame) => output(track(f)) }, ...args.slice(1)], newTarget);
      },
    });
  });
}

async function frameCounts(worker: Worker): Promise<{ made: number; closed: number }> {
  return worker.evaluate(() => (self as unknown as { __frames: { made: number; closed: number } }).__frames);
}

interface EngineMemory {
  backend: string;
  numTensors: number;
  numBytes: number;
  numBytesInGPU: number | null;
}

/** tfjs's own accounting, read in the worker (the page reports numTensors too; this adds GPU bytes). */
async function engineMemory(worker: Worker): Promise<EngineMemory> {
  return worker.evaluate(() => {
    const engine = (self as unknown as { _tfengine: { backendName: string; memory(): Record<string, number> } })._tfengine;
    const m = engine.memory();
    return { backend: engine.backendName, numTensors: m.numTensors!, numBytes: m.numBytes!, numBytesInGPU: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null };
  });
}

async function notices(page: Page): Promise<string[]> {
  return page.locator('ul[aria-label=Notices] li').allInnerTexts();
}

function finite(r: AnalysisResult, what: string): void {
  assert(r.error === null, `${what}: ${r.error}`);
  assert(r.frames.length > 0, `${what}: no frames`);
  assert(r.score === null || (Number.isFinite(r.score) && r.score >= 0 && r.score <= 1), `${what}: score ${r.score}`);
}

/** A shared page for the memory, cancel and device-loss tests: default backend order (WebGPU
 *  first), 4 frames, and no WebGL in the worker so a fallback lands on WASM. */
class FallbackSession {
  dp: DetectorPage | null = null;
  constructor(private readonly ctx: E2EContext) {}
  async page(): Promise<DetectorPage> {
    if (this.dp !== null && !this.dp.page.isClosed()) return this.dp;
    let routed: Promise<void> = Promise.resolve();
    const url = detectorUrl(this.ctx.server.url, { backend: MEMORY_BACKEND === 'default' ? null : MEMORY_BACKEND, frames: 4 });
    this.dp = await openDetector(this.ctx.browser, url, STARTUP_MS, (c) => {
      routed = patchWorker(c, NO_WEBGL);
    });
    await routed;
    return this.dp;
  }
  async close(): Promise<void> {
    await this.dp?.close();
    this.dp = null;
  }
}

function memoryTest(session: FallbackSession): TestCase {
  return {
    name: `resources: ${MEMORY_RUNS} analyses in a row leave tensors and GPU bytes flat and close every VideoFrame`,
    async run() {
      const dp = await session.page();
      const worker = await analysisWorker(dp.page);
      await countVideoFrames(worker);
      // Mostly the face-free clip (decode + detect); every 5th a real face (align + the ensemble).
      const face = existsSync(REAL_VIDEO) ? await faceClip() : null;
      if (face === null) console.log(`  ${REAL_VIDEO} absent: face-free clip only (the scoring path is not exercised)`);
      const rows: (EngineMemory & { page: number; openFrames: number })[] = [];
      const t0 = performance.now();
      for (let i = 0; i < MEMORY_RUNS; i++) {
        const file = face !== null && i % 5 === 4 ? face : GOOD;
        const r = await analyzeFile(dp, file, FILE_MS);
        finite(r, `run ${i + 1}`);
        const page = await dp.page.evaluate(() => window.__detector?.memory?.numTensors ?? -1);
        const frames = await frameCounts(worker);
        rows.push({ ...(await engineMemory(worker)), page, openFrames: frames.made - frames.closed });
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
      assert(rows.every((r) => r.page === r.numTensors), 'the page reports a different tensor count than the worker engine');
      assert(Math.max(...tensors) === Math.min(...tensors), `tensor count moved between analyses: ${tensors.join(',')}`);
      assert(last.numBytes === first.numBytes, `tensor bytes ${first.numBytes} -> ${last.numBytes}`);
      if (last.numBytesInGPU !== null) assert(last.numBytesInGPU === first.numBytesInGPU, `GPU bytes ${first.numBytesInGPU} -> ${last.numBytesInGPU}`);
      assert(counts.made >= MEMORY_RUNS * 4, `the frame counter saw only ${counts.made} VideoFrames (instrumentation not in effect?)`);
      assert(counts.made === counts.closed, `${counts.made - counts.closed} VideoFrames were never closed`);
      const warnings = dp.errors.filter((e) => /VideoFrame|garbage collected/i.test(e));
      assert(warnings.length === 0, `the browser warned about frames: ${warnings.join(' | ')}`);
    },
  };
}

function cancelTest(session: FallbackSession): TestCase {
  return {
    name: `resources: cancel stops the worker within ${CANCEL_MAX_MS} ms and the next file works`,
    async run() {
      const dp = await session.page();
      const { page } = dp;
      const worker = await analysisWorker(page);
      // A file whose analysis takes seconds: a real face (ensemble scoring) or, without
      // ../shared/data, the 4K fixture.
      const file = existsSync(REAL_VIDEO) ? await faceClip() : join(MEDIA, 'uhd-3840x2160.mp4');
      const before = await page.evaluate(() => window.__detector?.results.length ?? 0);
      let closedAt = 0;
      const closed = new Promise<void>((ok) => worker.once('close', () => ((closedAt = performance.now()), ok())));
      await page.setInputFiles('input[type=file]', file);
      // Cancel once the worker is visibly working (the first frame is decoded).
      await page.getByTestId('analysis-progress').waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => /\b[1-9]\d* of \d+ frames/.test(document.querySelector('[data-testid=analysis-progress]')?.textContent ?? ''), undefined, {
        timeout: FILE_MS,
        polling: 50,
      });
      const state = await page.evaluate(() => window.__detector?.state);
      assert(state === 'analyzing', `the analysis ended before cancel could be tested (state ${state})`);
      const clickedAt = performance.now();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await Promise.race([closed, page.waitForTimeout(10_000)]);
      assert(closedAt > 0, 'the worker was still alive 10 s after cancel');
      const ms = closedAt - clickedAt;
      console.log(`  worker terminated ${ms.toFixed(0)} ms after the click`);
      assert(ms < CANCEL_MAX_MS, `the worker stopped ${ms.toFixed(0)} ms after cancel`);
      await page.waitForTimeout(500);
      const after = await page.evaluate(() => window.__detector?.results.length ?? 0);
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
      if (MEMORY_BACKEND !== 'webgpu' && MEMORY_BACKEND !== 'default') skip(`E2E_MEMORY_BACKEND=${MEMORY_BACKEND}: this page does not run on WebGPU`);
      // A page of our own whose backend is not forced (a forced backend never falls back).
      let routed: Promise<void> = Promise.resolve();
      const dp = await openDetector(ctx.browser, detectorUrl(ctx.server.url, { backend: null, frames: 4 }), STARTUP_MS, (c) => {
        routed = patchWorker(c, NO_WEBGL);
      });
      await routed;
      try {
        assert(dp.backend === 'webgpu', `the page started on ${dp.backend}, not WebGPU: cannot test a lost device`);
        finite(await analyzeFile(dp, GOOD, FILE_MS), 'before the loss');
        const worker = await analysisWorker(dp.page);
        // Lose the device as a driver reset would: every later GPU call fails.
        await worker.evaluate(() => {
          const engine = (self as unknown as { _tfengine: { findBackend(n: string): { device: GPUDevice } } })._tfengine;
          engine.findBackend('webgpu').device.destroy();
        });
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

function runScan(args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string; ms: number }> {
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
        // 256 frames of the 30-minute video take far longer than S seconds on WASM.
        const slow = join(MEDIA, 'long-30min.mp4');
        const files = [slow, join(MEDIA, 'not-a-video.mp4'), join(MEDIA, 'still.png')];
        const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', '256', '--timeout-per-file', String(S), ...files], 1_500_000);
        assert(res.code === 0, `scan exited ${res.code}:\n${res.stderr}`);
        const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ScanLine);
        assert(lines.length === 3, `expected 3 lines, got ${lines.length}`);
        const [a, b, c] = lines as [ScanLine, ScanLine, ScanLine];
        console.log(`  ${a.error} (${a.timings.totalMs} ms) | ${b.error} | still: ${c.error ?? c.reason} | scan took ${(res.ms / 1000).toFixed(0)} s`);
        assert(a.file === slow && a.score === null && /timed out/i.test(a.error ?? ''), `slow file: ${JSON.stringify(a).slice(0, 300)}`);
        assert(a.timings.totalMs >= S * 1000 && a.timings.totalMs < S * 1000 + 15_000, `the slow file was given up after ${a.timings.totalMs} ms`);
        assert(/not a video/i.test(b.error ?? ''), `not-a-video: ${b.error}`);
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
      const names = APP_CONFIG.ensemble.map((m) => m.name);
      const manifests = new Map<string, ManifestLike>();
      for (const name of names) {
        const res = await fetch(new URL(`models/${name}/manifest.json`, ctx.server.url));
        if (!res.ok) skip(`models/${name}/manifest.json is not in dist/ (the trained models are not built yet)`);
        manifests.set(name, (await res.json()) as ManifestLike);
      }
      const shard = (name: string) => {
        const f = manifests.get(name)!.files.find((x) => x.path.endsWith('.bin'));
        if (!f) throw new Error(`${name}'s manifest lists no .bin shard`);
        return f.path;
      };
      const [kept, swapped, corrupted] = names as [string, string, string];
      const corruptPath = shard(corrupted);
      const swapPath = shard(swapped);
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
          c.route(`**/models/${swapped}/${swapPath}`, async (route) => {
            const response = await route.fetch({ url: donorUrl });
            await route.fulfill({ response });
          }),
        ]);
      });
      await routed;
      try {
        const shown = await notices(dp.page);
        console.log(`  notices: ${shown.join(' | ')}`);
        for (const [name, path] of [
          [corrupted, corruptPath],
          [swapped, swapPath],
        ] as const) {
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
  const session = new FallbackSession(ctx);
  return [
    memoryTest(session),
    { ...cancelTest(session), run: () => cancelTest(session).run().finally(() => session.close()) },
    deviceLossTest(ctx),
    adapterTest(ctx),
    integrityTest(ctx),
    scanTimeoutTest(),
  ];
}
