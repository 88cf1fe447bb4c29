// Reads the page's URL parameters (?backend=, ?frames=, ?threads=) that automation and curious users use to
// force a backend or a frame count. A bad value is never silently used: it becomes a notice and
// the default applies. The lists, limits and parsers are the ones scan uses (src/backends.ts,
// src/frames.ts).
import { BACKENDS, parseBackend, type BackendName } from '../backends';
import { MAX_FRAMES, parseFrames } from '../frames';
import { t } from '../i18n/i18n';
import { MAX_WASM_THREADS } from '../models/backend-order';


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
    if (backend === null) warnings.push(t('app.ignoredBackend', { value: b, names: BACKENDS.join(', ') }));
  }
  let frames: number | null = null;
  const f = q.get('frames');
  if (f !== null) {
    frames = parseFrames(f);
    if (frames === null) warnings.push(t('app.ignoredFrames', { value: f, max: MAX_FRAMES }));
  }
  let threads: number | null = null;
  const th = q.get('threads');
  if (th !== null) {
    const n = /^\d+$/.test(th) ? Number(th) : Number.NaN;
    if (Number.isInteger(n) && n >= 1 && n <= MAX_WASM_THREADS) threads = n;
    else warnings.push(t('app.ignoredThreads', { value: th, max: MAX_WASM_THREADS }));
  }
  return { backend, frames, threads, warnings };
}
