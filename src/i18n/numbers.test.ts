import { describe, expect, it } from 'vitest';
import { formatPercent } from '../percent';
import { decimalIn, decimalMark, intervalIn, percentIn } from './numbers';

describe('numbers per language', () => {
  it('writes English percentages exactly as the pipeline does', () => {
    expect([0, 0.004, 0.01, 0.333, 0.45, 0.455, 0.5, 0.995, 1, Number.NaN].map((p) => formatPercent(p))).toEqual(['<1%', '<1%', '1%', '33%', '45%', '46%', '50%', '>99%', '>99%', '–']);
  });
  it('writes French and Spanish percentages with their space before the sign', () => {
    expect(percentIn('fr', 0.45)).toMatch(/^45\s%$/);
    expect(percentIn('es', 0.45)).toMatch(/^45\s%$/);
    expect(percentIn('fr', 0.001)).toMatch(/^<1\s%$/);
  });
  it('writes ranges with the sign once', () => {
    expect(intervalIn('en', [0.33, 0.45])).toBe('33–45%');
    expect(intervalIn('fr', [0.33, 0.45])).toMatch(/^33–45\s%$/);
    expect(intervalIn('en', [0.451, 0.449])).toBe('45%');
  });
  it('writes decimals with the language\'s mark', () => {
    expect(decimalIn('en', 0.8664, 3)).toBe('0.866');
    expect(decimalIn('fr', 0.8664, 3)).toBe('0,866');
    expect(decimalIn('es', null, 3)).toBe('–');
    expect(decimalMark('es')).toBe(',');
  });
});
