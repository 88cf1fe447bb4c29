// The bench page (dist-bench/): the app's own pipeline modules in a worker, timed one stage at a
// time (models alone, decode strategies, detectors). Never shipped with the app; `npm run bench`
// serves it with the same headers as the app (scan/serve.ts).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { serveVendorAssets } from '../../vite.config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: here('../../public'),
  plugins: [serveVendorAssets()],
  worker: { format: 'es' },
  build: { outDir: here('../../dist-bench'), emptyOutDir: true, minify: 'esbuild' },
});
