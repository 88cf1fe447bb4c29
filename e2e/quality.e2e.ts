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
import { assert } from './assert';
import { E2E_FRAMES } from './data';
import { qualityCopies } from './fixtures/runtime-fixtures';
import { shot, test } from './fixtures';

const STARTUP_MS = 600_000;
const ANALYSIS_MS = 420_000;

async function analyse(dp: DetectorPage, path: string): Promise<DetectorReport> {
  const report = await analyzeReport(dp, path, ANALYSIS_MS);
  const errors = reportSchemaErrors(report);
  assert(errors.length === 0, `${path}: the report breaks the schema: ${errors.join('; ')}`);
  assert(report.result.error === null, `${path}: ${report.result.error}`);
  assert(report.result.quality !== undefined, `${path}: no quality reading in the report`);
  // The page shows this file's reading (the heading names the file being shown).
  await dp.page.getByTestId('input-quality').waitFor();
  return report;
}

async function cautions(page: Page): Promise<string[]> {
  return page.getByTestId('quality-caution').allInnerTexts();
}

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
    assert(q.width === 1280 && q.height === 720, `clean: ${q.width}x${q.height}`);
    // Spread over the sampled frames (every 2nd of 8): more than the first frame alone, at most measureFrames.
    assert(q.framesMeasured >= Math.min(2, E2E_FRAMES) && q.framesMeasured <= c.measureFrames, `clean: ${q.framesMeasured} frames measured`);
    assert(q.bitrateFrom === 'stream' && q.bitsPerPixel !== null && q.bitsPerPixel >= c.minBitsPerPixel, `clean: bits per pixel ${q.bitsPerPixel}`);
    assert(q.blockiness !== null && q.blockiness <= c.maxBlockiness, `clean: blockiness ${q.blockiness}`);
    assert(q.faceSize !== null && q.faceSize >= c.smallFacePixels && q.sharpness !== null, `clean: faces ${q.faceSize} px, sharpness ${q.sharpness}`);
    assert(q.bars === null, `clean: bars ${JSON.stringify(q.bars)}`);
    assert(q.issues.length === 0, `clean: issues ${q.issues.join(', ')}`);
    assert((await cautions(page)).length === 0, `clean: the page shows a quality caution: ${(await cautions(page)).join(' | ')}`);
    const rows = await page.getByTestId('input-quality').innerText();
    assert(/Bitrate/.test(rows) && /bits per pixel/.test(rows) && /Black bars\s*none/.test(rows), `clean: the page's reading: ${rows}`);

    // Heavy: the same seconds at 100 kbit/s. Compressed by both measures; the caution beside the
    // verdict, the same sentence first among the report's warnings and in the HTML report.
    const heavy = await analyse(dp, copies.heavy);
    const h = heavy.result.quality!;
    console.log(`  heavy: ${JSON.stringify({ ...h, people: h.people.length })}`);
    assert(h.bitsPerPixel !== null && h.bitsPerPixel < c.minBitsPerPixel, `heavy: bits per pixel ${h.bitsPerPixel}`);
    assert(h.blockiness !== null && h.blockiness > q.blockiness!, `heavy: blockiness ${h.blockiness} not above the clean copy's ${q.blockiness}`);
    assert(h.issues[0] === 'compressed', `heavy: issues ${h.issues.join(', ')}`);
    const shown = await cautions(page);
    assert(shown.length === h.issues.length && /heavily compressed/.test(shown[0]!), `heavy: the page's cautions: ${shown.join(' | ')}`);
    assert(heavy.warnings[0] === shown[0], `heavy: the report's first warning is not the page's caution: ${heavy.warnings[0]}`);
    await page.getByTestId('quality-caution-title').waitFor();
    await shot(page, 'quality-heavy');
    const html = await htmlReport(page);
    assert(html.includes('id="input-quality"') && html.includes('heavily compressed'), 'heavy: the HTML report lacks the reading or the caution');

    // axe with the caution and the reading on the page.
    const axe = await new AxeBuilder({ page }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert(bad.length === 0, `axe: ${bad.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`).join(' | ')}`);

    // Letterboxed: 90 px bars above and below (the encoder may soften the bars' edge by a row).
    const boxed = await analyse(dp, copies.letterboxed);
    const b = boxed.result.quality!.bars;
    console.log(`  letterboxed: bars ${JSON.stringify(b)}`);
    assert(b !== null && Math.abs(b.top - 90) <= 2 && Math.abs(b.bottom - 90) <= 2 && b.left === 0 && b.right === 0, `letterboxed: bars ${JSON.stringify(b)}`);
    const barsRow = await page.getByTestId('quality-black-bars').innerText();
    assert(/letterboxed/.test(barsRow), `letterboxed: the page's row: ${barsRow}`);
    assert(dp.errors.length === 0, `the page logged errors: ${dp.errors.join(' | ')}`);
  } finally {
    await dp.close();
  }
});
