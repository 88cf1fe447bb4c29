import { describe, expect, it } from 'vitest';
import { assert, runTests, skip, summaryLine } from './harness';

describe('runTests', () => {
  it('counts passes, failures and skips, and keeps going after a failure', async () => {
    const lines: string[] = [];
    const out = await runTests(
      [
        { name: 'a', run: async () => assert(1 + 1 === 2, 'math') },
        { name: 'b', run: async () => assert(false, 'b failed on purpose') },
        { name: 'c', run: async () => skip('no data') },
        { name: 'd', run: async () => undefined },
      ],
      (s) => lines.push(s),
    );
    expect(out.map((o) => o.status)).toEqual(['passed', 'failed', 'skipped', 'passed']);
    expect(out[1]!.detail).toContain('b failed on purpose');
    expect(summaryLine(out)).toBe('e2e: 2 passed, 1 failed, 1 skipped');
    expect(lines.some((l) => l.startsWith('- c: skipped: no data'))).toBe(true);
  });
});
