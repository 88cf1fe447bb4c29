// The headers a host must send, checked against the built files: the deployment files in dist/
// are the ones src/csp.ts makes now (a stale build fails), and the app's two servers (vite preview,
// as `npm start` runs it, and scan's) send every header and the right content types, .tflite and
// .wasm included, on the files the page actually fetches.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { preview } from 'vite';
import { deployFiles } from '../node/deploy-headers';
import { startStaticServer } from '../scan/serve';
import { SECURITY_HEADERS } from '../src/csp';
import { DIST, ROOT } from './data';
import { expect, test } from './fixtures';

/** One file of each kind the page fetches, with the type it must be served as. */
const SAMPLES: [string, string][] = [
  ['', 'text/html; charset=utf-8'],
  ['mediapipe/face_detection_short_range.tflite', 'application/octet-stream'],
  ['mediapipe-wasm/vision_wasm_module_internal.wasm', 'application/wasm'],
  ['tfjs-wasm/tfjs-backend-wasm-simd.wasm', 'application/wasm'],
  ['sw.js', 'text/javascript; charset=utf-8'],
  ['manifest.webmanifest', 'application/manifest+json; charset=utf-8'],
];

async function checkServer(name: string, base: string): Promise<void> {
  for (const [path, type] of SAMPLES) {
    const res = await fetch(new URL(path, base));
    await res.arrayBuffer();
    expect(res.status, `${name} /${path}: HTTP status`).toBe(200);
    const got = (res.headers.get('content-type') ?? '').replace(/\s+/g, ' ').toLowerCase();
    expect(got, `${name} /${path}: Content-Type`).toBe(type.toLowerCase());
    for (const [header, value] of Object.entries(SECURITY_HEADERS)) {
      expect(res.headers.get(header), `${name} /${path}: ${header}`).toBe(value);
    }
  }
}

test('headers: the deployment files in dist/ are current, and both app servers send every header and type', async () => {
  for (const [file, text] of Object.entries(deployFiles())) {
    expect(readFileSync(join(DIST, file), 'utf8'), `dist/${file} differs from what src/csp.ts makes now: rebuild (npm run build)`).toBe(text);
  }
  const vite = await preview({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  try {
    await checkServer('vite preview', vite.resolvedUrls!.local[0]!);
  } finally {
    await vite.close();
  }
  const scan = await startStaticServer(DIST);
  try {
    await checkServer("scan's server", scan.url);
  } finally {
    await scan.close();
  }
});
