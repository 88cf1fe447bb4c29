// The two-core split of feature-train.ts is exact: for one shard, the worker thread's gradients,
// losses and batch-norm state equal what the main thread computes from the same weights and seed.
// (parallel.test.ts made this check for the deleted from-scratch trainer; this is the shipped one.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../src/models/arch/index';
import { setupBackend } from './backend';
import { GradientHelper } from './feature-grad-helper';
import { TRUNK, headArch } from './joint-config';
import { jointGradients, jointParams, jointState, type FineTuned, type JointModels } from './joint-step';

const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const maxAbs = (a: Float32Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('the feature gradient worker', () => {
  let helper: GradientHelper;

  beforeAll(async () => {
    await setupBackend('wasm');
    helper = new GradientHelper();
    await helper.ready;
  }, 120_000);

  afterAll(async () => {
    await helper?.close();
  });

  it('gives the main thread\'s gradients, losses and BN state for the same shard', async () => {
    const blocks: FineTuned = 1;
    const m: JointModels = { xception: buildModel('xception', headArch('xception'), 1), wsdan: buildModel('wsdan-xception', headArch('wsdan-xception'), 2) };
    const vars = { ...jointParams(m, blocks), ...jointState(m, blocks) };
    // Sent before the local step changes the BN state, as feature-train.ts sends them.
    const weights = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, new Float32Array(v.dataSync() as Float32Array)]));
    const shape: [number, number, number, number] = [4, ...TRUNK.shape];
    const x = tf.randomNormal(shape, 0, 1, 'float32', 5) as tf.Tensor4D;
    const labels = Int32Array.from([0, 1, 1, 0]);
    const remote = await helper.step({ type: 'step', id: 0, weights, x: x.dataSync() as Float32Array, shape, y: labels, seed: 17, blocks });
    const local = jointGradients(m, x, tf.tensor1d(labels, 'int32'), 17, blocks);

    expect(remote.n).toBe(4);
    expect([remote.loss, remote.lossX, remote.lossW]).toEqual([local.loss, local.lossX, local.lossW].map((v) => expect.closeTo(v, 6)));
    expect(Object.keys(remote.grads).sort()).toEqual(Object.keys(local.grads).sort());
    for (const [k, g] of Object.entries(local.grads)) {
      const mine = g.dataSync() as Float32Array;
      expect(maxDiff(remote.grads[k]!, mine), k).toBeLessThanOrEqual(1e-6 * Math.max(1, maxAbs(mine)));
    }
    const state = jointState(m, blocks);
    expect(Object.keys(remote.state).sort()).toEqual(Object.keys(state).sort());
    for (const [k, v] of Object.entries(state)) expect(maxDiff(remote.state[k]!, v.dataSync() as Float32Array), k).toBeLessThanOrEqual(1e-6);
    // The step moved the BN state: the comparison above is not of two untouched copies.
    expect(Object.entries(state).some(([k, v]) => maxDiff(weights[k]!, v.dataSync() as Float32Array) > 1e-6)).toBe(true);
  }, 180_000);
});
