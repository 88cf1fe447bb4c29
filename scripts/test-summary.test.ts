import { describe, expect, it } from 'vitest';
import { add, playwrightCounts, summaryLine, vitestCounts } from './test-summary';

describe('test summary', () => {
  it('reads vitest and Playwright JSON reports and sums them into the closing line', () => {
    const unit = vitestCounts({ numPassedTests: 200, numFailedTests: 1, numPendingTests: 2, numTodoTests: 1, numTotalTests: 204 });
    const e2e = playwrightCounts({ stats: { expected: 40, unexpected: 2, flaky: 1, skipped: 1, duration: 1 } });
    expect(unit).toEqual({ passed: 200, failed: 1, skipped: 3 });
    expect(e2e).toEqual({ passed: 40, failed: 3, skipped: 1 });
    expect(summaryLine(add(unit, e2e))).toBe('240 passed, 4 failed, 4 skipped');
  });

  it('refuses a report of the wrong shape instead of counting zero', () => {
    expect(() => vitestCounts({ stats: {} })).toThrow('not a vitest JSON report');
    expect(() => playwrightCounts({ numPassedTests: 3 })).toThrow('not a Playwright JSON report');
  });
});
