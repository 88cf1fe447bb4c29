// Issue 27, the input-quality reading, on the real page (wasm): copies of a shared clip made here
// with ffmpeg (runtime-fixtures.ts qualityCopies). A clean copy gets the reading and no caution; a
// heavily re-encoded copy of the same seconds gets "heavily compressed" beside its verdict, first
// in the report's warnings and in the HTML report; a letterboxed copy has its bars found. The page
// stays axe-clean with the caution shown. Every wait is on the page's state.
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { analyzeReport, detectorUrl, openDetector, type DetectorPage } from '../scan/page-driver';
import { reportSchemaErrors } from '../node/report-schema';
import { APP_CONFIG } from '../src/config';
import type { DetectorReport } from '../src/report/api-types';
import { E2E_FRAMES } from './data';
import { qualityCopies } from './fixtures/runtime-fixtures';
import { expect, shot, test } from './fixtures';

const STARTUP_MS = 600_000;
const ANALYSIS_MS = 420_000;

async function analyse(dp: DetectorPage, path: string): Promise<DetectorReport> {
  const report = await analyzeReport(dp, path, ANALYSIS_MS);
  expect(reportSchemaErrors(report), `${path}: the report breaks the schema`).toEqual([]);
  expect(report.result.error, path).toBeNull();
  expect(report.result.quality, `${path}: no quality reading in the report`).toBeDefined();
  // The page shows this file's reading (the heading names the file being shown).
  await dp.page.getByTestId('input-quality').waitFor();
  return report;
}

const cautions = (page: Page) => page.getByTestId('quality-caution');

async function htmlReport(page: Page): Promise<string> {
  const done = page.waitForEvent('download');
  await page.getByTestId('download-report-html').click();
  return readFile(await (await done).path(), 'utf8');
}

test('input quality: a clean copy reads clean; a heavily re-encoded one gets the caution; a letterboxed one has its bars', async ({ browser, server }) => {
  const copies = await qualityCopies();
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: E2E_FRAMES }), STARTUP_MS);
  const { page } = dp;
  const c = APP_CONFIG.quality;
  try {
    // Clean: every measure taken, none past its line, no caution on the page or in the report.
    const clean = await analyse(dp, copies.clean);
    const q = clean.result.quality!;
    console.log(`  clean: ${JSON.stringify({ ...q, people: q.people.length })}`);
    expect(`${q.width}x${q.height}`, 'clean: size').toBe('1280x720');
    // Spread over the sampled frames (every 2nd of 8): more than the first frame alone, at most measureFrames.
    expect(q.framesMeasured, 'clean: frames measured').toBeGreaterThanOrEqual(Math.min(2, E2E_FRAMES));
    expect(q.framesMeasured, 'clean: frames measured').toBeLessThanOrEqual(c.measureFrames);
    expect(q.bitrateFrom, 'clean: bitrate from').toBe('stream');
    expect(q.bitsPerPixel, 'clean: bits per pixel').toBeGreaterThanOrEqual(c.minBitsPerPixel);
    expect(q.blockiness, 'clean: blockiness').not.toBeNull();
    expect(q.blockiness, 'clean: blockiness').toBeLessThanOrEqual(c.maxBlockiness);
    expect(q.faceSize, 'clean: face size, px').toBeGreaterThanOrEqual(c.smallFacePixels);
    expect(q.sharpness, 'clean: sharpness').not.toBeNull();
    expect(q.bars, 'clean: bars').toBeNull();
    expect(q.issues, 'clean: issues').toEqual([]);
    await expect(cautions(page), 'clean: the page shows a quality caution').toHaveCount(0);
    const rows = page.getByTestId('input-quality');
    for (const row of [/Bitrate/, /bits per pixel/, /Black bars\s*none/]) await expect(rows, "clean: the page's reading").toContainText(row, { useInnerText: true });

    // Heavy: the same seconds at 100 kbit/s. Compressed by both measures; the caution beside the
    // verdict, the same sentence first among the report's warnings and in the HTML report.
    const heavy = await analyse(dp, copies.heavy);
    const h = heavy.result.quality!;
    console.log(`  heavy: ${JSON.stringify({ ...h, people: h.people.length })}`);
    expect(h.bitsPerPixel, 'heavy: bits per pixel').not.toBeNull();
    expect(h.bitsPerPixel, 'heavy: bits per pixel').toBeLessThan(c.minBitsPerPixel);
    expect(h.blockiness, "heavy: blockiness, against the clean copy's").toBeGreaterThan(q.blockiness!);
    expect(h.issues[0], `heavy: issues ${h.issues.join(', ')}`).toBe('compressed');
    await expect(cautions(page), "heavy: the page's cautions, one per issue").toHaveCount(h.issues.length);
    await expect(cautions(page).first(), "heavy: the page's first caution").toContainText(/heavily compressed/, { useInnerText: true });
    const shown = await cautions(page).allInnerTexts();
    expect(heavy.warnings[0], "heavy: the report's first warning is not the page's caution").toBe(shown[0]);
    await page.getByTestId('quality-caution-title').waitFor();
    await shot(page, 'quality-heavy');
    const html = await htmlReport(page);
    expect(html, 'heavy: the HTML report lacks the reading').toContain('id="input-quality"');
    expect(html, 'heavy: the HTML report lacks the caution').toContain('heavily compressed');

    // axe with the caution and the reading on the page.
    const axe = await new AxeBuilder({ page }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`), 'axe: serious or critical violations').toEqual([]);

    // Letterboxed: 90 px bars above and below (the encoder may soften the bars' edge by a row).
    const boxed = await analyse(dp, copies.letterboxed);
    const b = boxed.result.quality!.bars;
    console.log(`  letterboxed: bars ${JSON.stringify(b)}`);
    const bars = `letterboxed: bars ${JSON.stringify(b)}`;
    expect(b, bars).not.toBeNull();
    expect(Math.abs(b!.top - 90), bars).toBeLessThanOrEqual(2);
    expect(Math.abs(b!.bottom - 90), bars).toBeLessThanOrEqual(2);
    expect([b!.left, b!.right], bars).toEqual([0, 0]);
    await expect(page.getByTestId('quality-black-bars'), "letterboxed: the page's row").toContainText(/letterboxed/, { useInnerText: true });
    expect(dp.errors, 'the page logged errors').toEqual([]);
  } finally {
    await dp.close();
  }
});
