// window.deepfakeDetector in the real page: a File, a same-origin URL and a Blob analysed with
// progress and result events, reports that match the schema (and Node's SHA-256 of the bytes),
// exact refusals of other origins and bad options, and cancel() in the middle of an analysis.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { detectorUrl, openDetector, type DetectorPage } from '../scan/page-driver';
import { reportSchemaErrors } from '../node/report-schema';
import { FRAMES_RULE } from '../src/frames';
import type { DetectorReport } from '../src/report/api-types';
import { assert } from './assert';
import { E2E_FRAMES, MEDIA } from './data';
import { test } from './fixtures';

const STARTUP_MS = 600_000;

function valid(r: DetectorReport, what: string): void {
  const errors = reportSchemaErrors(r);
  assert(errors.length === 0, `${what}: the report does not match src/report/report.schema.json: ${errors.join('; ')}`);
}

async function withPage(browser: Browser, serverUrl: string, body: (dp: DetectorPage) => Promise<void>): Promise<void> {
  const dp = await openDetector(browser, detectorUrl(serverUrl, { backend: 'wasm', frames: E2E_FRAMES }), STARTUP_MS);
  try {
    await body(dp);
  } finally {
    await dp.close();
  }
}

test('api: analyze() takes a File, a same-origin URL and a Blob; progress and result events; schema-valid reports', async ({ browser, server }) => {
  await withPage(browser, server.url, async ({ page, info }) => {
    assert(info.backend === 'wasm' && info.app.name === 'deepfake-detector' && info.models.length > 0, `ready(): ${JSON.stringify(info)}`);
    const bytes = await readFile(join(MEDIA, 'good-h264.mp4'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    // A URL on the page's own origin: Playwright answers it, the page fetches it under its CSP.
    await page.route('**/clips/good.mp4', (route) => route.fulfill({ body: bytes, contentType: 'video/mp4' }));
    const input = await page.evaluateHandle(() => Object.assign(document.createElement('input'), { type: 'file' }));
    await input.setInputFiles(join(MEDIA, 'good-h264.mp4'));
    const out = await page.evaluate(async (el) => {
      const api = window.deepfakeDetector!;
      const events: string[] = [];
      api.addEventListener('progress', (e) => events.push(`progress:${(e as CustomEvent).detail.file}:${(e as CustomEvent).detail.stage}`));
      api.addEventListener('result', (e) => events.push(`result:${(e as CustomEvent).detail.input.name}`));
      const stages: string[] = [];
      const fromFile = await api.analyze(el.files![0]!, { frames: 4, onProgress: (p) => stages.push(p.stage) });
      const fromUrl = await api.analyze('/clips/good.mp4', { frames: 4 });
      const fromBlob = await api.analyze(new Blob(['This is a plain text file.']), { name: 'notes.txt' });
      return { fromFile, fromUrl, fromBlob, events, stages, status: api.status() };
    }, input);
    for (const [k, r] of Object.entries({ file: out.fromFile, url: out.fromUrl, blob: out.fromBlob })) valid(r, k);
    assert(out.fromFile.input.sha256 === sha && out.fromFile.input.bytes === bytes.length, `file hash ${out.fromFile.input.sha256}`);
    assert(out.fromUrl.input.sha256 === sha && out.fromUrl.input.name === 'good.mp4', `url input ${JSON.stringify(out.fromUrl.input)}`);
    assert(out.fromFile.result.error === null && out.fromFile.settings.frames === 4 && out.fromFile.result.frames.length === 4, `file result: ${out.fromFile.result.error}`);
    assert(out.fromFile.warnings.some((w) => w.startsWith('Only 4 frames sampled')), `no few-frames warning: ${JSON.stringify(out.fromFile.warnings)}`);
    assert(out.fromFile.faceDetector.files.length >= 4 && out.fromFile.faceDetector.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256)), 'face detector hashes');
    assert(out.fromFile.models.every((m) => m.manifestSha256 !== null), 'model hashes');
    assert(/not a video/.test(out.fromBlob.result.error ?? '') && out.fromBlob.input.name === 'notes.txt', `blob: ${out.fromBlob.result.error}`);
    assert(out.stages.includes('decode') && out.stages.includes('done'), `progress stages: ${out.stages.join(',')}`);
    const results = out.events.filter((e) => e.startsWith('result:'));
    assert(JSON.stringify(results) === JSON.stringify(['result:good-h264.mp4', 'result:good.mp4', 'result:notes.txt']), `events: ${results.join(',')}`);
    assert(out.events.some((e) => e.startsWith('progress:good.mp4:')), 'no progress event for the URL input');
    assert(out.status.state === 'ready' && out.status.results.length === 3, `status: ${out.status.state}, ${out.status.results.length} results`);
    // It shows on the page like a dropped file.
    await page.getByTestId('verdict').waitFor({ timeout: 10_000 });
    console.log(`  events: ${out.events.length}, stages: ${[...new Set(out.stages)].join('>')}, blob: ${out.fromBlob.result.error}`);
  });
});

test('api: other origins and bad options are refused with exact messages; cancel() stops an analysis and the next one works', async ({ browser, server }) => {
  await withPage(browser, server.url, async ({ page }) => {
    const refusals = await page.evaluate(async () => {
      const api = window.deepfakeDetector!;
      const msg = (p: Promise<unknown>) => p.then(() => 'resolved', (e: Error) => `${e.name}: ${e.message}`);
      return [
        await msg(api.analyze('https://example.com/clip.mp4')),
        await msg(api.analyze(new Blob(['x']), { frames: 0 })),
        await msg(api.analyze(new Blob(['x']), { backend: 'wasm' } as never)),
        await msg(api.analyze('/no-such-clip.mp4')),
      ];
    });
    assert(refusals[0]!.startsWith("TypeError: analyze(): only URLs on this page's origin") && refusals[0]!.includes("connect-src 'self'"), refusals[0]!);
    assert(refusals[1] === `TypeError: analyze(): frames must be ${FRAMES_RULE} (got 0).`, refusals[1]!);
    assert(refusals[2]!.startsWith('TypeError: analyze(): unknown option "backend"'), refusals[2]!);
    assert(/HTTP 404/.test(refusals[3]!), refusals[3]!);

    // Cancel once the analysis is visibly under way (a progress event), not after a delay.
    await page.route('**/clips/long.mp4', async (route) => route.fulfill({ body: await readFile(join(MEDIA, 'long-30min.mp4')), contentType: 'video/mp4' }));
    const cancelled = await page.evaluate(async () => {
      const api = window.deepfakeDetector!;
      const started = new Promise<void>((ok) => api.addEventListener('progress', () => ok(), { once: true }));
      const run = api.analyze('/clips/long.mp4', { frames: 256 }).then(() => 'resolved', (e: Error) => e.name);
      await started;
      api.cancel();
      return run;
    });
    assert(cancelled === 'AbortError', `after cancel(): ${cancelled}`);
    await page.getByText('Analysis cancelled').waitFor({ timeout: 10_000 });
    const next = await page.evaluate(() => window.deepfakeDetector!.analyze('/clips/long.mp4', { frames: 1 }));
    assert(next.result.error === null && next.result.frames.length === 1, `the analysis after cancel: ${next.result.error}`);
  });
});
