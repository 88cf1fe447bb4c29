// The compute backends a user may ask for (?backend= on the page, scan --backend), in the order the
// worker tries them when none is asked for: fastest first, wasm as the floor that always works (as
// transformers.js lists devices). The one list, type and parser: every edge imports these.

export const BACKENDS = ['webgpu', 'webgl', 'wasm'] as const;

export type BackendName = (typeof BACKENDS)[number];

/** What a valid value is, for the edges' messages: "one of webgpu, webgl, wasm". */
export const BACKEND_RULE = `one of ${BACKENDS.join(', ')}`;

/** Strict: an exact name from BACKENDS, or null for anything else (the edge says why, with BACKEND_RULE). */
export function parseBackend(value: string): BackendName | null {
  return (BACKENDS as readonly string[]).includes(value) ? (value as BackendName) : null;
}
