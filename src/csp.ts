// What any server of the page must send, defined once: the Content-Security-Policy (also in
// index.html's meta tag, so a host that sends no headers still has it for the document), the
// isolation headers, the other security headers, and the content types of the files it serves.
// The dev/preview servers (vite.config.ts), scan's server (scan/serve.ts) and the deployment files
// the build writes for static hosts (node/deploy-headers.ts: Netlify/Cloudflare `_headers`, nginx,
// Caddy) all read them from here. docs/decisions.md, "Nothing leaves the machine".

/** Only the page's own origin may be contacted. The meta tag carries exactly this. */
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

/** The header's policy: the meta policy plus `frame-ancestors 'none'` (no other site may frame the
 *  page and overlay it), which a browser ignores, with a console error, in a meta tag. */
export const HEADER_CSP = `${CSP}; frame-ancestors 'none'`;

/** Cross-origin isolation: with these two headers the page gets SharedArrayBuffer, so tfjs runs
 *  its multi-threaded WebAssembly binary. Everything the page loads is same-origin, so
 *  `require-corp` blocks nothing. A host that cannot send headers still works, on one thread. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Every response of every server of the page carries these. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // The policy for the worker too: a dedicated worker takes its policy from its own script's
  // response headers, never from the page's meta tag.
  'Content-Security-Policy': HEADER_CSP,
  ...ISOLATION_HEADERS,
  // No content sniffing: a file is only what its Content-Type says (a model is never run as script).
  'X-Content-Type-Options': 'nosniff',
  // frame-ancestors for browsers that predate it.
  'X-Frame-Options': 'DENY',
  // The page's address (which may carry ?frames= etc.) is never sent anywhere.
  'Referrer-Policy': 'no-referrer',
};

/** Content types by extension, for every kind of file dist/ holds and a few a host may add.
 *  Anything else is bytes, never sniffed. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
  '.task': 'application/octet-stream',
  '.data': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** A path's content type (by its extension, case-insensitive). */
export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot).toLowerCase() : '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
