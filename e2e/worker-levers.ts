// Test-only levers on the real analysis worker, none of them in the app: Playwright evaluates code
// inside the worker (tfjs keeps its engine on the worker's global as `_tfengine`), and routes the
// worker script to prepend a stub. Shared by the resource, fallback and integrity specs.
import { expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import type { AnalysisResult, TensorMemory } from '../src/types';

/** Bound on the page's start-up (models load and warm up), generous for a loaded 2-core machine. */
export const STARTUP_MS = 600_000;
/** Bound on one small file's analysis. */
export const FILE_MS = 120_000;

const WORKER_SCRIPT = /\/assets\/analysis\.worker[^/]*\.js$/;

/** Prepends `prelude` to the analysis worker's script (so it runs before the worker starts tfjs). */
export async function patchWorker(context: BrowserContext, prelude: string): Promise<void> {
  await context.route(WORKER_SCRIPT, async (route) => {
    const response = await route.fetch();
    const body = `${prelude}\n${await response.text()}`;
    await route.fulfill({ response, body, headers: { ...response.headers(), 'content-length': String(Buffer.byteLength(body)) } });
  });
}

/** The worker cannot get a WebGL context (stands in for a browser or GPU that has none). Keeps the
 *  fallback tests on the cheap WASM floor instead of compiling every model's shaders for WebGL. */
export const NO_WEBGL = `(() => {
  const get = OffscreenCanvas.prototype.getContext;
  OffscreenCanvas.prototype.getContext = function (kind, ...rest) {
    return kind === 'webgl' || kind === 'webgl2' ? null : get.call(this, kind, ...rest);
  };
})();`;

/** navigator.gpu.requestAdapter() resolves to null, as on a machine whose GPU is blocklisted. */
export const NO_ADAPTER = `(() => {
  if (self.navigator.gpu) self.navigator.gpu.requestAdapter = async () => null;
})();`;

/** The WebGPU adapter reports itself as hardware. Since the automatic choice ranks a software
 *  adapter (SwiftShader, this CI machine's only one) below WASM, this is how a GPU-less machine
 *  reaches the state a real GPU user is in: WebGPU chosen automatically, so a loss can fall back. */
export const HARDWARE_ADAPTER = `(() => {
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

export async function analysisWorker(page: Page, timeoutMs = 30_000): Promise<Worker> {
  const isAnalysis = (w: Worker) => /analysis/.test(w.url());
  // Listen first, then look: a worker that starts in between is caught by the listener.
  const next = page.waitForEvent('worker', { predicate: isAnalysis, timeout: timeoutMs });
  const running = page.workers().find(isAnalysis);
  if (running) {
    next.catch(() => undefined);
    return running;
  }
  return next;
}

/** Counts VideoFrames the worker creates (decoder outputs, constructor, clone) and closes. Proxies
 *  keep `instanceof VideoFrame` true for every frame, so the pipeline runs unchanged. Plain
 *  JavaScript text: tsx would add helpers (__name) to a compiled function that the worker lacks. */
export const COUNT_FRAMES = `(() => {
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

export async function countVideoFrames(worker: Worker): Promise<void> {
  await worker.evaluate(COUNT_FRAMES);
}

export async function frameCounts(worker: Worker): Promise<{ made: number; closed: number }> {
  return (await worker.evaluate('({ ...self.__frames })')) as { made: number; closed: number };
}

/** The worker's TensorMemory (as the page reports it) plus what only the engine knows. */
export interface EngineMemory extends TensorMemory {
  backend: string;
  numBytesInGPU: number | null;
}

/** tfjs's own accounting, read in the worker (the page reports numTensors too; this adds GPU bytes). */
export async function engineMemory(worker: Worker): Promise<EngineMemory> {
  return (await worker.evaluate(`(() => {
    const e = self._tfengine;
    const m = e.memory();
    return { backend: e.backendName, numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null };
  })()`)) as EngineMemory;
}

/** Destroys the WebGPU device under tfjs, as a driver reset or GPU-process crash would lose it. */
export const LOSE_DEVICE = `self._tfengine.findBackend('webgpu').device.destroy()`;

export async function notices(page: Page): Promise<string[]> {
  return page.locator('[data-testid=notices] li').allInnerTexts();
}

export function finite(r: AnalysisResult, what: string): void {
  expect(r.error, what).toBeNull();
  expect(r.frames.length, `${what}: no frames`).toBeGreaterThan(0);
  if (r.score !== null) {
    expect(r.score, `${what}: score ${r.score}`).toBeGreaterThanOrEqual(0);
    expect(r.score, `${what}: score ${r.score}`).toBeLessThanOrEqual(1);
  }
}
