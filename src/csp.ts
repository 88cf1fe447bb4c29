// Only the page's own origin may be contacted: the same policy is in index.html's meta tag
// (so any static host enforces it) and sent as a header by the dev/preview servers.
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Cross-origin isolation: with these two headers the page gets SharedArrayBuffer, so tfjs runs
 *  its multi-threaded WebAssembly binary. Everything the page loads is same-origin, so
 *  `require-corp` blocks nothing. A host that cannot send headers still works, on one thread. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
