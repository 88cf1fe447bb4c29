// Reads the page's URL parameters (?backend=, ?frames=, ?threads=) that automation and curious users use to
// force a backend or a frame count. A bad value is never silently used: it becomes a notice and
// the default applies.
import type { BackendName } from '../worker/protocol';

export const URL_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm'];
/** Same bound as `scan --frames`: more buys little accuracy and a lot of time. */
export const MAX_URL_FRAMES = 1000;
/** WebAssembly threads worth asking for (the bench compares 1 and 2). */
export const MAX_URL_THREADS = 64;

export interface PageParams {
  backend: BackendName | null;
  frames: number | null;
  /** WebAssembly threads; null = half the cores (tfjs's default). */
  threads: number | null;
  /** One sentence per ignored parameter. */
  warnings: string[];
}

export function parsePageParams(search: string): PageParams {
  const q = new URLSearchParams(search);
  const warnings: string[] = [];
  let backend: BackendName | null = null;
  const b = q.get('backend');
  if (b !== null) {
    if ((URL_BACKENDS as readonly string[]).includes(b)) backend = b as BackendName;
    else warnings.push(`Ignored backend "${b}" in the address: use webgpu, webgl or wasm.`);
  }
  let frames: number | null = null;
  const f = q.get('frames');
  if (f !== null) {
    const n = /^\d+$/.test(f) ? Number(f) : Number.NaN;
    if (Number.isInteger(n) && n >= 1 && n <= MAX_URL_FRAMES) frames = n;
    else warnings.push(`Ignored frames "${f}" in the address: use a whole number from 1 to ${MAX_URL_FRAMES}.`);
  }
  let threads: number | null = null;
  const t = q.get('threads');
  if (t !== null) {
    const n = /^\d+$/.test(t) ? Number(t) : Number.NaN;
    if (Number.isInteger(n) && n >= 1 && n <= MAX_URL_THREADS) threads = n;
    else warnings.push(`Ignored threads "${t}" in the address: use a whole number from 1 to ${MAX_URL_THREADS}.`);
  }
  return { backend, frames, threads, warnings };
}
