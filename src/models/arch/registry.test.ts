// The registry test (timm-style): every architecture runs forward and backward at a tiny size, and
// every trainable parameter receives a non-zero gradient. Also checks BN state handling and that the
// paper-sized configs have the paper's feature widths.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../types';
import { buildModel, parseArchConfig, registry, type ArchConfig } from './index';
import { buildEfficientNet } from './efficientnet';
import { ParamStore } from './layers';
import { buildXception } from './xception';

const TINY: Record<Architecture, ArchConfig> = {
  xception: { inputSize: 40, widthMultiplier: 0.05, middleBlocks: 1 },
  'wsdan-xception': { inputSize: 40, widthMultiplier: 0.05, middleBlocks: 1, attentionMaps: 3 },
  'wsdan-efficientnet-b3': { inputSize: 40, widthMultiplier: 0.1, depthMultiplier: 0.3, attentionMaps: 3 },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('registry', () => {
  for (const arch of Object.keys(registry) as Architecture[]) {
    it(`${arch}: forward shapes and a non-zero gradient for every parameter`, () => {
      const before = tf.memory().numTensors;
      const model = buildModel(arch, TINY[arch], 7);
      const x = tf.randomNormal([3, 40, 40, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 1], 'int32'), 2));
      const { value, grads } = tf.variableGrads(() => {
        const out = model.apply(x, { training: true, dropoutSeed: 1 });
        expect(out.logits.shape).toEqual([3, 2]);
        if (arch !== 'xception') {
          expect(out.attention!.shape[3]).toBe(3);
          expect(out.featureMatrix!.shape[0]).toBe(3);
          // L2-normalised rows.
          const norms = tf.norm(out.featureMatrix!, 2, 1).dataSync();
          for (const v of norms) expect(v).toBeCloseTo(1, 4);
        }
        return tf.losses.softmaxCrossEntropy(y, out.logits) as tf.Scalar;
      }, Object.values(model.params));
      expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
      const names = Object.keys(model.params);
      expect(names.length).toBeGreaterThan(10);
      const zero: string[] = [];
      for (const name of names) {
        const g = grads[model.params[name]!.name]!;
        expect(g.shape).toEqual(model.params[name]!.shape);
        if (tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]) === 0) zero.push(name);
      }
      expect(zero).toEqual([]);
      tf.dispose([value, x, y]);
      tf.dispose(grads);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('training updates BN moving stats; inference uses them and is deterministic', () => {
    const model = buildModel('xception', TINY.xception, 1);
    const mm = model.state['bn1.movingMean']!;
    const x = tf.add(tf.randomNormal([2, 40, 40, 3], 0, 1, 'float32', 5), 3) as tf.Tensor4D;
    const before = mm.dataSync().slice();
    tf.tidy(() => model.apply(x, { training: true, updateStats: false }));
    expect(Array.from(mm.dataSync())).toEqual(Array.from(before));
    tf.tidy(() => model.apply(x, { training: true }));
    expect(Array.from(mm.dataSync())).not.toEqual(Array.from(before));
    const a = tf.tidy(() => model.apply(x, { training: false }).logits.dataSync());
    const b = tf.tidy(() => model.apply(x, { training: false }).logits.dataSync());
    expect(Array.from(a)).toEqual(Array.from(b));
    x.dispose();
    model.dispose();
  });

  it('setWeights round-trips and rejects foreign or missing names', () => {
    const a = buildModel('wsdan-xception', TINY['wsdan-xception'], 1);
    const b = buildModel('wsdan-xception', TINY['wsdan-xception'], 2);
    const x = tf.randomNormal([2, 40, 40, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    b.setWeights(a.namedWeights());
    const la = tf.tidy(() => a.apply(x, { training: false }).logits.dataSync());
    const lb = tf.tidy(() => b.apply(x, { training: false }).logits.dataSync());
    expect(Array.from(lb)).toEqual(Array.from(la));
    const w = a.namedWeights();
    expect(() => b.setWeights({ ...w, extra: w['fc.weight']! })).toThrow('weight "extra" does not belong to wsdan-xception');
    const { ['fc.weight']: _dropped, ...missing } = w;
    expect(() => b.setWeights(missing)).toThrow('weight "fc.weight" of wsdan-xception is missing');
    x.dispose();
    a.dispose();
    b.dispose();
  });

  it('folded batch norms give the unfolded result, before and after the weights are folded in place; setWeights refolds; nothing leaks', () => {
    for (const arch of ['xception', 'wsdan-xception', 'wsdan-efficientnet-b3'] as Architecture[]) {
      const before = tf.memory().numTensors;
      const model = buildModel(arch, TINY[arch], 7);
      // BN statistics far from the initial ones, so a wrong fold cannot pass.
      const stats = (seed: number) =>
        Object.fromEntries(
          Object.entries(model.namedWeights()).map(([name, w], i) => [
            name,
            /movingVar$/.test(name) ? tf.randomUniform(w.shape, 0.5, 2, 'float32', seed + i) : /(movingMean|gamma|beta)$/.test(name) ? tf.randomUniform(w.shape, -1, 1.5, 'float32', seed + i) : tf.clone(w),
          ]),
        );
      const x = tf.randomUniform([2, 40, 40, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      const compare = () =>
        tf.tidy(() => {
          const plain = model.apply(x, { training: false });
          const folded = model.apply(x, { training: false, foldBn: true });
          const a = plain.logits.dataSync();
          const b = folded.logits.dataSync();
          const scale = Math.max(...Array.from(a, Math.abs));
          for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-4 * scale);
          if (plain.attention) expect(tf.max(tf.abs(tf.sub(plain.attention, folded.attention!))).dataSync()[0]).toBeLessThan(1e-4 * (tf.max(plain.attention).dataSync()[0]! + 1));
          return Array.from(b);
        });
      const w1 = stats(10);
      model.setWeights(w1);
      const first = compare();
      // Folded in place, the model still computes the same function unfolded (identity batch norms).
      expect(compare()).toEqual(first);
      const w2 = stats(20);
      model.setWeights(w2);
      // New weights: the folds are made again (stale ones would give the first result).
      expect(compare()).not.toEqual(first);
      tf.dispose([x, ...Object.values(w1), ...Object.values(w2)]);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('the EfficientNet runs from a cached stage: forwardTo then after gives the whole forward pass', () => {
    const model = buildModel('wsdan-efficientnet-b3', TINY['wsdan-efficientnet-b3'], 7);
    const x = tf.randomNormal([2, 40, 40, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    tf.tidy(() => {
      const whole = model.apply(x, { training: false }).logits.dataSync();
      for (const cut of ['stem', 'stage4', 'head']) {
        const cached = model.forwardTo(x, cut);
        const rest = model.apply(cached, { training: false, after: cut }).logits.dataSync();
        for (let i = 0; i < whole.length; i++) expect(rest[i]).toBeCloseTo(whole[i]!, 5);
      }
      expect(() => model.forwardTo(x, 'block1')).toThrow('stage0');
    });
    x.dispose();
    model.dispose();
  });

  it('seed null builds the same variables at zero (for loading); set weights make it the seeded model', () => {
    for (const arch of Object.keys(TINY) as Architecture[]) {
      const seeded = buildModel(arch, TINY[arch], 5);
      const empty = buildModel(arch, TINY[arch], null);
      const a = seeded.namedWeights();
      const b = empty.namedWeights();
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      for (const [name, w] of Object.entries(b)) {
        expect(w.shape).toEqual(a[name]!.shape);
        // Trainable weights start at zero; BN's gamma and moving variance at one, as when seeded.
        if (name in seeded.params && !/gamma$/.test(name)) expect(tf.max(tf.abs(w)).dataSync()[0]).toBe(0);
      }
      empty.setWeights(a);
      const x = tf.randomUniform([1, 40, 40, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      const ya = seeded.apply(x, { training: false }).logits;
      const yb = empty.apply(x, { training: false }).logits;
      expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
      tf.dispose([x, ya, yb]);
      seeded.dispose();
      empty.dispose();
    }
  });

  it('paper-sized configs have the paper widths (2048 Xception, 1536 EfficientNet-b3 features)', () => {
    // Counting only: build the parameter stores without running anything.
    const px = new ParamStore(null);
    expect(buildXception(px, { widthMultiplier: 1, middleBlocks: 8 }).features).toBe(2048);
    const pe = new ParamStore(null);
    expect(buildEfficientNet(pe, { widthMultiplier: 1.2, depthMultiplier: 1.4 }).features).toBe(1536);
    // EfficientNet-b3 has about 10.7M backbone parameters (1536-wide head included).
    const n = Object.values(pe.params).reduce((s, v) => s + v.size, 0);
    expect(n).toBeGreaterThan(10e6);
    expect(n).toBeLessThan(11.5e6);
    // Xception: 20.8M parameters without its fc layer.
    const nx = Object.values(px.params).reduce((s, v) => s + v.size, 0);
    expect(nx).toBeGreaterThan(20.5e6);
    expect(nx).toBeLessThan(21e6);
    tf.dispose([...Object.values(px.params), ...Object.values(px.state), ...Object.values(pe.params), ...Object.values(pe.state)]);
  });

  it('rejects bad arch configs with exact messages', () => {
    expect(() => parseArchConfig('xception', { inputSize: 64 })).toThrow('archConfig of xception: "widthMultiplier" is required');
    expect(() => parseArchConfig('xception', { inputSize: 64, widthMultiplier: 1, middleBlocks: 1, foo: 1 })).toThrow('archConfig of xception: unknown key "foo"');
    expect(() => parseArchConfig('wsdan-xception', { inputSize: 64, widthMultiplier: 1, middleBlocks: 1 })).toThrow('archConfig of wsdan-xception: "attentionMaps" is required');
    expect(() => parseArchConfig('xception', { inputSize: 6.5, widthMultiplier: 1, middleBlocks: 1 })).toThrow('"inputSize" must be an integer >= 8, got 6.5');
    expect(() => parseArchConfig('nope' as Architecture, {})).toThrow('unknown architecture "nope"');
  });
});
