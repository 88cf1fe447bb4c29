// The page on each backend: a real and a fake video each end in a verdict with per-frame scores,
// face crops and each model's score, on WebGPU (software adapter) and on the WASM fallback.
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { analyzeFile, detectorUrl, openDetector } from '../scan/page-driver';
import type { E2EContext } from './run';
import { sharedVideos } from './data';
import { assert, type TestCase } from './harness';
import { assertScored, assertVerdictShown } from './page-checks';

const STARTUP_MS = 600_000;
const ANALYSIS_MS = 300_000;

async function shot(ctx: E2EContext, page: Page, name: string): Promise<void> {
  if (ctx.screenshots !== null) await page.screenshot({ path: join(ctx.screenshots, `${name}.png`), fullPage: true });
}

function backendTest(ctx: E2EContext, backend: 'webgpu' | 'wasm'): TestCase {
  return {
    name: `page on ${backend}: a real and a fake video show a verdict, per-frame scores and face crops`,
    async run() {
      const { real, fake } = sharedVideos();
      const url = detectorUrl(ctx.server.url, { backend, frames: ctx.frames });
      const dp = await openDetector(ctx.browser, url, STARTUP_MS);
      try {
        assert(dp.backend === backend, `the page runs on ${dp.backend}, not ${backend}`);
        const engine = await dp.page.getByTestId('engine').getAttribute('data-backend');
        assert(engine === backend, `the page shows backend ${engine}`);
        await shot(ctx, dp.page, `${backend}-idle`);
        for (const file of [real, fake]) {
          if (ctx.screenshots !== null && file === real) {
            // Catch the page mid-analysis once: progress by stage and the cancel button.
            void dp.page
              .getByTestId('analysis-progress')
              .waitFor({ timeout: 60_000 })
              .then(() => dp.page.waitForTimeout(1500))
              .then(() => shot(ctx, dp.page, `${backend}-analysing`))
              .catch(() => undefined);
          }
          const r = await analyzeFile(dp, file, ANALYSIS_MS);
          assertScored(r, file);
          assert(r.backend === backend, `${file} was analysed on ${r.backend}`);
          await assertVerdictShown(dp.page, r);
          await shot(ctx, dp.page, `${backend}-verdict-${r.file.replace(/\.\w+$/, '')}`);
          console.log(`  ${r.file}: ${r.label} ${r.score?.toFixed(3)} (${r.frames.filter((f) => f.score !== null).length}/${r.frames.length} frames with a face, ${(r.timings.totalMs / 1000).toFixed(1)} s)`);
        }
        assert(dp.errors.length === 0, `the page logged errors: ${dp.errors.join(' | ')}`);
      } finally {
        await dp.close();
      }
    },
  };
}

export function pageTests(ctx: E2EContext): TestCase[] {
  return [backendTest(ctx, 'webgpu'), backendTest(ctx, 'wasm')];
}
