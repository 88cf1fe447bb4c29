// The ensemble arithmetic and the no-leak guarantee, with small stand-in models on the cpu
// backend (the real models' outputs are checked by the training side's parity tests).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, registry } from '../models/arch/index';
import { toLoadedModel } from '../models/load';
import type { LoadedModel, ModelManifest } from '../models/types';
import { buildEnsemble, scoreCrops } from './score';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A stand-in whose P(fake) is a fixed function of the crop: mean brightness / 255 raised to `power`,
 *  computed the way a real model would (resize, normalise, reduce) so it allocates intermediates. */
function fakeModel(name: string, power: number): LoadedModel {
  return {
    manifest: { name, inputSize: 32 } as ModelManifest,
    predict: (crops) =>
      tf.tidy(() => {
        const small = tf.image.resizeBilinear(crops, [32, 32]);
        const mean = tf.mean(tf.div(small, 255), [1, 2, 3]);
        return tf.pow(mean, power) as tf.Tensor1D;
      }),
    dispose: () => undefined,
  };
}

const CONFIG = [
  { name: 'a', weight: 0.7 },
  { name: 'b', weight: 0.1 },
  { name: 'c', weight: 0.2 },
];

describe('buildEnsemble', () => {
  it('renormalises weights over the models that loaded', () => {
    const loaded = new Map([
      ['a', fakeModel('a', 1)],
      ['c', fakeModel('c', 1)],
    ]);
    const e = buildEnsemble(CONFIG, loaded);
    expect(e.map((m) => m.name)).toEqual(['a', 'c']);
    expect(e[0]?.weight).toBeCloseTo(0.7 / 0.9, 10);
    expect(e[1]?.weight).toBeCloseTo(0.2 / 0.9, 10);
  });

  it('refuses an empty ensemble with a clear message', () => {
    expect(() => buildEnsemble(CONFIG, new Map())).toThrow('No model of the ensemble is loaded');
  });
});

describe('scoreCrops', () => {
  it('keeps each model\'s score and weights them into the ensemble score', async () => {
    const loaded = new Map(['a', 'b', 'c'].map((n, i) => [n, fakeModel(n, i + 1)] as const));
    const ensemble = buildEnsemble(CONFIG, loaded);
    // Two crops of uniform brightness 0.5 and 0.8 (x 255).
    const crops = tf.concat([tf.fill([1, 64, 64, 3], 127.5), tf.fill([1, 64, 64, 3], 204)]) as tf.Tensor4D;
    const out = await scoreCrops(ensemble, crops);
    crops.dispose();
    expect(out.models[0]?.a).toBeCloseTo(0.5, 5);
    expect(out.models[0]?.b).toBeCloseTo(0.25, 5);
    expect(out.models[1]?.c).toBeCloseTo(0.512, 5);
    expect(out.scores[0]).toBeCloseTo(0.7 * 0.5 + 0.1 * 0.25 + 0.2 * 0.125, 5);
    expect(out.scores[1]).toBeCloseTo(0.7 * 0.8 + 0.1 * 0.64 + 0.2 * 0.512, 5);
  });

  it('leaves tf.memory().numTensors unchanged', async () => {
    const ensemble = buildEnsemble(CONFIG, new Map(['a', 'b', 'c'].map((n) => [n, fakeModel(n, 2)] as const)));
    const crops = tf.randomUniform([3, 64, 64, 3], 0, 255) as tf.Tensor4D;
    await scoreCrops(ensemble, crops); // first call may create lazily cached tensors
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await scoreCrops(ensemble, crops);
    expect(tf.memory().numTensors).toBe(before);
    crops.dispose();
  });

  it('returns nothing for no crops', async () => {
    const ensemble = buildEnsemble(CONFIG, new Map([['a', fakeModel('a', 1)]]));
    const none = tf.zeros([0, 8, 8, 3]) as tf.Tensor4D;
    expect(await scoreCrops(ensemble, none)).toEqual({ scores: [], models: [], attention: [], descriptors: [] });
    none.dispose();
  });
});

