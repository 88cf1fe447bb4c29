// The page on each backend: a real and a fake video each end in a verdict with per-frame scores,
// face crops and each model's score, on WebGPU (software adapter) and on the WASM fallback.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { analyzeFile, detectorUrl, openDetector } from '../scan/page-driver';
import { DETECTOR_NAMES, TASKS_VISION_MODEL_DIR, TASKS_VISION_MODELS, TASKS_VISION_WASM_DIR, TASKS_VISION_WASM_FILES } from '../src/pipeline/detector-files';
import { DIST, E2E_FRAMES, SCREENSHOTS, sharedVideos } from './data';
import { expect, shot, test } from './fixtures';
import { expectScored, expectVerdictShown } from './page-checks';

const STARTUP_MS = 600_000;
const ANALYSIS_MS = 420_000;
/**
 * Frames per video on WebGPU. SwiftShader's software WebGPU is slow here: measured 110 s start-up
 * and about 60 s per frame (face detection dominates) on the 2-core machine, against 12 s for 8
 * frames on WASM (docs/decisions.md), so the WebGPU run samples fewer frames to keep CI bounded.
 */
const WEBGPU_FRAMES = Number(process.env.E2E_WEBGPU_FRAMES ?? 2);

for (const backend of ['webgpu', 'wasm'] as const) {
  test(`page on ${backend}: a real and a fake video show a verdict, per-frame scores and face crops`, async ({ browser, server }) => {
    const { real, fake } = sharedVideos();
    const frames = backend === 'webgpu' ? WEBGPU_FRAMES : E2E_FRAMES;
    const url = detectorUrl(server.url, { backend, frames });
    const dp = await openDetector(browser, url, STARTUP_MS);
    try {
      expect(dp.backend, 'the backend the page runs on').toBe(backend);
      const engine = dp.page.getByTestId('engine');
      await expect(engine, 'the backend the page shows').toHaveAttribute('data-backend', backend);
      // tasks-vision's same-origin wasm changes neither the isolation (COOP/COEP) nor tfjs's threads.
      await expect.poll(() => dp.page.evaluate(() => self.crossOriginIsolated), { message: 'the page is not cross-origin isolated' }).toBe(true);
      if (backend === 'wasm') {
        await expect(engine, 'the engine line: threads').toContainText(/\d+ threads?/);
        await expect(engine, 'the engine line').not.toContainText(/not cross-origin isolated/);
      }
      await shot(dp.page, `${backend}-idle`);
      for (const file of [real, fake]) {
        if (SCREENSHOTS !== null && file === real) {
          // Catch the page mid-analysis once (its first frame shown): progress by stage and the cancel button.
          void dp.page
            .locator('[data-testid=timeline] [data-frame-index]')
            .first()
            .waitFor({ timeout: ANALYSIS_MS })
            .then(() => shot(dp.page, `${backend}-analysing`))
            .catch(() => undefined);
        }
        const r = await analyzeFile(dp, file, ANALYSIS_MS);
        expectScored(r, file);
        expect(r.backend, `${file} was analysed on`).toBe(backend);
        expect(r.frames.length, `${file}: frames sampled, asked for ${frames}`).toBe(frames);
        await expectVerdictShown(dp.page, r);
        await shot(dp.page, `${backend}-verdict-${r.file.replace(/\.\w+$/, '')}`);
        console.log(`  ${r.file}: ${r.label} ${r.score?.toFixed(3)} (${r.frames.filter((f) => f.score !== null).length}/${r.frames.length} frames with a face, ${(r.timings.totalMs / 1000).toFixed(1)} s)`);
      }
      await checkReport(dp.page);
      expect(dp.errors, 'the page logged errors').toEqual([]);
    } finally {
      await dp.close();
    }
  });
}

/** The downloaded report names each served model by the SHA-256 of the manifest.json actually served,
 *  and the face detector the worker ran (tasks-vision) by the SHA-256 of its served files. */
async function checkReport(page: Page): Promise<void> {
  const download = page.waitForEvent('download');
  await page.getByTestId('download-report').click();
  const report = JSON.parse(await readFile(await (await download).path(), 'utf8')) as {
    app: { version: string };
    models: { name: string; manifestSha256: string | null; files: unknown[] }[];
    faceDetector: { name: string; files: { path: string; sha256: string }[]; provenanceError: string | null };
    result: { score: number | null };
  };
  const fd = report.faceDetector;
  expect(fd.name, `report: face detector ${JSON.stringify(fd)}`).toBe(DETECTOR_NAMES['tasks-vision']);
  expect(fd.provenanceError, 'report: face detector provenance').toBeNull();
  const expected = [...Object.values(TASKS_VISION_MODELS).map((m) => `${TASKS_VISION_MODEL_DIR}/${m}`), ...TASKS_VISION_WASM_FILES.map((f) => `${TASKS_VISION_WASM_DIR}/${f}`)];
  expect(fd.files.map((f) => f.path), 'report: face detector files').toEqual(expected);
  for (const f of fd.files) {
    const sha = createHash('sha256').update(await readFile(join(DIST, f.path))).digest('hex');
    expect(f.sha256, `report: ${f.path} SHA-256, against the served file's`).toBe(sha);
  }
  expect(report.models.length, 'the report lists no models').toBeGreaterThan(0);
  for (const m of report.models) {
    const served = await readFile(join(DIST, 'models', m.name, 'manifest.json'));
    const sha = createHash('sha256').update(served).digest('hex');
    expect(m.manifestSha256, `report: ${m.name} manifest SHA-256, against the served file's`).toBe(sha);
    expect(m.files.length, `report: ${m.name} lists no weight files`).toBeGreaterThan(0);
  }
}
