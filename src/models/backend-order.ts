// Backend names and their priority, without tfjs: the page imports this to read ?backend=.
import type { BackendName } from '../worker/protocol';

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm'];

/** Parses ?backend= / --backend; null when absent; a loud error for anything unknown. */
export function parseBackend(value: string | null | undefined): BackendName | null {
  if (value === null || value === undefined || value === '') return null;
  const v = value.trim().toLowerCase();
  if ((BACKEND_ORDER as readonly string[]).includes(v) || v === 'cpu') return v as BackendName;
  throw new Error(`Unknown backend "${value}": use one of ${BACKEND_ORDER.join(', ')}.`);
}

/** The backends to try, in order: just the forced one, or the whole priority list after `after`. */
export function backendCandidates(forced: BackendName | null, after?: BackendName): BackendName[] {
  if (forced) return [forced];
  const start = after ? BACKEND_ORDER.indexOf(after) + 1 : 0;
  return BACKEND_ORDER.slice(start);
}

