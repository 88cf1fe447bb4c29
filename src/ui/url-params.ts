// Reads the page's URL parameters (?backend=, ?frames=, ?threads=) that automation and curious users use to
// force a backend or a frame count. A bad value is never silently used: it becomes a notice and
// the default applies. The lists, limits and parsers are the ones scan uses (src/backends.ts,
// src/frames.ts).
import { BACKEND_RULE, parseBackend, type BackendName } from '../backends';
import { FRAMES_RULE, parseFrames } from '../frames';

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
    backend = parseBackend(b);
    if (backend === null) warnings.push(`Ignored backend "${b}" in the address: use ${BACKEND_RULE}.`);
  }
  let frames: number | null = null;
  const f = q.get('frames');
  if (f !== null) {
    frames = parseFrames(f);
    if (frames === null) warnings.push(`Ignored frames "${f}" in the address: use ${FRAMES_RULE}.`);
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
