import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/models/arch/index';
import { roundChannels } from '../src/models/arch/layers';
import { B0_ARCHITECTURE, B0_CACHE } from './b0-trunk';
import { balancedEpoch, b0Gradients, chooseWeight, mixB0, trainedParams, trainedState } from './b0-train';
import { B0_ARCH_CONFIG } from './imagenet-efficientnet-b0';

describe('balancedEpoch', () => {
  it('interleaves reals and fakes so every even batch is half and half, seeded', () => {
    const real = [0, 1, 2, 3, 4];
    const fake = [10, 11, 12, 13, 14, 15, 16];
    const rows = balancedEpoch(real, fake, 1, 0);
    expect(rows).toHaveLength(10);
    for (let i = 0; i < rows.length; i += 2) {
      expect(real).toContain(rows[i]);
      expect(fake).toContain(rows[i + 1]);
    }
    expect(new Set(rows.filter((r) => r < 10))).toEqual(new Set(real));
    expect(balancedEpoch(real, fake, 1, 0)).toEqual(rows);
    expect(balancedEpoch(real, fake, 1, 1)).not.toEqual(rows);
  });
});

describe('mixB0 and chooseWeight', () => {
  it('mixes (1 - w) pair + w B0 and refuses unequal lengths', () => {
    const m = mixB0([0.2, 1], [0.6, 0], 0.25);
    expect(m[0]).toBeCloseTo(0.3, 12);
    expect(m[1]).toBeCloseTo(0.75, 12);
    expect(() => mixB0([0.2], [0.1, 0.3], 0.1)).toThrow(/1 pair scores, 2 B0/);
  });
  it('keeps the first of tied weights', () => {
    expect(chooseWeight([0, 0.1, 0.2, 0.3], (w) => (w >= 0.1 ? 0.9 : 0.8))).toEqual({ weight: 0.1, auc: 0.9 });
  });
});

describe('b0Gradients', () => {
  it('trains stage 6, the head conv and the WS-DAN head from stage-5 maps; backbone BN statistics stay put', async () => {
    await tf.setBackend('cpu');
    // B0's layout at a quarter of its widths (the cpu backend runs the full one for minutes).
    const model = buildModel(B0_ARCHITECTURE, { ...B0_ARCH_CONFIG, inputSize: 64, widthMultiplier: 0.25 }, 3);
    const params = trainedParams(model);
    const names = Object.keys(params);
    expect(names.some((n) => n.startsWith('stage5.'))).toBe(false);
    for (const p of ['stage6.block0.expand.weight', 'stage6.block0.dwbn.gamma', 'head.weight', 'headbn.beta', 'attention.conv.weight', 'fc.weight']) expect(names).toContain(p);
    expect(Object.keys(trainedState(model)).every((n) => n.startsWith('attention.'))).toBe(true);
    const before = model.state['stage6.block0.expandbn.movingMean']!.dataSync().slice();
    const attBefore = model.state['attention.bn.movingMean']!.dataSync().slice();
    const x = tf.randomNormal([4, 2, 2, roundChannels(B0_CACHE.shape[2], 0.25)], 0, 1, 'float32', 5) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 0, 1], 'int32');
    const { loss, grads } = b0Gradients(model, params, x, y, 7);
    expect(Number.isFinite(loss)).toBe(true);
    expect(Object.keys(grads).sort()).toEqual([...names].sort());
    for (const g of Object.values(grads)) expect(Number.isFinite(tf.sum(tf.abs(g)).dataSync()[0]!)).toBe(true);
    expect(tf.sum(tf.abs(grads['stage6.block0.expand.weight']!)).dataSync()[0]).toBeGreaterThan(0);
    expect(model.state['stage6.block0.expandbn.movingMean']!.dataSync()).toEqual(before);
    expect(model.state['attention.bn.movingMean']!.dataSync()).not.toEqual(attBefore);
    tf.dispose([x, y, ...Object.values(grads)]);
    model.dispose();
  }, 30_000);
});
