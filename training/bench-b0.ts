// What an EfficientNet-B0 member would cost: the app's B0 trunk (weights from `npm run weights:b0` when
// fetched, else random: speed does not depend on them) against the shipped Xception trunk (blocks 1-13,
// 160 px, the page's archConfig; random weights), inference with folded batch norms as the page runs
// them, on tfjs-wasm in Node (one thread: tfjs-wasm has no threads in Node, tfjs issue #3830; the
// pool size it reports is printed). Also the FLOPs of each, from tf.profile's kernels (bench/flops.ts).
//   npx tsx training/bench-b0.ts --threads 1 --sizes 160,224 --batch 8 --reps 5
// One process per thread count (tfjs-wasm sets its pool once, when its module starts).
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kernelFlops } from '../bench/flops';
import { buildModel, type Model } from '../src/models/arch/index';
import { numberFlag, parseFlags } from './args';
import { B0_ARCH_CONFIG, B0_WEB_MODEL, importB0, readB0Weights } from './imagenet-efficientnet-b0';

const USAGE = 'npx tsx training/bench-b0.ts [--threads N] [--sizes 160,224] [--batch B] [--reps R]';
const { values } = parseFlags(
  process.argv.slice(2),
  { threads: { type: 'string' }, sizes: { type: 'string' }, batch: { type: 'string' }, reps: { type: 'string' } },
  USAGE,
);
const threads = numberFlag(values.threads, 'threads', 1);
const sizes = (values.sizes ?? '160,224').split(',').map(Number);
const batch = numberFlag(values.batch, 'batch', 8);
const reps = numberFlag(values.reps, 'reps', 5);

/** GFLOPs per image (2 per multiply-add of convolutions and matmuls, bench/flops.ts) of `f` at batch 1. */
async function gflops(f: () => tf.Tensor): Promise<number> {
  const info = await tf.profile(() => tf.tidy(f));
  return info.kernels.reduce((s, k) => s + kernelFlops(k), 0) / 1e9;
}

async function main(): Promise<void> {
  // tfjs-wasm caps its pool at navigator.hardwareConcurrency / 2 (src/models/backend.ts): ask for twice.
  Object.defineProperty(globalThis, 'navigator', { value: { hardwareConcurrency: 2 * threads }, configurable: true });
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(threads);
  await tf.setBackend('wasm');
  await tf.ready();
  const got = wasm.getThreadsCount();
  const b0 = buildModel('wsdan-efficientnet-b3', B0_ARCH_CONFIG, null);
  const real = existsSync(join(B0_WEB_MODEL, 'model.json'));
  if (real) importB0(b0, readB0Weights());
  const x13 = buildModel('xception', { inputSize: 160, widthMultiplier: 1, middleBlocks: 8, block14: false }, 1);
  console.log(`tfjs-wasm, ${got} thread(s) (asked ${threads}); batch ${batch}; B0 weights ${real ? 'ImageNet' : 'random'}; ${new Date().toISOString()}`);
  const cases: [string, Model, number][] = [...sizes.map((s): [string, Model, number] => [`EfficientNet-B0 trunk ${s} px`, b0, s]), ['Xception blocks 1-13 (shipped) 160 px', x13, 160]];
  console.log('| trunk | GFLOP/face | ms/face (median of reps) | min |');
  console.log('|---|---|---|---|');
  for (const [name, m, s] of cases) {
    const run = (b: number) => () => m.features(tf.randomUniform([b, s, s, 3], -1, 1, 'float32', 1) as tf.Tensor4D, { training: false, foldBn: true });
    const g = await gflops(run(1));
    for (let i = 0; i < 2; i++) tf.tidy(run(batch)).dataSync(); // warm-up (and the fold)
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      tf.tidy(run(batch)).dataSync();
      times.push((performance.now() - t0) / batch);
    }
    times.sort((a, b) => a - b);
    console.log(`| ${name} | ${g.toFixed(3)} | ${times[Math.floor(times.length / 2)]!.toFixed(1)} | ${times[0]!.toFixed(1)} |`);
  }
}

await main();
