// End-to-end tests: the built app (dist/) served on 127.0.0.1, driven in Debian Chromium through
// playwright-core. Run with `npm run e2e` (after `npm run build`). Environment:
//   E2E_FRAMES        frames sampled per video (default 8: keeps CI fast)
//   E2E_SCREENSHOTS   a folder to save screenshots of the page in (idle, analysing, verdict)
//   E2E_ONLY          run only the tests whose name matches this regular expression
//   CHROMIUM_PATH     Chromium executable (default /usr/bin/chromium)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../scan/browser';
import { startStaticServer, type StaticServer } from '../scan/serve';
import { DIST } from '../scan/scan';
import { runTests, summaryLine, type TestCase } from './harness';
import { apiTests } from './api.e2e';
import { badInputTests } from './bad-input.e2e';
import { pageTests } from './page.e2e';
import { privacyTests } from './privacy.e2e';
import { readmeTests } from './readme.e2e';
import { resourceTests } from './resources.e2e';
import { scanCliTests } from './scan-cli.e2e';
import { scanTests } from './scan.e2e';
import { uiTests } from './ui.e2e';
import { webgpuTests } from './webgpu.e2e';

export interface E2EContext {
  browser: Browser;
  server: StaticServer;
  frames: number;
  screenshots: string | null;
}

async function main(): Promise<number> {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.log(`e2e: the built app is missing (${DIST}); run \`npm run build\` first.`);
    console.log('e2e: 0 passed, 1 failed, 0 skipped');
    return 1;
  }
  const t0 = performance.now();
  const server = await startStaticServer(DIST);
  const browser = await launchChromium();
  const ctx: E2EContext = {
    browser,
    server,
    frames: Number(process.env.E2E_FRAMES ?? 8),
    screenshots: process.env.E2E_SCREENSHOTS ?? null,
  };
  const tests: TestCase[] = [...uiTests(ctx), ...webgpuTests(ctx), ...pageTests(ctx), ...privacyTests(ctx), ...scanTests(ctx), ...scanCliTests(ctx), ...apiTests(ctx), ...readmeTests(ctx), ...badInputTests(ctx), ...resourceTests(ctx)];
  const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;
  const outcomes = await runTests(only ? tests.filter((t) => only.test(t.name)) : tests).finally(async () => {
    await browser.close().catch(() => undefined);
    await server.close();
  });
  console.log(`e2e: finished in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  console.log(summaryLine(outcomes));
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.log(`e2e: could not run: ${err instanceof Error ? err.message : String(err)}`);
    console.log('e2e: 0 passed, 1 failed, 0 skipped');
    process.exitCode = 1;
  },
);
