// Which backends to try, in which order, and whether a "GPU" is really a CPU rasteriser: the
// decisions of backend.ts that need no tfjs, so they are unit-tested in Node. The list and its
// priority order are src/backends.ts.
import { BACKENDS, type BackendName } from '../backends';
import { words, type Words } from '../i18n/words';

/** The backends to try, in order: just the forced one, or the whole priority list after `after`. */
export function backendCandidates(forced: BackendName | null, after?: BackendName): BackendName[] {
  if (forced) return [forced];
  const start = after ? BACKENDS.indexOf(after) + 1 : 0;
  return BACKENDS.slice(start);
}


/** What a GPU backend reports about the device behind it (WebGPU adapter info or WebGL renderer). */
export interface GpuDeviceInfo {
  /** GPUAdapterInfo.isFallbackAdapter (or the older GPUAdapter.isFallbackAdapter). */
  isFallbackAdapter?: boolean;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** WebGL's (unmasked) renderer string. */
  renderer?: string;
}

/** Renderer names of CPU rasterisers that pose as GPUs. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|lavapipe|software|microsoft basic render/i;

/**
 * The name of the software renderer behind a "GPU" backend (words when it has none of its own), or
 * null for real hardware. Measured on
 * this project's 2-core CI machine (Chromium's SwiftShader): face detection took about 55 s per
 * 1080p frame on WebGPU and 16 s on WebGL, against well under 1 s on WASM, so the automatic choice
 * puts a software GPU below WASM.
 */
export function softwareRenderer(info: GpuDeviceInfo): string | Words | null {
  const text = [info.vendor, info.architecture, info.device, info.description, info.renderer].filter((t) => t).join(' ');
  const match = SOFTWARE_RENDERERS.exec(text);
  if (match) return match[0].toLowerCase() === 'swiftshader' ? 'SwiftShader' : match[0];
  return info.isFallbackAdapter ? words('fallbackAdapter') : null;
}

/** The most WebAssembly threads the page may be asked for (?threads=, scan --threads). */
export const MAX_WASM_THREADS = 64;

/**
 * Threads for the wasm backend: `requested` (?threads=) when given, else tfjs's own default, half of
 * navigator.hardwareConcurrency (at least 1). tfjs also caps any request at that half (tfjs issues
 * #6081, #8513); models/backend.ts lifts the cap for an explicit request. Why not every core by
 * default: on the shared 2-core machine, 2 threads were slower than 1 in every interleaved run
 * (docs/decisions.md, "WebAssembly threads"). Threads need a cross-origin-isolated page (COOP +
 * COEP headers); without them tfjs loads its single-threaded binary whatever this says.
 */
export function wasmThreads(requested: number | null | undefined, cores: number | undefined): number {
  if (requested !== null && requested !== undefined && Number.isInteger(requested) && requested >= 1) return requested;
  return Math.max(1, Math.floor((cores ?? 1) / 2));
}

/** How many threads the wasm backend runs, and why only one when the page is not isolated. */
export function threadText(multiThreaded: boolean, threads: number, isolated: boolean): string {
  if (multiThreaded) return threads === 1 ? '1 thread' : `${threads} threads`;
  return isolated ? 'single thread' : 'single thread: the page is not cross-origin isolated';
}
