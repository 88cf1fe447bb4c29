// A few SGD steps on a tiny fixed batch must lower the loss (plain classifier and, once the WS-DAN
// attention helpers exist, WS-DAN with crop/drop and center loss); a checkpoint restores the exact
// weights, momentum and centers.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel } from '../src/models/arch/index';
import type { Architecture } from '../src/models/types';
import { baseConfig, type TrainConfig } from './config';
import { setupBackend } from './backend';
import { epochOrder } from './train';
import { trainStep } from './step';
import { Sgd } from './sgd';
import { archiveCheckpoints, listCheckpoints, loadCheckpoint, saveCheckpoint, newestCheckpoint } from './checkpoint';

function tinyConfig(model: Architecture): TrainConfig {
  const cfg = baseConfig(model, 'cpu');
  cfg.arch = { ...cfg.arch, inputSize: 32, widthMultiplier: model === 'wsdan-efficientnet-b3' ? 0.1 : 0.0625 };
  if (cfg.arch.middleBlocks !== undefined) cfg.arch.middleBlocks = 0;
  if (cfg.arch.depthMultiplier !== undefined) cfg.arch.depthMultiplier = 0.2;
  // The plain classifier moves faster at a larger rate; WS-DAN keeps its configured rate and head
  // scale (its classifier sees the feature matrix x 100: a rate of 0.05 there diverges).
  if (!cfg.wsdan) cfg.optimizer = { ...cfg.optimizer, lr: 0.05 };
  return cfg;
}

/** Fakes brighter than reals: a batch any working training loop separates in a few steps. */
function tinyBatch(): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const labels = [0, 1, 0, 1, 0, 1, 0, 1];
  const x = tf.tidy(() => tf.concat(labels.map((l) => tf.add(tf.randomNormal([1, 32, 32, 3], 0, 0.3, 'float32', 5), l ? 0.8 : -0.8)), 0)) as tf.Tensor4D;
  return { x, y: tf.tensor1d(labels, 'int32') };
}

async function lossDrops(model: Architecture): Promise<[number, number]> {
  const cfg = tinyConfig(model);
  const net = buildModel(model, cfg.arch, 3);
  const { x, y } = tinyBatch();
  const dim = cfg.wsdan ? tf.tidy(() => net.apply(x, { training: false }).featureMatrix!.shape[1]) : 0;
  const state = { model: net, cfg, sgd: new Sgd(0.9, 0, cfg.optimizer.headLrScale), centers: cfg.wsdan ? (tf.zeros([2, dim]) as tf.Tensor2D) : null };
  const losses: number[] = [];
  for (let i = 0; i < 8; i++) losses.push(trainStep(state, x, y, i, cfg.optimizer.lr));
  // Every weight stays finite: wasm's relu maps NaN to 0, so a network poisoned by NaN gradients
  // still gives finite (constant) losses, and only the weights show it.
  const nonFinite = Object.entries(net.namedWeights()).filter(([, t]) => !Array.from(t.dataSync()).every(Number.isFinite));
  expect(nonFinite.map(([k]) => k)).toEqual([]);
  tf.dispose([x, y, ...Object.values(state.sgd.velocity), ...(state.centers ? [state.centers] : [])]);
  net.dispose();
  return [losses[0]!, Math.min(...losses.slice(-3))];
}

describe('training step', () => {
  beforeAll(async () => {
    await setupBackend('wasm');
  });

  it('a few steps on a tiny batch lower the loss: xception', async () => {
    const [first, last] = await lossDrops('xception');
    expect(last).toBeLessThan(first * 0.8);
  }, 60_000);

  it('a few steps on a tiny batch lower the loss: wsdan-xception (raw + crop + drop + center loss)', async () => {
    const [first, last] = await lossDrops('wsdan-xception');
    expect(last).toBeLessThan(first * 0.9);
  }, 60_000);

  it('epoch order is a seeded permutation cut to imagesPerEpoch', () => {
    const a = epochOrder(100, { seed: 1, imagesPerEpoch: 30 }, 0);
    expect(a).toHaveLength(30);
    expect(new Set(a).size).toBe(30);
    expect(epochOrder(100, { seed: 1, imagesPerEpoch: 30 }, 0)).toEqual(a);
    expect(epochOrder(100, { seed: 1, imagesPerEpoch: 30 }, 1)).not.toEqual(a);
  });

  it('a checkpoint restores weights, momentum, centers, config and progress exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    try {
      const cfg = tinyConfig('xception');
      const net = buildModel('xception', cfg.arch, 4);
      const velocity = { a: tf.tensor([1.5, -2], [2]) };
      const centers = tf.tensor2d([[1, 2], [3, 4]]);
      const progress = { epoch: 2, step: 5, imagesSeen: 99, trainSeconds: 12.5, history: [] };
      saveCheckpoint(dir, { config: cfg, progress, weights: net.namedWeights(), velocity, centers });
      const back = loadCheckpoint(newestCheckpoint(dir)!);
      expect(back.config).toEqual(cfg);
      expect(back.progress).toEqual(progress);
      for (const [k, t] of Object.entries(net.namedWeights())) expect(Array.from(back.weights[k]!.dataSync())).toEqual(Array.from(t.dataSync()));
      expect(Array.from(back.velocity.a!.dataSync())).toEqual([1.5, -2]);
      expect(back.centers!.arraySync()).toEqual([[1, 2], [3, 4]]);
      net.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a fresh run moves earlier checkpoints aside instead of mixing with them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    try {
      const cfg = tinyConfig('xception');
      const net = buildModel('xception', cfg.arch, 4);
      const progress = { epoch: 0, step: 0, imagesSeen: 5000, trainSeconds: 1, history: [] };
      saveCheckpoint(dir, { config: cfg, progress, weights: net.namedWeights(), velocity: {}, centers: null });
      const moved = archiveCheckpoints(dir, new Date('2026-11-25T20:00:00Z'));
      expect(moved).toMatch(/archived-2026-11-25T20-00-00-000Z$/);
      expect(listCheckpoints(dir)).toEqual([]);
      expect(listCheckpoints(moved!)).toHaveLength(1);
      expect(archiveCheckpoints(dir)).toBeNull();
      net.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
