// The bench page (dist-bench/): the app's own pipeline modules in a worker, timed one stage at a
// time (models alone, decode strategies, detectors). Never shipped with the app; `npm run bench`
// serves it with the same headers as the app (scan/serve.ts).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { noTasksVisionLogging, serveVendorAssets } from '../../vite.config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: here('../../public'),
  plugins: [serveVendorAssets()],
  // The same tasks-vision as the app's, its usage logger off (node/tasks-vision-logging.ts): a bench
  // run lasts minutes, past the logger's 60 s flush.
  worker: { format: 'es', plugins: () => [noTasksVisionLogging({ required: true })] },
  build: { outDir: here('../../dist-bench'), emptyOutDir: true, minify: 'esbuild' },
});
