// `npm test`: the unit tests (vitest), the build, then the e2e tests (Playwright Test) on it, and
// one closing line summing both runners: `N passed, N failed, N skipped` (CI reads it). A build
// that fails counts as one failure and skips the e2e run (there is nothing to test). Extra
// arguments go to Playwright (`npm test -- --grep cancel`). Exit 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { add, NONE, playwrightCounts, summaryLine, vitestCounts, type Counts } from './test-summary';

const OUT = 'test-results';
const VITEST_JSON = join(OUT, 'vitest.json');
const E2E_JSON = join(OUT, 'e2e.json'); // playwright.config.ts writes it

function run(command: string, args: string[]): number {
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
  return r.status ?? 1;
}

/** The runner's own counts; a runner that died before writing them counts as one failure. */
function counts(what: string, file: string, read: (json: unknown) => Counts): Counts {
  try {
    return read(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    console.log(`${what}: no report (${err instanceof Error ? err.message : String(err)}): counted as 1 failed`);
    return { ...NONE, failed: 1 };
  }
}

mkdirSync(OUT, { recursive: true });
for (const f of [VITEST_JSON, E2E_JSON]) rmSync(f, { force: true });

const npx = 'npx';
const vitestCode = run(npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`]);
const unit = counts('vitest', VITEST_JSON, vitestCounts);
if (vitestCode !== 0 && unit.failed === 0) unit.failed = 1; // it failed without a failing test (e.g. a file that does not load)

let build: Counts = NONE;
let bench: Counts = NONE;
let e2e: Counts = NONE;
if (run('npm', ['run', '-s', 'build']) !== 0) {
  console.log('build: failed: counted as 1 failed; the bench and e2e tests need the built app and were not run');
  build = { ...NONE, failed: 1 };
} else {
  // `npm run bench -- --short`: one clip through the built page; it checks its JSON is complete and
  // sane (never a time), and counts as one test.
  const benchOk = run('npm', ['run', '-s', 'bench:short']) === 0;
  bench = { ...NONE, passed: benchOk ? 1 : 0, failed: benchOk ? 0 : 1 };
  if (!benchOk) console.log('bench --short: failed: counted as 1 failed');
  const e2eCode = run(npx, ['playwright', 'test', ...process.argv.slice(2)]);
  e2e = existsSync(E2E_JSON) ? counts('e2e', E2E_JSON, playwrightCounts) : { ...NONE, failed: 1 };
  if (e2eCode !== 0 && e2e.failed === 0) e2e.failed = 1;
  if (e2e.failed > 0) console.log(`e2e: traces and the HTML report are in ${join(OUT, 'e2e-report')} (npx playwright show-report ${join(OUT, 'e2e-report')})`);
}

console.log(`vitest: ${summaryLine(unit)}`);
console.log(`bench --short: ${summaryLine(bench)}`);
console.log(`e2e: ${summaryLine(e2e)}`);
const total = add(unit, build, bench, e2e);
console.log(summaryLine(total));
process.exitCode = total.failed > 0 ? 1 : 0;
