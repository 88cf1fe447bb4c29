// A resumed run keeps its own schedule unless the command line names a setting (the shipped
// blocks 12-13 run was nearly resumed at the defaults' lr 0.005 x 0.5^epoch instead of its 0.0015 x 0.6^epoch).
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOINT, parseArgs, resumedConfig } from './feature-train';

describe('resumedConfig', () => {
  const saved = { ...DEFAULT_JOINT, lr: 0.0015, gamma: 0.6, fineTunedBlocks: 2, epochs: 3 };

  it("keeps the checkpoint's settings that the command line does not name", () => {
    const { cfg, given } = parseArgs(['--fineTunedBlocks', '2', '--resume']);
    const out = resumedConfig(saved, cfg, given);
    expect([out.lr, out.gamma, out.epochs, out.fineTunedBlocks]).toEqual([0.0015, 0.6, 3, 2]);
  });

  it('takes what the command line names (a warm restart)', () => {
    const { cfg, given } = parseArgs(['--resume', '--lr', '0.02', '--epochs', '5']);
    expect([...given].sort()).toEqual(['epochs', 'lr']);
    const out = resumedConfig(saved, cfg, given);
    expect([out.lr, out.gamma, out.epochs]).toEqual([0.02, 0.6, 5]);
  });

  it('fills a setting older checkpoints lack from the command line or the defaults', () => {
    const { fineTunedBlocks: _dropped, ...old } = saved;
    const { cfg, given } = parseArgs(['--resume']);
    expect(resumedConfig(old, cfg, given).fineTunedBlocks).toBe(DEFAULT_JOINT.fineTunedBlocks);
  });
});
