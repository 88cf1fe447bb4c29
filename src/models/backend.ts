/// <reference types="@webgpu/types" />
// The tfjs backend, chosen once at start-up in priority order webgpu -> webgl -> wasm (as
// transformers.js lists devices: fastest first, wasm as the floor that always works). A GPU backend
// that runs on a software rasteriser (SwiftShader on a machine without a GPU) moves behind wasm:
// measured here it is 15-50x slower for face detection. A forced
// choice (?backend= or scan --backend) is honoured strictly: if it cannot start, that is an error,
// never a silent fallback, so a test that asks for WebGPU proves WebGPU works.
//
// The wasm binaries are served from the app's own origin (the CSP allows nothing else): the Vite
// plugin in vite.config.ts copies them from node_modules to /tfjs-wasm/ at dev and build time.
import { whyOf, WordsError } from '../failure';
import { words, type Words } from '../i18n/words';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from '../backends';
import { backendCandidates, softwareRenderer, threadText, wasmThreads, type GpuDeviceInfo } from './backend-order';

export { backendCandidates, threadText, wasmThreads } from './backend-order';

/** Where the wasm binaries are served (relative to the app's base URL). */
export const WASM_DIR = 'tfjs-wasm/';

export interface BackendChoice {
  name: BackendName;
  /** What it runs on, for the page: the GPU adapter, the WebGL renderer, or the wasm features. */
  device: string;
  /** One sentence per backend that was tried and failed before this one. */
  notices: Words[];
}

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly' };

/** Starts the first backend that works. `baseUrl` is the app's base (import.meta.env.BASE_URL);
 *  `threads` (wasm only) overrides the thread count (see wasmThreads). */
export async function initBackend(forced: BackendName | null, baseUrl: string, after?: BackendName, threads?: number | null): Promise<BackendChoice> {
  const notices: Words[] = [];
  // A GPU backend that turns out to be a software rasteriser is kept as a last resort, after WASM.
  const queue = backendCandidates(forced, after);
  const deferred = new Set<BackendName>();
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i]!;
    if (!forced && !deferred.has(name) && name !== 'wasm') {
      const software = await softwareDeviceOf(name);
      if (software) {
        deferred.add(name);
        queue.push(name);
        notices.push(words('softwareGpu', { backend: LABELS[name], device: software, name }));
        continue;
      }
    }
    try {
      await startBackend(name, baseUrl, threads);
      return { name, device: await describeDevice(name), notices };
    } catch (error) {
      const why = { backend: LABELS[name], why: whyOf(error) };
      if (forced) throw new WordsError(words('forcedUnavailable', why));
      notices.push(words('notAvailable', why));
    }
  }
  throw new WordsError(words('noBackend', { tried: notices }));
}

async function startBackend(name: BackendName, baseUrl: string, threads?: number | null): Promise<void> {
  if (name === 'webgpu') {
    // Ask for an adapter ourselves first: tfjs's own failure is only a console warning.
    if (!('gpu' in navigator) || !navigator.gpu) throw new WordsError(words('noWebgpu'));
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new WordsError(words('noAdapter'));
  }
  if (name === 'wasm') {
    setWasmPaths(new URL(baseUrl + WASM_DIR, self.location.origin).href);
  } else {
    await registerGpuBackend(name);
  }
  const wanted = wasmThreads(threads, self.navigator?.hardwareConcurrency);
  if (name === 'wasm') setThreadsCount(wanted);
  // tfjs-wasm caps its thread pool at navigator.hardwareConcurrency / 2 (read once, when its module
  // starts: tfjs-backend-wasm src/cc/backend.cc, issues #6081 and #8513), so on a 2-core machine
  // ?threads=2 would still give one thread. For a request above the cap the worker reports twice
  // the wanted count while the module starts, then the real value again; nothing else reads it then.
  const cores = self.navigator?.hardwareConcurrency ?? 1;
  const restore = name === 'wasm' && wanted * 2 > cores ? reportCores(wanted * 2) : () => undefined;
  try {
    const ok = await tf.setBackend(name);
    if (!ok) throw new WordsError(words('failedToStart'));
    await tf.ready();
  } finally {
    restore();
  }
  // A trivial op proves the backend computes (some fail only on first use).
  const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
  const two = (await probe.data())[0];
  probe.dispose();
  if (two !== 2) throw new WordsError(words('wrongSum'));
}

