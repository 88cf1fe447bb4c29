// Counts from the two test runners' JSON reports, and the one closing line `npm test` prints
// (CI reads it): `N passed, N failed, N skipped`, summed over vitest and Playwright Test.

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export const NONE: Counts = { passed: 0, failed: 0, skipped: 0 };

/** vitest's JSON reporter (Jest's shape). */
export function vitestCounts(report: unknown): Counts {
  const r = report as { numPassedTests?: unknown; numFailedTests?: unknown; numPendingTests?: unknown; numTodoTests?: unknown };
  if (typeof r?.numPassedTests !== 'number' || typeof r.numFailedTests !== 'number') throw new Error('not a vitest JSON report');
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: num(r.numPendingTests) + num(r.numTodoTests) };
}

/** Playwright Test's JSON reporter: expected = passed, unexpected = failed; flaky cannot happen
 *  with retries 0 but would count as failed (a test that needed a retry is not a pass here). */
export function playwrightCounts(report: unknown): Counts {
  const s = (report as { stats?: { expected?: unknown; unexpected?: unknown; flaky?: unknown; skipped?: unknown } })?.stats;
  if (typeof s?.expected !== 'number' || typeof s.unexpected !== 'number') throw new Error('not a Playwright JSON report');
  return { passed: s.expected, failed: s.unexpected + num(s.flaky), skipped: num(s.skipped) };
}

export function add(...all: Counts[]): Counts {
  return all.reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped }), NONE);
}

export function summaryLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
