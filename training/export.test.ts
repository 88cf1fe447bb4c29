// An exported model, loaded by the app's own loader (node/load-node.ts), gives the same P(fake)
// as the training-side model it came from, up to float16 rounding of the weights.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel, registry } from '../src/models/arch/index';
import { loadModelFromDir } from '../node/load-node';
import type { Architecture } from '../src/models/types';
import { baseConfig } from './config';
import { setupBackend } from './backend';
import { writeModelFolder } from './export';
import { makeBatch } from './batch';
import type { CachedSplit } from './crop-cache';

/** float16 keeps 11 significant bits (relative error <= 2^-11 per weight); through a few layers
 *  that moves a probability by well under 0.01, so that is the stated tolerance. */
const FLOAT16_PROB_TOLERANCE = 0.01;

function tinyCrops(size: number, n: number): CachedSplit {
  const pixels = new Uint8Array(n * size * size * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
  return { size, pixels, labels: Uint8Array.from({ length: n }, (_, i) => i % 2), videos: [], found: [], version: 0 };
}

describe('export', () => {
  beforeAll(async () => {
    await setupBackend('wasm');
  });

  it.each(['xception', 'wsdan-xception', 'wsdan-efficientnet-b3'] as Architecture[])(
    '%s: the app loader reproduces the training model within float16 tolerance',
    async (arch) => {
      const cfg = baseConfig(arch, 'cpu');
      cfg.arch = { ...cfg.arch, inputSize: 32 };
      const net = buildModel(arch, cfg.arch, 11);
      const dir = mkdtempSync(join(tmpdir(), `export-${arch}-`));
      try {
        const weights = Object.fromEntries(Object.entries(net.namedWeights()).map(([k, t]) => [k, tf.clone(t)]));
        const progress = { epoch: 1, step: 0, imagesSeen: 8, trainSeconds: 1, history: [] };
        await writeModelFolder({ config: cfg, progress, weights, velocity: {}, centers: null }, dir, { auc: 0.5, logloss: 0.69, acc: 0.5, n: 4 }, { rule: 'test' });
        tf.dispose(Object.values(weights));
        const crops = tinyCrops(32, 4);
        const { x, y } = makeBatch(crops, [0, 1, 2, 3], registry[arch].normalization, null);
        const expected = tf.tidy(() => tf.softmax(net.apply(x, { training: false }).logits).slice([0, 1], [-1, 1]).reshape([-1]));
        // Raw logits on both sides (the app's default WS-DAN crop refinement is a separate, shared function).
        const loaded = await loadModelFromDir(dir, { refine: false });
        const input = tf.tensor4d(Float32Array.from(crops.pixels), [4, 32, 32, 3]);
        const got = loaded.predict(input);
        const diff = tf.max(tf.abs(tf.sub(got, expected))).dataSync()[0]!;
        expect(diff).toBeLessThan(FLOAT16_PROB_TOLERANCE);
        // The comparison has power: the same check against another initialisation fails.
        const other = buildModel(arch, cfg.arch, 12);
        const otherP = tf.tidy(() => tf.softmax(other.apply(x, { training: false }).logits).slice([0, 1], [-1, 1]).reshape([-1]));
        expect(tf.max(tf.abs(tf.sub(got, otherP))).dataSync()[0]!).toBeGreaterThan(FLOAT16_PROB_TOLERANCE);
        tf.dispose(otherP);
        other.dispose();
        expect(loaded.manifest.inputSize).toBe(32);
        tf.dispose([x, y, expected, input, got]);
        loaded.dispose();
      } finally {
        net.dispose();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