/** Registers a GPU backend's code with tfjs the first time it is tried. The two GPU backends are
 *  most of the worker's script (about 1 MB of 2.5), and a machine without a GPU never runs them:
 *  fetched on demand they stay out of every start-up that does not use them (docs/decisions.md,
 *  issue 25, "returning visit"). WebAssembly, the floor that always works, stays in the script. */
async function registerGpuBackend(name: Exclude<BackendName, 'wasm'>): Promise<void> {
  if (tf.findBackendFactory(name) !== null) return;
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  else await import('@tensorflow/tfjs-backend-webgl');
}

/** Makes navigator.hardwareConcurrency return `cores` until the returned function is called. */
function reportCores(cores: number): () => void {
  const nav = self.navigator as unknown as Record<string, unknown>;
  const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { value: cores, configurable: true });
  } catch {
    return () => undefined;
  }
  return () => {
    if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
    else delete nav.hardwareConcurrency;
  };
}

/** The software renderer behind a GPU backend (e.g. 'SwiftShader'), or null for hardware or when
 *  it cannot be told (then the backend is tried as usual). */
async function softwareDeviceOf(name: BackendName): Promise<string | Words | null> {
  try {
    if (name === 'webgpu') {
      if (!('gpu' in navigator) || !navigator.gpu) return null;
      const adapter = (await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' })) as
        | (GPUAdapter & { isFallbackAdapter?: boolean; info?: GpuDeviceInfo })
        | null;
      if (!adapter) return null;
      return softwareRenderer({ ...adapter.info, isFallbackAdapter: adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter });
    }
    if (name === 'webgl') {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
      if (!gl) return null;
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      return softwareRenderer({ renderer });
    }
  } catch {
    // Unknown device: try it like any other.
  }
  return null;
}

/** A human-readable name of what the backend runs on. */
export async function describeDevice(name: BackendName): Promise<string> {
  try {
    if (name === 'webgpu') {
      // `info` (Chrome 114+) is newer than these type definitions.
      const adapter = (await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' })) as
        | (GPUAdapter & { info?: { vendor?: string; architecture?: string; device?: string; description?: string } })
        | null;
      const info = adapter?.info;
      const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((p) => p);
      return `WebGPU: ${parts.length > 0 ? parts.join(' ') : 'unnamed adapter'}`;
    }
    if (name === 'webgl') {
      const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
      if (!gl) return 'WebGL';
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
      return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}: ${String(renderer)}`;
    }
    if (name === 'wasm') {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const multi = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      return `WebAssembly CPU (${simd ? 'SIMD' : 'no SIMD'}, ${threadText(Boolean(multi), multi ? getThreadsCount() : 1, self.crossOriginIsolated)})`;
    }
    return 'CPU (JavaScript)';
  } catch {
    return LABELS[name];
  }
}

/** Calls `onLost` once, with the driver's reason, if the WebGPU device behind the current backend is
 *  lost (driver reset, GPU process crash); the caller then starts the next backend. No-op for other
 *  backends. */
export function watchDeviceLoss(onLost: (why: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  void device?.lost.then((info) => {
    // Neither the app nor tfjs (WebGPUBackend.dispose keeps the device) ever destroys this device,
    // so even reason 'destroyed' means the work cannot go on here; e2e/fallback.e2e.ts destroys it to
    // simulate a driver reset. Only a loss after we already moved to another backend is moot.
    if (tf.getBackend() !== 'webgpu') return;
    onLost(info.message || info.reason);
  });
}
