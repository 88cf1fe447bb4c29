import { describe, expect, it } from 'vitest';
import { numberFlag, parseFlags } from './args';

const OPTIONS = { size: { type: 'string' }, backfill: { type: 'boolean' } } as const;

describe('parseFlags', () => {
  it('reads known flags in both spellings', () => {
    expect(parseFlags(['--size', '160', '--backfill'], OPTIONS, 'x').values).toEqual({ size: '160', backfill: true });
    expect(parseFlags(['--size=96'], OPTIONS, 'x').values).toEqual({ size: '96' });
  });

  it('refuses a mistyped flag, naming the known ones and the usage', () => {
    expect(() => parseFlags(['--sise', '160'], OPTIONS, 'npm run features -- [--size 160]')).toThrow(/Unknown option '--sise'[\s\S]*known options: --size VALUE --backfill[\s\S]*usage: npm run features/);
  });

  it('refuses a flag whose value is missing or is another flag', () => {
    expect(() => parseFlags(['--size'], OPTIONS, 'x')).toThrow(/--size/);
    expect(() => parseFlags(['--size', '--backfill'], OPTIONS, 'x')).toThrow(/ambiguous/);
  });

  it('refuses stray positionals unless the script takes them', () => {
    expect(() => parseFlags(['160'], OPTIONS, 'x')).toThrow(/Unexpected argument '160'/);
    expect(parseFlags(['a.mp4', '--backfill'], OPTIONS, 'x', true).positionals).toEqual(['a.mp4']);
  });
});

describe('numberFlag', () => {
  it('gives the fallback when absent and the number when given', () => {
    expect(numberFlag(undefined, 'size', 160)).toBe(160);
    expect(numberFlag('0.0015', 'lr', 0.005)).toBe(0.0015);
  });

  it('refuses what is not a finite number', () => {
    for (const bad of ['', 'abc', '1e999', '12px']) expect(() => numberFlag(bad, 'size', 160)).toThrow(`--size must be a number, got "${bad}"`);
  });
});
