// Training throughput per backend and config: a few SGD steps of each model on random inputs, after
// one warm-up step, timed with the same trainStep train.ts runs. Backends that cannot start on this
// machine (webgpu without a GPU adapter) are reported as such and skipped.
//   npm run train:bench [-- --backends wasm,cpu,webgpu --configs cpu --models xception --steps 3]
import * as tf from '@tensorflow/tfjs';
import { buildModel, registry } from '../src/models/arch/index';
import type { Architecture } from '../src/models/types';
import { baseConfig, type BackendName, type ConfigName } from './config';
import { setupBackend } from './backend';
import { trainStep } from './train';
import { Sgd } from './sgd';

function list(argv: string[], name: string, fallback: string[]): string[] {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]!.split(',') : fallback;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const backends = list(argv, 'backends', ['wasm', 'webgpu', 'cpu']) as BackendName[];
  const configs = list(argv, 'configs', ['cpu']) as ConfigName[];
  const models = list(argv, 'models', Object.keys(registry)) as Architecture[];
  const steps = Number(list(argv, 'steps', ['3'])[0]);
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
        if (backend === 'cpu' && config === 'full') continue;
        const model = buildModel(arch, cfg.arch, cfg.seed);
        // The cpu backend is pure JS (about 0.1 img/s here): time it on a batch of 2.
        const b = backend === 'cpu' ? 2 : cfg.batchSize;
        const x = tf.randomNormal([b, cfg.arch.inputSize, cfg.arch.inputSize, 3]) as tf.Tensor4D;
        const y = tf.tensor1d(Array.from({ length: b }, (_, i) => i % 2), 'int32');
        const centers = cfg.wsdan
          ? tf.zeros([2, tf.tidy(() => model.apply(tf.zeros([1, cfg.arch.inputSize, cfg.arch.inputSize, 3]), { training: false }).featureMatrix!.shape[1])]) as tf.Tensor2D
          : null;
        const state = { model, cfg, sgd: new Sgd(0.9, 0), centers };
        const n = backend === 'cpu' ? 1 : steps;
        trainStep(state, x, y, 1, 1e-3); // warm-up: kernels compiled, buffers allocated
        const t = performance.now();
        for (let i = 0; i < n; i++) trainStep(state, x, y, i + 2, 1e-3);
        const sec = (performance.now() - t) / 1000;
        console.log(`${name.padEnd(28)} ${config.padEnd(5)} ${arch.padEnd(22)} ${cfg.arch.inputSize}px batch ${b}: ${((n * b) / sec).toFixed(2)} img/s`);
        tf.dispose([x, y, ...(state.centers ? [state.centers] : []), ...Object.values(state.sgd.velocity)]);
        model.dispose();
      }
    }
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
