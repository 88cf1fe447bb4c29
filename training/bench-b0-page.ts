// bench-b0.ts in headless Chromium, where tfjs-wasm has threads (Node's has none: tfjs issue #3830):
// the app's B0 trunk and the shipped Xception trunk (blocks 1-13, 160 px), inference with folded batch
// norms as the page runs them, ms per face at batch 8, on 1 and 2 wasm threads. The models are bundled
// from src/models/arch with esbuild and served with the page's headers (cross-origin isolated, so
// SharedArrayBuffer and threads work); random weights (speed does not depend on them).
//   npx tsx training/bench-b0-page.ts [--threads 1,2] [--sizes 160,224] [--batch 8] [--reps 5]
import { buildSync } from 'esbuild';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { launchChromium } from '../scan/browser';
import { startStaticServer } from '../scan/serve';
import { numberFlag, parseFlags } from './args';

const USAGE = 'npx tsx training/bench-b0-page.ts [--threads 1,2] [--sizes 160,224] [--batch 8] [--reps 5]';
const { values } = parseFlags(
  process.argv.slice(2),
  { threads: { type: 'string' }, sizes: { type: 'string' }, batch: { type: 'string' }, reps: { type: 'string' } },
  USAGE,
);
const threadCounts = (values.threads ?? '1,2').split(',').map(Number);
const sizes = (values.sizes ?? '160,224').split(',').map(Number);
const batch = numberFlag(values.batch, 'batch', 8);
const reps = numberFlag(values.reps, 'reps', 5);

const ENTRY = `
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { buildModel } from '../src/models/arch/index';
(window as any).benchB0 = async (threads: number, sizes: number[], batch: number, reps: number) => {
  setWasmPaths(new URL('./', location.href).href);
  setThreadsCount(threads);
  // tfjs-wasm caps its pool at hardwareConcurrency / 2 (src/models/backend.ts): report twice the wish.
  Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 2 * threads, configurable: true });
  await tf.setBackend('wasm');
  await tf.ready();
  const b0 = buildModel('wsdan-efficientnet-b3', { inputSize: 224, widthMultiplier: 1, depthMultiplier: 1, attentionMaps: 8 }, 1);
  const x13 = buildModel('xception', { inputSize: 160, widthMultiplier: 1, middleBlocks: 8, block14: false }, 1);
  const cases: [string, any, number][] = [...sizes.map((s): [string, any, number] => ['EfficientNet-B0 trunk ' + s + ' px', b0, s]), ['Xception blocks 1-13 (shipped) 160 px', x13, 160]];
  const rows: { name: string; ms: number; min: number }[] = [];
  for (const [name, m, s] of cases) {
    const run = () => m.features(tf.randomUniform([batch, s, s, 3], -1, 1, 'float32', 1), { training: false, foldBn: true });
    for (let i = 0; i < 2; i++) tf.tidy(run).dataSync();
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      tf.tidy(run).dataSync();
      times.push((performance.now() - t0) / batch);
    }
    times.sort((a, b) => a - b);
    rows.push({ name, ms: times[Math.floor(times.length / 2)], min: times[0] });
  }
  return { threads: getThreadsCount(), isolated: self.crossOriginIsolated, rows };
};
`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-b0-page-'));
  buildSync({ stdin: { contents: ENTRY, loader: 'ts', resolveDir: import.meta.dirname }, bundle: true, format: 'esm', outfile: join(dir, 'bench.js'), logLevel: 'error' });
  const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) copyFileSync(join(wasmDir, f), join(dir, f));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="bench.js"></script>');
  const server = await startStaticServer(dir);
  const browser = await launchChromium();
  try {
    console.log(`headless Chromium, tfjs-wasm, batch ${batch}, random weights, ${new Date().toISOString()}`);
    console.log('| trunk | threads | ms/face (median) | min |');
    console.log('|---|---|---|---|');
    for (const threads of threadCounts) {
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      await page.goto(server.url);
      await page.waitForFunction(() => 'benchB0' in window);
      const r = await page.evaluate(([t, s, b, n]) => (window as unknown as { benchB0: (...a: unknown[]) => Promise<{ threads: number; isolated: boolean; rows: { name: string; ms: number; min: number }[] }> }).benchB0(t, s, b, n), [threads, sizes, batch, reps] as const);
      for (const row of r.rows) console.log(`| ${row.name} | ${r.threads}${r.isolated ? '' : ' (not isolated)'} | ${row.ms.toFixed(1)} | ${row.min.toFixed(1)} |`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
