// Just enough of @playwright/test's `test` and `expect` to run the README's Playwright example in
// this runner (which drives playwright-core itself): `test` records the test, `expect` throws on a
// failed match. Only the matchers the README uses; anything else fails loudly.
import { isDeepStrictEqual } from 'node:util';
import type { Page } from 'playwright-core';

export interface RecordedTest {
  name: string;
  fn(fixtures: { page: Page }): Promise<void>;
}

export const recorded: RecordedTest[] = [];

export function test(name: string, fn: RecordedTest['fn']): void {
  recorded.push({ name, fn });
}

type Matchers = {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeNull(): void;
  toMatch(re: RegExp): void;
};

function matchers(actual: unknown, negate: boolean): Matchers {
  const check = (ok: boolean, what: string): void => {
    if (ok === negate) throw new Error(`expect(${JSON.stringify(actual)})${negate ? '.not' : ''}.${what}`);
  };
  return {
    toBe: (expected) => check(Object.is(actual, expected), `toBe(${JSON.stringify(expected)})`),
    toEqual: (expected) => check(isDeepStrictEqual(actual, expected), `toEqual(${JSON.stringify(expected)})`),
    toBeNull: () => check(actual === null, 'toBeNull()'),
    toMatch: (re) => check(typeof actual === 'string' && re.test(actual), `toMatch(${String(re)})`),
  };
}

export function expect(actual: unknown): Matchers & { not: Matchers } {
  return { ...matchers(actual, false), not: matchers(actual, true) };
}
