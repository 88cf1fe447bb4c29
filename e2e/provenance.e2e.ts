// Issue 27, provenance, on the real page and files made by the suite: the metadata ffmpeg wrote
// (creation time, make, model, location) shown with its caution and in the JSON report (schema-
// valid); stills at the first frame and the shot change, downloadable as JPEG; C2PA content
// credentials valid on the library's own signed test image, invalid once its pixels change, absent
// on a plain still; damaged or unreadable metadata ends in a sentence, not a hang; axe stays clean.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { analyzeReport, detectorUrl, openDetector, type DetectorPage } from '../scan/page-driver';
import { reportSchemaErrors } from '../node/report-schema';
import { MEDIA } from './data';
import { expect, test } from './fixtures';
import { damagedMetadataClip, provenanceClip, SIGNED_JPEG, tamperedSignedJpeg, WRITTEN } from './fixtures/provenance-fixtures';
import { basename, join } from 'node:path';
import { readFile } from 'node:fs/promises';

/** Each file here is small; the page's first metadata read compiles 25 MB of wasm on a busy machine. */
const ANALYSIS_MS = 240_000;

async function open(browser: import('@playwright/test').Browser, baseUrl: string): Promise<DetectorPage> {
  return openDetector(browser, detectorUrl(baseUrl, { backend: 'wasm', frames: 8 }), 180_000);
}

/** Chooses `path` in the drop zone and waits for the provenance panel to finish reading. */
async function dropAndRead(page: Page, path: string): Promise<void> {
  await page.setInputFiles('input[type=file]', path);
  await page.getByTestId('file-name').filter({ hasText: basename(path) }).waitFor({ timeout: ANALYSIS_MS });
  await page.locator('[data-testid=provenance][aria-busy=false]').waitFor({ timeout: ANALYSIS_MS });
}

