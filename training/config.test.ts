import { describe, expect, it } from 'vitest';
import { applyOverrides, baseConfig, describeDifferences } from './config';
import { parseArgs } from './train';

describe('training config', () => {
  it('every model has a cpu and a full config; cpu names its differences from the seed', () => {
    for (const m of ['xception', 'wsdan-xception', 'wsdan-efficientnet-b3'] as const) {
      const full = baseConfig(m, 'full');
      const cpu = baseConfig(m, 'cpu');
      expect(cpu.arch.inputSize).toBeLessThan(full.arch.inputSize);
      expect(describeDifferences(cpu, 100)).toMatch(/input \d+ px instead of .*100 training crops/);
      expect(Boolean(cpu.wsdan)).toBe(m !== 'xception');
    }
    expect(baseConfig('wsdan-xception', 'full').optimizer).toMatchObject({ lr: 1e-3, momentum: 0.9, weightDecay: 1e-5, gamma: 0.95 });
  });

  it('overrides set nested keys with their type and reject unknown keys and bad values', () => {
    const cfg = applyOverrides(baseConfig('wsdan-xception', 'cpu'), { epochs: '3', 'optimizer.lr': '0.05', 'wsdan.cropTheta': '0.3,0.5', augment: 'false' });
    expect(cfg.epochs).toBe(3);
    expect(cfg.optimizer.lr).toBe(0.05);
    expect(cfg.wsdan!.cropTheta).toEqual([0.3, 0.5]);
    expect(cfg.augment).toBe(false);
    expect(() => applyOverrides(cfg, { epoch: '3' })).toThrow(/Unknown config key "epoch"/);
    expect(() => applyOverrides(cfg, { 'optimizer.lrate': '1' })).toThrow(/Unknown config key/);
    expect(() => applyOverrides(cfg, { epochs: 'many' })).toThrow(/needs a number/);
    expect(() => applyOverrides(cfg, { optimizer: '1' })).toThrow(/is a section/);
  });

  it('command-line parsing needs a known model and values for options', () => {
    expect(parseArgs(['--model', 'xception', '--epochs', '2', '--resume'])).toEqual({ model: 'xception', config: 'cpu', resume: true, overrides: { epochs: '2' } });
    expect(() => parseArgs(['--model', 'resnet'])).toThrow(/--model must be one of/);
    expect(() => parseArgs(['--model', 'xception', '--epochs'])).toThrow(/needs a value/);
  });
});
