// A tiny static server for the built app (dist/), used by `scan` and the e2e tests.
// Loopback only, ephemeral port, the app's Content-Security-Policy on every response, no
// directory listing, and nothing outside the root is ever served (traversal, symlinks).
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';
import { CONTENT_TYPES, SECURITY_HEADERS as PAGE_SECURITY_HEADERS, contentTypeOf } from '../src/csp';

/** Content types by extension (src/csp.ts, shared with every server of the page). */
export const MIME_TYPES = CONTENT_TYPES;

export function mimeType(path: string): string {
  return contentTypeOf(path);
}

/** Headers every response carries: src/csp.ts's SECURITY_HEADERS (the page may talk to its own
 *  origin only, is cross-origin isolated, is never framed or sniffed), and no caching: scan serves
 *  a local build that may change between runs. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...PAGE_SECURITY_HEADERS,
  'Cache-Control': 'no-store',
};

/**
 * Maps a request URL's path to a file path inside `root`, or null when it must not be served
 * (outside the root after decoding, NUL bytes, malformed escapes). "/" means index.html; any
 * other path ending in "/" is a directory and is refused (no listing).
 */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  const pathname = urlPath.split('?')[0]!.split('#')[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
  if (decoded === '/') decoded = '/index.html';
  if (decoded.endsWith('/')) return null;
  const rootAbs = resolve(root);
  const full = resolve(rootAbs, '.' + decoded);
  if (!full.startsWith(rootAbs + sep)) return null;
  return full;
}

export interface StaticServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

function sendStatus(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

async function handle(rootReal: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendStatus(res, 405, 'method not allowed');
    return;
  }
  const candidate = resolveRequestPath(rootReal, req.url ?? '/');
  if (candidate === null) {
    sendStatus(res, 404, 'not found');
    return;
  }
  let file: string;
  let size: number;
  try {
    // realpath: a symlink inside dist/ must not lead outside it.
    file = await realpath(candidate);
    if (!file.startsWith(rootReal + sep)) throw new Error('outside root');
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    sendStatus(res, 404, 'not found');
    return;
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': mimeType(file), 'Content-Length': String(size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Serves `root` on 127.0.0.1 (port 0 = an ephemeral port chosen by the OS). */
export async function startStaticServer(root: string, port = 0): Promise<StaticServer> {
  const rootReal = await realpath(resolve(root));
  const server = createServer((req, res) => {
    handle(rootReal, req, res).catch(() => {
      if (!res.headersSent) sendStatus(res, 500, 'internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
