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
import { E2E_FRAMES, MEDIA } from './data';
import { expect, test } from './fixtures';

const STARTUP_MS = 600_000;

function valid(r: DetectorReport, what: string): void {
  expect(reportSchemaErrors(r), `${what}: the report does not match src/report/report.schema.json`).toEqual([]);
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
    expect(info.backend, `ready(): ${JSON.stringify(info)}`).toBe('wasm');
    expect(info.app.name, `ready(): ${JSON.stringify(info)}`).toBe('deepfake-detector');
    expect(info.models.length, `ready(): ${JSON.stringify(info)}`).toBeGreaterThan(0);
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
    expect(out.fromFile.input.sha256, 'file hash').toBe(sha);
    expect(out.fromFile.input.bytes, 'file size').toBe(bytes.length);
    expect(out.fromUrl.input.sha256, `url input ${JSON.stringify(out.fromUrl.input)}`).toBe(sha);
    expect(out.fromUrl.input.name, 'url input name').toBe('good.mp4');
    expect(out.fromFile.result.error, 'file result').toBeNull();
    expect(out.fromFile.settings.frames, 'file result: frames asked for').toBe(4);
    expect(out.fromFile.result.frames.length, 'file result: frames analysed').toBe(4);
    expect(out.fromFile.warnings.filter((w) => w.startsWith('Only 4 frames sampled')).length, `no few-frames warning: ${JSON.stringify(out.fromFile.warnings)}`).toBeGreaterThan(0);
    expect(out.fromFile.faceDetector.files.length, 'face detector hashes: files').toBeGreaterThanOrEqual(4);
    for (const f of out.fromFile.faceDetector.files) expect(f.sha256, `face detector hash of ${f.path}`).toMatch(/^[0-9a-f]{64}$/);
    expect(out.fromFile.models.filter((m) => m.manifestSha256 === null).map((m) => m.name), 'models without a manifest hash').toEqual([]);
    expect(out.fromBlob.result.error, 'blob').toMatch(/not a video/);
    expect(out.fromBlob.input.name, 'blob name').toBe('notes.txt');
    expect(out.stages, 'progress stages').toContain('decode');
    expect(out.stages, 'progress stages').toContain('done');
    const results = out.events.filter((e) => e.startsWith('result:'));
    expect(results, 'result events').toEqual(['result:good-h264.mp4', 'result:good.mp4', 'result:notes.txt']);
    expect(out.events.filter((e) => e.startsWith('progress:good.mp4:')).length, 'no progress event for the URL input').toBeGreaterThan(0);
    expect(out.status.state, 'status').toBe('ready');
    expect(out.status.results.length, 'status: results').toBe(3);
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
    expect(refusals[0], 'another origin').toMatch(/^TypeError: analyze\(\): only URLs on this page's origin/);
    expect(refusals[0], 'another origin').toContain("connect-src 'self'");
    expect(refusals[1], 'frames 0').toBe(`TypeError: analyze(): frames must be ${FRAMES_RULE} (got 0).`);
    expect(refusals[2], 'an unknown option').toMatch(/^TypeError: analyze\(\): unknown option "backend"/);
    expect(refusals[3], 'a missing clip').toMatch(/HTTP 404/);

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
    expect(cancelled, 'after cancel()').toBe('AbortError');
    await page.getByText('Analysis cancelled').waitFor({ timeout: 10_000 });
    const next = await page.evaluate(() => window.deepfakeDetector!.analyze('/clips/long.mp4', { frames: 1 }));
    expect(next.result.error, 'the analysis after cancel').toBeNull();
    expect(next.result.frames.length, 'the analysis after cancel: frames').toBe(1);
  });
});
