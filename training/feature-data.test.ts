// The cross-domain screen's videos choose between candidates; a cache of them must never train one.
import { describe, expect, it } from 'vitest';
import { refuseEvalOnly, type EvalOnlyMarker } from './feature-data';

const marker: EvalOnlyMarker = { evalOnly: true, recipe: '160-sbi', size: 160, inputRegion: { left: 0, top: 0, size: 1 }, stages: ['middle6'], frames: 16, source: '/v', labels: '/l.csv', createdAt: '' };

describe('refuseEvalOnly', () => {
  it('lets a training cache through', () => {
    expect(() => refuseEvalOnly('160-sbi', null, [{ split: 'train' }, { split: 'val' }])).not.toThrow();
  });
  it('refuses a cache with the evaluation-only marker', () => {
    expect(() => refuseEvalOnly('dfl-screen-16', marker, [])).toThrow(/evaluation-only .*marker/);
  });
  it('refuses screen rows copied into a training cache\'s index', () => {
    expect(() => refuseEvalOnly('160-sbi', null, [{ split: 'train' }, { split: 'eval', evalOnly: true }])).toThrow(/index line 2/);
    expect(() => refuseEvalOnly('160-sbi', null, [{ split: 'train', evalOnly: true }])).toThrow(/index line 1/);
    expect(() => refuseEvalOnly('160-sbi', null, [{ split: 'eval' }])).toThrow(/evaluation-only/);
  });
});
