// A resumed run keeps its own schedule unless the command line names a setting (the shipped
// blocks 12-13 run was nearly resumed at the defaults' lr 0.005 x 0.5^epoch instead of its 0.0015 x 0.6^epoch).
import { describe, expect, it } from 'vitest';
import { parseArgs, resumedConfig } from './feature-train';
import { DEFAULT_JOINT } from './joint-config';

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

describe('parseArgs', () => {
  it('reads every DEFAULT_JOINT key, --init and --resume, with the defaults elsewhere', () => {
    const { cfg, given, resume, init } = parseArgs(['--cache', '160-sbi', '--fakes', 'sbi', '--checkEvery', '2816', '--init', '/tmp/a.ckpt']);
    expect(cfg).toEqual({ ...DEFAULT_JOINT, cache: '160-sbi', fakes: 'sbi', checkEvery: 2816 });
    expect([...given].sort()).toEqual(['cache', 'checkEvery', 'fakes']);
    expect([resume, init]).toEqual([false, '/tmp/a.ckpt']);
  });

  it('refuses a mistyped flag, a bad number and an unknown depth', () => {
    expect(() => parseArgs(['--fineTunedBlock', '2'])).toThrow(/Unknown option '--fineTunedBlock'/);
    expect(() => parseArgs(['--lr', '0.o1'])).toThrow('--lr must be a number, got "0.o1"');
    expect(() => parseArgs(['--fineTunedBlocks', '3'])).toThrow(/--fineTunedBlocks is 1/);
  });
});
