// The page on each backend: a real and a fake video each end in a verdict with per-frame scores,
// face crops and each model's score, on WebGPU (software adapter) and on the WASM fallback.
import type { Page } from 'playwright-core';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIST } from '../scan/scan';
import { analyzeFile, detectorUrl, openDetector } from '../scan/page-driver';
import type { E2EContext } from './run';
import { sharedVideos } from './data';
import { assert, type TestCase } from './harness';
import { assertScored, assertVerdictShown } from './page-checks';

const STARTUP_MS = 600_000;
const ANALYSIS_MS = 420_000;
/**
 * Frames per video on WebGPU. SwiftShader's software WebGPU is slow here: measured 110 s start-up
 * and about 60 s per frame (face detection dominates) on the 2-core machine, against 12 s for 8
 * frames on WASM (docs/decisions.md), so the WebGPU run samples fewer frames to keep CI bounded.
 */
const WEBGPU_FRAMES = Number(process.env.E2E_WEBGPU_FRAMES ?? 2);

async function shot(ctx: E2EContext, page: Page, name: string): Promise<void> {
  if (ctx.screenshots !== null) await page.screenshot({ path: join(ctx.screenshots, `${name}.png`), fullPage: true });
}

function backendTest(ctx: E2EContext, backend: 'webgpu' | 'wasm'): TestCase {
  return {
    name: `page on ${backend}: a real and a fake video show a verdict, per-frame scores and face crops`,
    async run() {
      const { real, fake } = sharedVideos();
      const frames = backend === 'webgpu' ? WEBGPU_FRAMES : ctx.frames;
      const url = detectorUrl(ctx.server.url, { backend, frames });
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
          assert(r.frames.length === frames, `${file}: ${r.frames.length} frames sampled, asked for ${frames}`);
          await assertVerdictShown(dp.page, r);
          await shot(ctx, dp.page, `${backend}-verdict-${r.file.replace(/\.\w+$/, '')}`);
          console.log(`  ${r.file}: ${r.label} ${r.score?.toFixed(3)} (${r.frames.filter((f) => f.score !== null).length}/${r.frames.length} frames with a face, ${(r.timings.totalMs / 1000).toFixed(1)} s)`);
        }
        await checkReport(dp.page);
        assert(dp.errors.length === 0, `the page logged errors: ${dp.errors.join(' | ')}`);
      } finally {
        await dp.close();
      }
    },
  };
}

/** The downloaded report names each served model by the SHA-256 of the manifest.json actually served. */
async function checkReport(page: Page): Promise<void> {
  const download = page.waitForEvent('download');
  await page.getByTestId('download-report').click();
  const report = JSON.parse(await readFile(await (await download).path(), 'utf8')) as {
    app: { version: string };
    models: { name: string; manifestSha256: string | null; files: unknown[] }[];
    result: { score: number | null };
  };
  assert(report.models.length > 0, 'the report lists no models');
  for (const m of report.models) {
    const served = await readFile(join(DIST, 'models', m.name, 'manifest.json'));
    const sha = createHash('sha256').update(served).digest('hex');
    assert(m.manifestSha256 === sha, `report: ${m.name} manifest SHA-256 ${m.manifestSha256}, served ${sha}`);
    assert(m.files.length > 0, `report: ${m.name} lists no weight files`);
  }
}

export function pageTests(ctx: E2EContext): TestCase[] {
  return [backendTest(ctx, 'webgpu'), backendTest(ctx, 'wasm')];
}