test('provenance: ffmpeg-written metadata, stills at the shot change, in the page and the JSON report', async ({ browser, server }) => {
  const clip = await provenanceClip();
  const dp = await open(browser, server.url);
  const { page } = dp;
  try {
    await dropAndRead(page, clip);
    const facts = page.getByTestId('metadata-facts');
    for (const expected of [WRITTEN.creationTime, WRITTEN.make, WRITTEN.model, '48.85840, 2.29450', 'libx264', 'Lavf']) {
      await expect(facts, `metadata shown lacks ${expected}`).toContainText(expected, { useInnerText: true });
    }
    await expect(page.getByTestId('metadata'), 'no caution that metadata can be edited').toContainText('Anyone can edit metadata', { useInnerText: true });
    await expect(page.getByTestId('credentials'), 'an unsigned clip does not say its credentials are absent').toHaveAttribute('data-state', 'absent');

    // Stills once the analysis is done: the first frame and the cut at 1.0 s (8 frames over 2 s).
    await page.getByTestId('verdict').waitFor({ timeout: ANALYSIS_MS });
    const stills = page.getByTestId('keyframe');
    await stills.nth(1).waitFor();
    await expect(stills, 'stills: the first frame and one shot change').toHaveCount(2);
    await expect(stills.nth(0), 'the first still').toContainText(/first frame/, { useInnerText: true });
    await expect(stills.nth(1), 'the second still').toContainText(/shot change/, { useInnerText: true });
    const captions = await stills.allInnerTexts();
    const cut = Number(/([\d.]+) s/.exec(captions[1]!)![1]);
    expect(cut, 'the shot change is placed (s), not just after 1.0 s').toBeGreaterThanOrEqual(1.0);
    expect(cut, 'the shot change is placed (s), not just after 1.0 s').toBeLessThanOrEqual(1.3);
    const download = page.waitForEvent('download');
    await stills.nth(1).getByRole('button').click();
    const still = await download;
    expect(still.suggestedFilename(), 'still named').toMatch(/provenance\.mov-[\d.]+s\.jpg$/);
    const bytes = await readFile((await still.path())!);
    expect([bytes[0], bytes[1]], 'the downloaded still is not a JPEG (first two bytes)').toEqual([0xff, 0xd8]);
    expect(bytes.length, 'the downloaded still is not a JPEG (bytes)').toBeGreaterThan(1000);

    const axe = await new AxeBuilder({ page }).include('[data-testid=provenance]').analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`), 'axe, provenance panel: serious or critical violations').toEqual([]);

    // The JSON report (the API's, which deepfake-scan writes) carries the same, schema-valid.
    const report = await analyzeReport(dp, clip, ANALYSIS_MS);
    expect(reportSchemaErrors(report), 'report schema').toEqual([]);
    expect(report.provenance, 'the report has no provenance').toBeDefined();
    const p = report.provenance!;
    expect({ createdAt: p.metadata.createdAt, make: p.metadata.make, model: p.metadata.model }, 'metadata').toEqual({ createdAt: WRITTEN.creationTime, make: WRITTEN.make, model: WRITTEN.model });
    expect(p.metadata.gps, 'gps').not.toBeNull();
    expect(Math.abs(p.metadata.gps!.latitude - WRITTEN.latitude), `gps: ${JSON.stringify(p.metadata.gps)}`).toBeLessThan(1e-3);
    expect(Math.abs(p.metadata.gps!.longitude - WRITTEN.longitude), `gps: ${JSON.stringify(p.metadata.gps)}`).toBeLessThan(1e-3);
    expect(p.credentials.state, 'credentials').toBe('absent');
    const keyframes = `keyframes: ${JSON.stringify(p.keyframes)}`;
    expect(p.keyframes.length, keyframes).toBe(2);
    expect(p.keyframes[0]!.difference, keyframes).toBeNull();
    expect(p.keyframes[1]!.difference ?? 0, keyframes).toBeGreaterThan(0.4);
  } finally {
    await dp.close();
  }
});

test('provenance: C2PA credentials valid on a signed image, invalid once altered, absent on a plain still; damaged metadata says so', async ({ browser, server }) => {
  const dp = await open(browser, server.url);
  const { page } = dp;
  const credentials = page.getByTestId('credentials');
  try {
    await dropAndRead(page, SIGNED_JPEG);
    await expect(credentials, 'signed image: credentials state').toHaveAttribute('data-state', 'valid');
    for (const claim of [/Made with \(claim generator\)/, /Signed by/, /c2pa\./]) {
      await expect(credentials, 'what the manifest claims is not shown').toContainText(claim, { useInnerText: true });
    }
    const axe = await new AxeBuilder({ page }).include('[data-testid=provenance]').analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => v.id), 'axe, credentials: serious or critical violations').toEqual([]);
    await page.getByTestId('verdict').waitFor({ timeout: ANALYSIS_MS });

    await dropAndRead(page, await tamperedSignedJpeg());
    await expect(credentials, 'altered image: credentials state').toHaveAttribute('data-state', 'invalid');
    await expect(credentials, 'no failed check named').toContainText(/Failed checks/, { useInnerText: true });
    await page.getByTestId('verdict').waitFor({ timeout: ANALYSIS_MS });

    await dropAndRead(page, join(MEDIA, 'still.jpg'));
    await expect(credentials, 'a plain still does not say its credentials are absent').toHaveAttribute('data-state', 'absent');
    await page.getByTestId('verdict').waitFor({ timeout: ANALYSIS_MS });

    await dropAndRead(page, await damagedMetadataClip());
    await expect(page.getByTestId('metadata-warning'), 'damaged metadata').toContainText(/damaged or unusual/, { useInnerText: true });
    await page.getByTestId('verdict').waitFor({ timeout: ANALYSIS_MS });

    await dropAndRead(page, join(MEDIA, 'empty.mp4'));
    await expect(page.getByTestId('metadata-error'), 'empty file').toHaveText('The file is empty: it has no metadata.', { useInnerText: true });
  } finally {
    await dp.close();
  }
});
