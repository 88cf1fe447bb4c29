// Data-parallel training: a step split between the main thread and a worker thread must give the
// update the same shards give when computed one after the other in one process (same weights, same
// crops and augmentation, same seeds, gradients and BN stats averaged by shard size).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModel, registry } from '../src/models/arch/index';
import type { Architecture } from '../src/models/types';
import { baseConfig, type TrainConfig } from './config';
import { setupBackend } from './backend';
import { makeBatch } from './batch';
import { openData, type DataSource } from './crop-cache';
import { GradientPool, shardBatch, shardSeed } from './parallel';
import { Sgd } from './sgd';
import { applyGradients, stepGradients, type StepState } from './step';

function tinyConfig(model: Architecture): TrainConfig {
  const cfg = baseConfig(model, 'cpu');
  cfg.arch = { ...cfg.arch, inputSize: 32, widthMultiplier: 0.0625, middleBlocks: 0 };
  return cfg;
}

const data: DataSource = { kind: 'random', size: 32, n: 24, seed: 7 };

describe('shardBatch', () => {
  it('cuts a batch into contiguous, near-even shards that cover it once', () => {
    expect(shardBatch([5, 6, 7, 8, 9], 2)).toEqual([
      { offset: 0, indices: [5, 6, 7] },
      { offset: 3, indices: [8, 9] },
    ]);
    expect(shardBatch([1], 3)).toEqual([{ offset: 0, indices: [1] }]);
    const idx = Array.from({ length: 13 }, (_, i) => i);
    expect(shardBatch(idx, 4).flatMap((s) => s.indices)).toEqual(idx);
  });
});

describe.each(['xception', 'wsdan-xception'] as const)('two-thread step: %s', (arch) => {
  let pool: GradientPool;
  const cfg = tinyConfig(arch);
  beforeAll(async () => {
    await setupBackend('wasm');
    pool = await GradientPool.start(1, { model: arch, arch: cfg.arch, wsdan: cfg.wsdan, backend: 'wasm', data });
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
  });

  it('matches the same shards computed in one process', async () => {
    const split = openData(data);
    const norm = registry[arch].normalization;
    const indices = [3, 8, 1, 20, 11, 6, 17];
    const aug = { seed: 5, epoch: 1, position: 40 };
    const lr = 0.05;
    const seed = 123;
    const centersFor = (m: ReturnType<typeof buildModel>) =>
      cfg.wsdan ? (tf.randomNormal([2, tf.tidy(() => m.apply(tf.zeros([1, 32, 32, 3]), { training: false }).featureMatrix!.shape[1])], 0, 0.1, 'float32', 9) as tf.Tensor2D) : null;

    // Through the pool: main thread + one worker.
    const a = buildModel(arch, cfg.arch, 11);
    const sa: StepState = { model: a, cfg, sgd: new Sgd(0.9, 1e-4), centers: centersFor(a) };
    const loss = await pool.step(sa, split, norm, indices, aug, seed, lr);

    // By hand, one process: each shard from the starting weights, then the weighted averages.
    const b = buildModel(arch, cfg.arch, 11);
    const start = Object.fromEntries(Object.entries(b.namedWeights()).map(([k, t]) => [k, tf.clone(t)]));
    const sb: StepState = { model: b, cfg, sgd: new Sgd(0.9, 1e-4), centers: centersFor(b) };
    const shards = shardBatch(indices, 2);
    const parts = shards.map((sh, k) => {
      b.setWeights(start);
      const { x, y } = makeBatch(split, sh.indices, norm, { ...aug, position: aug.position + sh.offset });
      const g = stepGradients(b, cfg, sb.centers, x, y, shardSeed(seed, k));
      const state = Object.fromEntries(Object.entries(b.state).map(([k2, v]) => [k2, tf.clone(v)]));
      x.dispose();
      return { ...g, y, state, w: sh.indices.length / indices.length };
    });
    b.setWeights(start);
    const avg = <T extends tf.Tensor>(pick: (p: (typeof parts)[number]) => T): T => tf.tidy(() => tf.addN(parts.map((p) => tf.mul(pick(p), p.w))) as T);
    for (const [k, v] of Object.entries(b.state)) v.assign(avg((p) => p.state[k]!));
    const grads = Object.fromEntries(Object.keys(parts[0]!.grads).map((k) => [k, avg((p) => p.grads[k]!)]));
    const features = cfg.wsdan ? (tf.concat(parts.map((p) => p.features!)) as tf.Tensor2D) : null;
    const labels = tf.concat(parts.map((p) => p.y)) as tf.Tensor1D;
    applyGradients(sb, grads, features, labels, lr);
    const expectedLoss = parts.reduce((s, p) => s + p.loss * p.w, 0);

    expect(loss).toBeCloseTo(expectedLoss, 4);
    const wa = a.namedWeights();
    let worst = 0;
    for (const [k, t] of Object.entries(b.namedWeights())) {
      const d = tf.tidy(() => tf.max(tf.abs(tf.sub(t, wa[k]!))).dataSync()[0]!);
      worst = Number.isNaN(d) ? NaN : Math.max(worst, d);
    }
    // float32 sums in a different order: agreement to ~1e-6 of weights of order 0.1-1.
    expect(worst).toBeLessThan(1e-5);
    // And the step did move the weights (a pool that returned nothing would fail above, not here).
    const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(wa['fc.weight'] ?? Object.values(wa)[0]!, start['fc.weight'] ?? Object.values(start)[0]!))).dataSync()[0]!);
    expect(moved).toBeGreaterThan(0);
    if (cfg.wsdan) {
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(sa.centers!, sb.centers!))).dataSync()[0]!);
      expect(diff).toBeLessThan(1e-5);
    }
    tf.dispose([...Object.values(start), ...Object.values(grads), ...parts.flatMap((p) => [p.y, ...Object.values(p.grads), ...Object.values(p.state), ...(p.features ? [p.features] : [])]), labels, ...(features ? [features] : [])]);
    tf.dispose([...Object.values(sa.sgd.velocity), ...Object.values(sb.sgd.velocity), ...(sa.centers ? [sa.centers] : []), ...(sb.centers ? [sb.centers] : [])]);
    a.dispose();
    b.dispose();
  }, 120_000);

  it('reports a worker failure as an error, not a hang', async () => {
    const split = openData(data);
    const a = buildModel(arch, cfg.arch, 11);
    const centers = cfg.wsdan ? (tf.zeros([2, tf.tidy(() => a.apply(tf.zeros([1, 32, 32, 3]), { training: false }).featureMatrix!.shape[1])]) as tf.Tensor2D) : null;
    const sa: StepState = { model: a, cfg, sgd: new Sgd(0.9, 0), centers };
    // Index 999 is outside the worker's 24 images: its batch cannot be built.
    await expect(pool.step(sa, split, registry[arch].normalization, [0, 1, 999, 998], null, 1, 0.01)).rejects.toThrow(/Gradient worker/);
    centers?.dispose();
    a.dispose();
  }, 60_000);
});
