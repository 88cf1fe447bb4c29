import { describe, expect, it } from 'vitest';
import type { JointCheckpoint } from './joint-checkpoint';
import { DEFAULT_JOINT } from './joint-config';
import { shippedMeta } from './shipped-checkpoint';

const check = (imagesSeen: number, epoch: number, full: boolean): JointCheckpoint['history'][number] => {
  const m = { auc: 0.8, logloss: 0.5, acc: 0.7, n: 10 };
  return { imagesSeen, epoch, loss: 0.6, lossX: 0.6, lossW: 0.6, lr: 0.001, valA: { xception: m, wsdan: m, mean: m, full } };
};
const recipe = (history: JointCheckpoint['history']) => ({ ...DEFAULT_JOINT, fineTunedBlocks: 2, lrSchedule: 'x', imagesSeen: history[history.length - 1]!.imagesSeen, trainSeconds: 9, history, best: { imagesSeen: 1, auc: 0.8 } });

describe('shippedMeta', () => {
  it('continues inside the epoch of the last check, after the images seen since that epoch began', () => {
    const meta = shippedMeta(recipe([check(60, 0, false), check(100, 0, true), check(160, 1, false), check(200, 1, true), check(250, 2, false)]), '', 'ab'.repeat(32));
    expect(meta).toMatchObject({ epoch: 2, position: 50, imagesSeen: 250, trainSeconds: 9, continuedFrom: { imagesSeen: 250 } });
    expect(meta.config).toEqual({ ...DEFAULT_JOINT, fineTunedBlocks: 2 });
  });

  it('starts the next epoch when the last check ended one', () => {
    expect(shippedMeta(recipe([check(100, 0, true), check(200, 1, true)]), '', 'ab'.repeat(32))).toMatchObject({ epoch: 2, position: 0 });
    expect(shippedMeta(recipe([check(60, 0, false)]), '', 'ab'.repeat(32))).toMatchObject({ epoch: 0, position: 60 });
  });

  it('keeps the warm start an older manifest states only in words, and refuses a recipe without history', () => {
    const meta = shippedMeta(recipe([check(60, 0, false)]), "blocks 12-13 fine-tuned, started from a 238080-image block-13 run's checkpoint (block 12 from ImageNet)", 'ab'.repeat(32));
    expect(meta.initFrom?.imagesSeen).toBe(238080);
    expect(() => shippedMeta({ ...recipe([check(1, 0, false)]), history: [] }, '', 'ab')).toThrow(/no training history/);
  });
});