describe('scoreCrops with real architectures', () => {
  it('leaks no tensor around tiny registry models (WS-DAN refinement included)', async () => {
    const tiny = (arch: 'xception' | 'wsdan-xception') => {
      const archConfig = { inputSize: 40, widthMultiplier: 0.05, middleBlocks: 1, ...(arch === 'wsdan-xception' ? { attentionMaps: 2 } : {}) };
      const manifest = { name: arch, architecture: arch, inputSize: 40, normalization: registry[arch].normalization, archConfig } as unknown as ModelManifest;
      return toLoadedModel(manifest, buildModel(arch, archConfig, 1));
    };
    const models = new Map<string, LoadedModel>([['wsdan-xception', tiny('wsdan-xception')], ['xception', tiny('xception')]]);
    const ensemble = buildEnsemble([{ name: 'wsdan-xception', weight: 0.7 }, { name: 'xception', weight: 0.2 }], models);
    const crops = tf.randomUniform([2, 64, 64, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
    const first = await scoreCrops(ensemble, crops);
    const before = tf.memory().numTensors;
    const again = await scoreCrops(ensemble, crops);
    expect(tf.memory().numTensors).toBe(before);
    expect(again.scores).toEqual(first.scores);
    for (const s of first.scores) expect(s).toBeGreaterThanOrEqual(0);
    for (const s of first.scores) expect(s).toBeLessThanOrEqual(1);
    // The ensemble is the renormalised weighted mean of the per-model scores.
    const w = 0.7 / 0.9;
    expect(first.scores[0]).toBeCloseTo(w * first.models[0]!['wsdan-xception']! + (1 - w) * first.models[0]!.xception!, 5);
    crops.dispose();
    for (const m of models.values()) m.dispose();
  });
});

describe('shared backbones and calibration', () => {
  /** Two members on one counted backbone: features = mean brightness per crop, heads = powers of it. */
  function sharedPair() {
    let backbonePasses = 0;
    const features = (crops: tf.Tensor4D) => {
      backbonePasses++;
      return tf.tidy(() => tf.reshape(tf.mean(tf.div(crops, 255), [1, 2, 3]), [-1, 1, 1, 1]) as tf.Tensor4D);
    };
    const member = (name: string, power: number): LoadedModel => {
      const predictFeatures = (f: tf.Tensor4D) => ({ pFake: tf.tidy(() => tf.pow(tf.reshape(f, [-1]), power) as tf.Tensor1D) });
      return { manifest: { name } as ModelManifest, predict: (c) => tf.tidy(() => predictFeatures(features(c)).pFake), shared: { key: 'k', features, predictFeatures }, dispose: () => undefined };
    };
    return { members: [member('p', 1), member('q', 2)], passes: () => backbonePasses };
  }

  it('runs a shared backbone once per call and gives each member its own head', async () => {
    const { members, passes } = sharedPair();
    const ens = buildEnsemble([{ name: 'p', weight: 0.5 }, { name: 'q', weight: 0.5 }], new Map(members.map((m) => [m.manifest.name, m])));
    const crops = tf.fill([2, 8, 8, 3], 127.5) as tf.Tensor4D;
    const r = await scoreCrops(ens, crops);
    expect(passes()).toBe(1);
    expect(r.models[0]).toEqual({ p: expect.closeTo(0.5, 5), q: expect.closeTo(0.25, 5) });
    expect(r.scores[0]).toBeCloseTo(0.375, 5);
    crops.dispose();
  });

  it('applies Platt scaling to the ensemble only when its members are the fitted ones', async () => {
    const { members } = sharedPair();
    const loaded = new Map(members.map((m) => [m.manifest.name, m]));
    const both = buildEnsemble([{ name: 'p', weight: 0.5 }, { name: 'q', weight: 0.5 }], loaded);
    const calib = { platt: { a: 2, b: 0.5 }, members: ['p', 'q'] };
    const crops = tf.fill([1, 8, 8, 3], 127.5) as tf.Tensor4D;
    const r = await scoreCrops(both, crops, calib);
    const z = Math.log(0.375 / 0.625);
    expect(r.scores[0]).toBeCloseTo(1 / (1 + Math.exp(-(2 * z + 0.5))), 5);
    expect(r.models[0]!.p).toBeCloseTo(0.5, 5); // members stay raw
    const one = buildEnsemble([{ name: 'p', weight: 1 }], loaded);
    expect((await scoreCrops(one, crops, calib)).scores[0]).toBeCloseTo(0.5, 5);
    crops.dispose();
  });

  it('reads attention grids and appearance descriptors back with the scores, per crop', async () => {
    // A backbone whose feature map is the crop itself at 4x4 (channels = RGB); a WS-DAN-like head
    // whose attention is that map's first channel, normalised by the head as load.ts does.
    const features = (crops: tf.Tensor4D) => tf.tidy(() => tf.image.resizeBilinear(tf.div(crops, 255) as tf.Tensor4D, [4, 4]) as tf.Tensor4D);
    const withAttention: LoadedModel = {
      manifest: { name: 'w' } as ModelManifest,
      predict: () => {
        throw new Error('not used');
      },
      shared: {
        key: 'k',
        features,
        predictFeatures: (f) =>
          tf.tidy(() => {
            const a = tf.squeeze(tf.slice(f, [0, 0, 0, 0], [-1, -1, -1, 1]), [3]) as tf.Tensor3D;
            return { pFake: tf.mean(f, [1, 2, 3]) as tf.Tensor1D, attention: tf.div(a, tf.add(tf.max(a, [1, 2], true), 1e-12)) as tf.Tensor3D };
          }),
      },
      dispose: () => undefined,
    };
    const ens = buildEnsemble([{ name: 'w', weight: 1 }], new Map([['w', withAttention]]));
    // Crop 0: red rises left to right; crop 1: uniform grey.
    const ramp = tf.tidy(() => tf.concat([tf.tile(tf.reshape(tf.linspace(0, 255, 8), [1, 1, 8, 1]), [1, 8, 1, 1]) as tf.Tensor4D, tf.zeros([1, 8, 8, 2])], 3));
    const crops = tf.concat([ramp, tf.fill([1, 8, 8, 3], 100)]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const r = await scoreCrops(ens, crops);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.attention.map((a) => a!.side)).toEqual([4, 4]);
    expect(r.attention[0]!.values).toHaveLength(16);
    expect(Math.max(...r.attention[0]!.values)).toBeCloseTo(1, 3);
    // Left column below the right column in every row.
    for (let y = 0; y < 4; y++) expect(r.attention[0]!.values[y * 4]).toBeLessThan(r.attention[0]!.values[y * 4 + 3]!);
    expect(r.attention[1]!.values.every((v) => Math.abs(v - 1) < 1e-3)).toBe(true);
    // Descriptors: the feature map's mean over positions, one value per channel.
    expect(r.descriptors.map((d) => d!.length)).toEqual([3, 3]);
    expect(Array.from(r.descriptors[1]!)).toEqual([100 / 255, 100 / 255, 100 / 255].map((v) => expect.closeTo(v, 4)));
    tf.dispose([ramp, crops]);
  });

  it('gives no attention or descriptors without a WS-DAN head or a shared backbone', async () => {
    const ens = buildEnsemble([{ name: 'a', weight: 1 }], new Map([['a', fakeModel('a', 1)]]));
    const crops = tf.fill([2, 16, 16, 3], 50) as tf.Tensor4D;
    const r = await scoreCrops(ens, crops);
    expect(r.attention).toEqual([null, null]);
    expect(r.descriptors).toEqual([null, null]);
    crops.dispose();
  });
});
