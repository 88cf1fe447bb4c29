// End-to-end tests on Playwright Test: the built app (dist/) served on 127.0.0.1 (e2e/fixtures.ts),
// driven in Debian's Chromium. Nothing is downloaded: the browser is the machine's own
// (CHROMIUM_PATH, else /usr/bin/chromium). Run with `npm run e2e` after `npm run build`;
// `npm run e2e -- --grep cancel` runs the matching tests. Environment:
//   E2E_FRAMES        frames sampled per video (default 8: keeps CI fast)
//   E2E_SCREENSHOTS   a folder to save screenshots of the page in (idle, analysing, verdict)
//   CHROMIUM_PATH     Chromium executable (default /usr/bin/chromium)
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './scan/browser';

const executablePath = chromiumExecutable();
if (executablePath === undefined) {
  throw new Error('e2e: no Chromium found: install Debian\'s (apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable.');
}

export default defineConfig({
  testDir: 'e2e',
  // *.e2e.ts: the e2e specs; e2e/**/*.test.ts are vitest unit tests of the helpers.
  testMatch: '**/*.e2e.ts',
  // One worker, files and tests in order: the tests share two CPU cores with the page's worker,
  // and several measure time or memory, which parallel tests would disturb.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // No per-test wall-clock budget below what the slowest test needs on a busy 2-core machine
  // (WebGPU on SwiftShader starts in minutes); each wait inside a test is on state, with its own bound.
  timeout: 40 * 60_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  outputDir: 'test-results/e2e',
  reporter: [
    ['list'],
    ['html', { outputFolder: 'test-results/e2e-report', open: 'never' }],
    ['json', { outputFile: 'test-results/e2e.json' }],
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath, args: [...CHROMIUM_ARGS] },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    acceptDownloads: true,
    // The page speaks the browser's language (src/i18n): the specs read English unless they ask for
    // another (e2e/languages.e2e.ts), whatever the machine's own locale.
    locale: 'en-US',
  },
});
