// Training throughput per backend, config and thread count: a few SGD steps of each model on random
// images (batch building included, augmentation not), after one warm-up step, timed with the same
// trainStep / GradientPool.step train.ts runs. Backends that cannot start on this machine (webgpu
// without a GPU adapter) are reported as such and skipped.
//   npm run train:bench [-- --backends webgpu,node,wasm,cpu --configs cpu --models xception --steps 3
//                          --threads 1,2 --batch 16]
import * as tf from '@tensorflow/tfjs';
import { buildModel, registry } from '../src/models/arch/index';
import type { Architecture } from '../src/models/types';
import { baseConfig, type BackendName, type ConfigName } from './config';
import { activeBackend, setupBackend } from './backend';
import { trainStep } from './step';
import { makeBatch } from './batch';
import { openData, type DataSource } from './crop-cache';
import { GradientPool } from './parallel';
import { Sgd } from './sgd';

function list(argv: string[], name: string, fallback: string[]): string[] {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]!.split(',') : fallback;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const backends = list(argv, 'backends', ['webgpu', 'node', 'wasm', 'cpu']) as BackendName[];
  const configs = list(argv, 'configs', ['cpu']) as ConfigName[];
  const models = list(argv, 'models', Object.keys(registry)) as Architecture[];
  const steps = Number(list(argv, 'steps', ['3'])[0]);
  const threadCounts = list(argv, 'threads', ['1', '2']).map(Number);
  const batchArg = argv.includes('--batch') ? Number(list(argv, 'batch', [])[0]) : undefined;
  // tfjs registers every backend in one process; bench each in turn.
  for (const backend of backends) {
    let name: string;
    try {
      name = await setupBackend(backend);
    } catch (e) {
      console.log(`${backend}: skipped (${e instanceof Error ? e.message : e})`);
      continue;
    }
    for (const config of configs) {
      for (const arch of models) {
        const cfg = baseConfig(arch, config);
        // The cpu backend is pure JS: one step of a full-size model there takes many minutes.
        if (activeBackend() === 'cpu' && config === 'full') continue;
        const norm = registry[arch].normalization;
        for (const threads of threadCounts) {
          if (threads > 1 && (activeBackend() === 'webgpu' || activeBackend() === 'node')) continue; // one GPU / tfjs-node threads itself
          const model = buildModel(arch, cfg.arch, cfg.seed);
          // The cpu backend is pure JS (about 0.1 img/s here): time it on a batch of 2.
          const b = activeBackend() === 'cpu' ? 2 : (batchArg ?? cfg.batchSize);
          const source: DataSource = { kind: 'random', size: cfg.arch.inputSize, n: b, seed: 1 };
          const data = openData(source);
          const idx = Array.from({ length: b }, (_, i) => i);
          const centers = cfg.wsdan
            ? tf.zeros([2, tf.tidy(() => model.apply(tf.zeros([1, cfg.arch.inputSize, cfg.arch.inputSize, 3]), { training: false }).featureMatrix!.shape[1])]) as tf.Tensor2D
            : null;
          const state = { model, cfg, sgd: new Sgd(0.9, 0), centers };
          const pool = threads > 1 ? await GradientPool.start(threads - 1, { model: arch, arch: cfg.arch, wsdan: cfg.wsdan, backend: activeBackend(), data: source }) : null;
          const step = async (seed: number) => {
            if (pool) return pool.step(state, data, norm, idx, null, seed, 1e-3);
            const { x, y } = makeBatch(data, idx, norm, null);
            const loss = trainStep(state, x, y, seed, 1e-3);
            tf.dispose([x, y]);
            return loss;
          };
          const n = activeBackend() === 'cpu' ? 1 : steps;
          await step(1); // warm-up: kernels compiled, buffers allocated
          const t = performance.now();
          for (let i = 0; i < n; i++) await step(i + 2);
          const sec = (performance.now() - t) / 1000;
          console.log(
            `${name.padEnd(28)} ${config.padEnd(5)} ${arch.padEnd(22)} ${cfg.arch.inputSize}px batch ${String(b).padStart(2)} threads ${threads}: ${((n * b) / sec).toFixed(2)} img/s`,
          );
          await pool?.close();
          tf.dispose([...(state.centers ? [state.centers] : []), ...Object.values(state.sgd.velocity)]);
          model.dispose();
        }
      }
    }
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
