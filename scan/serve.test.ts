import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_CSP } from '../src/csp';
import { mimeType, resolveRequestPath, startStaticServer, type StaticServer } from './serve';

/** Raw GET: fetch() would normalise "/../" away before it reaches the server. */
function rawGet(port: number, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('resolveRequestPath', () => {
  it('maps / to index.html and refuses escapes', () => {
    expect(resolveRequestPath('/srv/dist', '/')).toBe('/srv/dist/index.html');
    expect(resolveRequestPath('/srv/dist', '/assets/a.js?x=1')).toBe('/srv/dist/assets/a.js');
    expect(resolveRequestPath('/srv/dist', '/../secret')).toBeNull();
    expect(resolveRequestPath('/srv/dist', '/%2e%2e/secret')).toBeNull();
    expect(resolveRequestPath('/srv/dist', '/a/%2e%2e/%2e%2e/secret')).toBeNull();
    expect(resolveRequestPath('/srv/dist', '/..%5csecret')).toBeNull();
    expect(resolveRequestPath('/srv/dist', '/a%00.js')).toBeNull();
    expect(resolveRequestPath('/srv/dist', '/%E0%A4%A')).toBeNull();
    expect(resolveRequestPath('/srv/dist', '/assets/')).toBeNull();
    expect(resolveRequestPath('/srv/dist', '/a/../b.js')).toBe('/srv/dist/b.js');
  });
});

describe('mimeType', () => {
  it('knows the types the app ships', () => {
    expect(mimeType('x.wasm')).toBe('application/wasm');
    expect(mimeType('x.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('manifest.json')).toBe('application/json; charset=utf-8');
    expect(mimeType('group1-shard1of1.bin')).toBe('application/octet-stream');
    expect(mimeType('face.TFLITE')).toBe('application/octet-stream');
    expect(mimeType('index.html')).toBe('text/html; charset=utf-8');
  });
});

describe('startStaticServer', () => {
  let dir: string;
  let server: StaticServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serve-test-'));
    await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
    await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><p>hi</p>');
    await writeFile(join(dir, 'dist', 'assets', 'm.wasm'), Buffer.from([0, 97, 115, 109]));
    await writeFile(join(dir, 'secret.txt'), 'do not serve');
    await symlink(join(dir, 'secret.txt'), join(dir, 'dist', 'link.txt'));
    server = await startStaticServer(join(dir, 'dist'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on loopback with an ephemeral port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves index.html with the app CSP', async () => {
    const res = await rawGet(server.port, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(HEADER_CSP);
    // Cross-origin isolated: SharedArrayBuffer, so multi-threaded WebAssembly.
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(res.body).toContain('<p>hi</p>');
  });

  it('serves wasm as application/wasm', async () => {
    const res = await rawGet(server.port, '/assets/m.wasm');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/wasm');
    expect(res.headers['content-length']).toBe('4');
  });

  it('refuses traversal, symlinks out of the root, directories and unknown files', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/link.txt', '/assets/', '/assets', '/nope.js']) {
      const res = await rawGet(server.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('do not serve');
      expect(res.headers['content-security-policy']).toBe(HEADER_CSP);
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await rawGet(server.port, '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const post = await rawGet(server.port, '/', 'POST');
    expect(post.status).toBe(405);
  });
});
