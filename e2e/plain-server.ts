// A static server that sends no headers but Content-Type and Content-Length, as `python3 -m
// http.server` or a bare bucket does: no Content-Security-Policy, no isolation, no nosniff. The
// privacy spec serves dist/ with it to check what holds when a host adds nothing (the page's meta
// CSP, the worker's own guard). Loopback only, files under the root only.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sep } from 'node:path';
import { mimeType, resolveRequestPath, type StaticServer } from '../scan/serve';

export async function startPlainServer(root: string): Promise<StaticServer> {
  const rootReal = await realpath(root);
  const server = createServer((req, res) => {
    void (async () => {
      const candidate = resolveRequestPath(rootReal, req.url ?? '/');
      const file = candidate === null ? null : await realpath(candidate).catch(() => null);
      const info = file !== null && file.startsWith(rootReal + sep) ? await stat(file).catch(() => null) : null;
      if (file === null || !info?.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found\n');
        return;
      }
      res.writeHead(200, { 'Content-Type': mimeType(file), 'Content-Length': String(info.size) });
      createReadStream(file).pipe(res);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
