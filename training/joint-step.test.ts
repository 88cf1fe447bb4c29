// The joint step of the CPU recipe: gradients reach block 13 (or blocks 12-13) and both heads (and
// nothing else), and a few SGD steps on one batch lower both heads' losses; the trunk's cached stage
// is an input.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModel, type ArchConfig } from '../src/models/arch/index';
import { roundChannels } from '../src/models/arch/layers';
import { Sgd } from './sgd';
import { jointGradients, jointParams, jointPredict, jointState, type JointModels } from './joint-step';

const X: ArchConfig = { inputSize: 64, widthMultiplier: 0.05, middleBlocks: 8, block14: false };

describe('jointGradients', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('trains block 13 and both heads together', () => {
    const m: JointModels = { xception: buildModel('xception', X, 3), wsdan: buildModel('wsdan-xception', { ...X, attentionMaps: 2 }, 4) };
    const params = jointParams(m);
    const names = Object.keys(params);
    expect(names.some((n) => n.startsWith('x:exit.'))).toBe(true);
    expect(names).toContain('x:fc.weight');
    expect(names).toContain('w:fc.weight');
    expect(names).toContain('w:attention.conv.weight');
    expect(names.some((n) => n.includes('middle') || n.includes('conv1') || n.startsWith('w:exit'))).toBe(false);

    const c = roundChannels(728, X.widthMultiplier);
    const x = tf.randomNormal([8, 4, 4, c], 0, 1, 'float32', 7) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32');
    const sgd = new Sgd(0.9, 0);
    const first = jointGradients(m, x, y, 1);
    expect(Object.keys(first.grads).sort()).toEqual(names.sort());
    for (const g of Object.values(first.grads)) expect(Number.isFinite(tf.sum(tf.abs(g)).dataSync()[0])).toBe(true);
    tf.dispose(Object.values(first.grads));
    let last = first;
    for (let i = 0; i < 30; i++) {
      last = jointGradients(m, x, y, 1);
      sgd.step(params, last.grads, 0.1);
      tf.dispose(Object.values(last.grads));
    }
    expect(last.lossX).toBeLessThan(first.lossX * 0.8);
    expect(last.lossW).toBeLessThan(first.lossW);
    const p = jointPredict(m, x);
    expect(p.x.shape).toEqual([8]);
    tf.dispose([x, y, p.x, p.w, p.dx, p.dw]);
  });

  it('with two fine-tuned blocks, starts from block 11 and trains block 12 as well', () => {
    const m: JointModels = { xception: buildModel('xception', X, 3), wsdan: buildModel('wsdan-xception', { ...X, attentionMaps: 2 }, 4) };
    const names = Object.keys(jointParams(m, 2));
    expect(names.some((n) => n.startsWith('x:middle7.'))).toBe(true);
    expect(names.some((n) => n.startsWith('x:exit.'))).toBe(true);
    expect(names.some((n) => n.startsWith('x:middle6.') || n.startsWith('w:middle'))).toBe(false);
    expect(Object.keys(jointState(m, 2)).some((n) => n.startsWith('x:middle7.'))).toBe(true);
    expect(Object.keys(jointState(m, 1)).some((n) => n.startsWith('x:middle7.'))).toBe(false);

    const c = roundChannels(728, X.widthMultiplier);
    const x = tf.randomNormal([4, 4, 4, c], 0, 1, 'float32', 8) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 0, 1], 'int32');
    const g = jointGradients(m, x, y, 1, 2);
    expect(Object.keys(g.grads).sort()).toEqual(names.sort());
    // Block 12's kernels get a gradient (the step runs block 12, not just reads its input).
    const pw = Object.entries(g.grads).find(([n]) => n.startsWith('x:middle7.') && n.endsWith('pw.weight'))![1];
    expect(tf.sum(tf.abs(pw)).dataSync()[0]).toBeGreaterThan(0);
    // The same input read as block 12's output (one block fine-tuned) gives other scores.
    const deep = jointPredict(m, x, 2);
    const shallow = jointPredict(m, x, 1);
    expect(tf.max(tf.abs(tf.sub(deep.dx, shallow.dx))).dataSync()[0]).toBeGreaterThan(1e-4);
    tf.dispose([x, y, ...Object.values(g.grads), deep.x, deep.w, deep.dx, deep.dw, shallow.x, shallow.w, shallow.dx, shallow.dw]);
  });
});
