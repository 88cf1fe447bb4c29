// A deliberately small test runner for the end-to-end tests: tests run one after another (they
// share one Chromium and the CPU), each may skip itself with a reason, and the last line is
// exactly `e2e: N passed, N failed, N skipped`. Exit code 1 when anything failed.

export class Skip extends Error {}

export interface TestCase {
  name: string;
  run(): Promise<void>;
}

export interface Outcome {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  detail: string | null;
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function skip(reason: string): never {
  throw new Skip(reason);
}

export async function runTests(tests: readonly TestCase[], log: (s: string) => void = (s) => console.log(s)): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const t of tests) {
    const t0 = performance.now();
    log(`▶ ${t.name}`);
    let o: Outcome;
    try {
      await t.run();
      o = { name: t.name, status: 'passed', ms: performance.now() - t0, detail: null };
    } catch (err) {
      const ms = performance.now() - t0;
      if (err instanceof Skip) o = { name: t.name, status: 'skipped', ms, detail: err.message };
      else o = { name: t.name, status: 'failed', ms, detail: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    const secs = `${(o.ms / 1000).toFixed(1)} s`;
    if (o.status === 'passed') log(`✓ ${t.name} (${secs})`);
    else if (o.status === 'skipped') log(`- ${t.name}: skipped: ${o.detail} (${secs})`);
    else log(`✗ ${t.name} (${secs})\n${o.detail}`);
    outcomes.push(o);
  }
  return outcomes;
}

export function summaryLine(outcomes: readonly Outcome[]): string {
  const n = (s: Outcome['status']): number => outcomes.filter((o) => o.status === s).length;
  return `e2e: ${n('passed')} passed, ${n('failed')} failed, ${n('skipped')} skipped`;
}
