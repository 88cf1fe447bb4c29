import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_CODES_TEXT, EXIT_PRECEDENCE } from './exit-codes';

describe('exit codes', () => {
  it('are distinct, and --help and README list each one in the order of precedence', () => {
    const codes = Object.values(EXIT);
    expect(new Set(codes).size).toBe(codes.length);
    const helpOrder = [...EXIT_CODES_TEXT.matchAll(/^ {2}(\d) {2}/gm)].map((m) => Number(m[1]));
    expect(helpOrder.slice(0, EXIT_PRECEDENCE.length)).toEqual([...EXIT_PRECEDENCE]);
    expect(new Set(helpOrder)).toEqual(new Set(codes));
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const readmeOrder = [...readme.matchAll(/^\| (\d) \| /gm)].map((m) => Number(m[1]));
    expect(readmeOrder).toEqual(helpOrder);
  });
});
