// Issue 27, provenance, on the real page and files made by the suite: the metadata ffmpeg wrote
// (creation time, make, model, location) shown with its caution and in the JSON report (schema-
// valid); stills at the first frame and the shot change, downloadable as JPEG; C2PA content
// credentials valid on the library's own signed test image, invalid once its pixels change, absent
// on a plain still; damaged or unreadable metadata ends in a sentence, not a hang; axe stays clean.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { analyzeReport, detectorUrl, openDetector, type DetectorPage } from '../scan/page-driver';
import { reportSchemaErrors } from '../node/report-schema';
import { assert } from './assert';
import { MEDIA } from './data';
import { test } from './fixtures';
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
    const facts = await page.getByTestId('metadata-facts').innerText();
    for (const expected of [WRITTEN.creationTime, WRITTEN.make, WRITTEN.model, '48.85840, 2.29450', 'libx264', 'Lavf']) {
      assert(facts.includes(expected), `metadata shown lacks ${expected}: ${facts}`);
    }
    assert((await page.getByTestId('metadata').innerText()).includes('Anyone can edit metadata'), 'no caution that metadata can be edited');
    assert((await page.getByTestId('credentials').getAttribute('data-state')) === 'absent', 'an unsigned clip does not say its credentials are absent');

    // Stills once the analysis is done: the first frame and the cut at 1.0 s (8 frames over 2 s).
    await page.getByTestId('verdict').waitFor({ timeout: ANALYSIS_MS });
    const stills = page.getByTestId('keyframe');
    await stills.nth(1).waitFor();
    const captions = await stills.allInnerTexts();
    assert(captions.length === 2, `expected the first frame and one shot change, got ${captions.join(' | ')}`);
    assert(/first frame/.test(captions[0]!) && /shot change/.test(captions[1]!), `captions: ${captions.join(' | ')}`);
    const cut = Number(/([\d.]+) s/.exec(captions[1]!)![1]);
    assert(cut >= 1.0 && cut <= 1.3, `the shot change is placed at ${cut} s, not just after 1.0 s`);
    const download = page.waitForEvent('download');
    await stills.nth(1).getByRole('button').click();
    const still = await download;
    assert(/provenance\.mov-[\d.]+s\.jpg$/.test(still.suggestedFilename()), `still named ${still.suggestedFilename()}`);
    const bytes = await readFile((await still.path())!);
    assert(bytes[0] === 0xff && bytes[1] === 0xd8 && bytes.length > 1000, 'the downloaded still is not a JPEG');

    const axe = await new AxeBuilder({ page }).include('[data-testid=provenance]').analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert(bad.length === 0, `axe, provenance panel: ${bad.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`).join(' | ')}`);

    // The JSON report (the API's, which deepfake-scan writes) carries the same, schema-valid.
    const report = await analyzeReport(dp, clip, ANALYSIS_MS);
    const errors = reportSchemaErrors(report);
    assert(errors.length === 0, `report schema: ${errors.join('; ')}`);
    const p = report.provenance;
    assert(p !== undefined, 'the report has no provenance');
    assert(p.metadata.createdAt === WRITTEN.creationTime && p.metadata.make === WRITTEN.make && p.metadata.model === WRITTEN.model, `metadata: ${JSON.stringify(p.metadata)}`);
    assert(p.metadata.gps !== null && Math.abs(p.metadata.gps.latitude - WRITTEN.latitude) < 1e-3 && Math.abs(p.metadata.gps.longitude - WRITTEN.longitude) < 1e-3, `gps: ${JSON.stringify(p.metadata.gps)}`);
    assert(p.credentials.state === 'absent', `credentials: ${p.credentials.state}`);
    assert(p.keyframes.length === 2 && p.keyframes[0]!.difference === null && (p.keyframes[1]!.difference ?? 0) > 0.4, `keyframes: ${JSON.stringify(p.keyframes)}`);
  } finally {
    await dp.close();
  }
});

test('provenance: C2PA credentials valid on a signed image, invalid once altered, absent on a plain still; damaged metadata says so', async ({ browser, server }) => {
  const dp = await open(browser, server.url);
  const { page } = dp;
  const credentials = async () => ({
    state: await page.getByTestId('credentials').getAttribute('data-state'),
    text: await page.getByTestId('credentials').innerText(),
  });
  try {
    await dropAndRead(page, SIGNED_JPEG);
    const signed = await credentials();
    assert(signed.state === 'valid', `signed image: ${signed.state}: ${signed.text}`);
    assert(/Made with \(claim generator\)/.test(signed.text) && /Signed by/.test(signed.text) && /c2pa\./.test(signed.text), `what the manifest claims is not shown: ${signed.text}`);
    const axe = await new AxeBuilder({ page }).include('[data-testid=provenance]').analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert(bad.length === 0, `axe, credentials: ${bad.map((v) => v.id).join(', ')}`);
    await page.getByTestId('verdict').waitFor({ timeout: ANALYSIS_MS });

    await dropAndRead(page, await tamperedSignedJpeg());
    const tampered = await credentials();
    assert(tampered.state === 'invalid', `altered image: ${tampered.state}: ${tampered.text}`);
    assert(/Failed checks/.test(tampered.text), `no failed check named: ${tampered.text}`);
    await page.getByTestId('verdict').waitFor({ timeout: ANALYSIS_MS });

    await dropAndRead(page, join(MEDIA, 'still.jpg'));
    assert((await credentials()).state === 'absent', 'a plain still does not say its credentials are absent');
    await page.getByTestId('verdict').waitFor({ timeout: ANALYSIS_MS });

    await dropAndRead(page, await damagedMetadataClip());
    const warning = await page.getByTestId('metadata-warning').innerText();
    assert(/damaged or unusual/.test(warning), `damaged metadata: ${warning}`);
    await page.getByTestId('verdict').waitFor({ timeout: ANALYSIS_MS });

    await dropAndRead(page, join(MEDIA, 'empty.mp4'));
    const empty = await page.getByTestId('metadata-error').innerText();
    assert(empty === 'The file is empty: it has no metadata.', `empty file: ${empty}`);
  } finally {
    await dp.close();
  }
});
