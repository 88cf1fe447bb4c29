import { describe, expect, it } from 'vitest';
import { EMPTY_CASE, parseCase } from './use-case-fields';

describe('parseCase', () => {
  it('reads back what was stored, and anything else as empty', () => {
    expect(parseCase(JSON.stringify({ sourceUrl: 'u', analyst: 'a', notes: 'n' }))).toEqual({ sourceUrl: 'u', analyst: 'a', notes: 'n' });
    expect(parseCase(JSON.stringify({ sourceUrl: 3 }))).toEqual(EMPTY_CASE);
    expect(parseCase('{not json')).toEqual(EMPTY_CASE);
    expect(parseCase(null)).toEqual(EMPTY_CASE);
  });
});
