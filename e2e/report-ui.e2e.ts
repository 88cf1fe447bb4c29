// The page's evidence and report, on the fake worker (model-free, fast): the video playable above
// the timeline with its playback time marked, a chosen frame seeking the video, the most suspicious
// frames first, the readable report printed from the page and saved as HTML (the same numbers as
// the JSON, the input's SHA-256, no request), and an error's report saying what failed.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { assert } from './assert';
import { openFake, pick, PICKED_FILE } from './fake-page';
import { shot, test } from './fixtures';

/** Counts print() calls in every frame and records revoked object URLs, before any page script runs. */
async function instrument(context: import('@playwright/test').BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const top = window.top as unknown as { __printed?: number; __revoked?: string[] };
    window.print = () => {
      top.__printed = (top.__printed ?? 0) + 1;
    };
    if (window === window.top) {
      top.__revoked = [];
      const revoke = URL.revokeObjectURL.bind(URL);
      URL.revokeObjectURL = (u: string) => {
        top.__revoked!.push(u);
        revoke(u);
      };
    }
  });
}

async function download(page: Page, testId: string): Promise<string> {
  const done = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  return readFile(await (await done).path(), 'utf8');
}

test('page (fake worker): the video plays above the timeline, a chosen frame seeks it, the most suspicious frames come first', async ({ browser, server }) => {
  const dp = await openFake(browser, server.url, '?frames=6', instrument);
  const { page } = dp;
  try {
    await pick(page, 'interview.mp4');
    await page.getByTestId('verdict').waitFor({ timeout: 20_000 });
    const video = page.getByTestId('video-player');
    const src = (await video.getAttribute('src')) ?? '';
    assert(src.startsWith('blob:'), `the player's source is not the dropped file's object URL: ${src}`);
    // The clip is 2 s long: the browser read it (metadata loaded), so it is playable here.
    await page.waitForFunction(() => (document.querySelector('[data-testid=video-player]') as HTMLVideoElement).readyState >= 1, undefined, { timeout: 20_000 });
    const duration = await video.evaluate((v) => (v as HTMLVideoElement).duration);
    assert(Math.abs(duration - 2) < 0.1, `video duration ${duration}`);

    // Frame 2 sits at 0.5 s: choosing it on the timeline seeks the video, and the playhead follows.
    await page.getByRole('button', { name: /^Frame 2 at/ }).click();
    await page.waitForFunction(() => Math.abs((document.querySelector('[data-testid=video-player]') as HTMLVideoElement).currentTime - 0.5) < 0.05, undefined, { timeout: 10_000 });
    await page.locator('[data-testid=playhead][data-time-ms="500"]').waitFor({ state: 'attached', timeout: 10_000 });
    // Playing moves the playhead: its time changes from 500 without anyone choosing a frame.
    await video.evaluate((v) => {
      const el = v as HTMLVideoElement;
      el.muted = true;
      el.currentTime = 1.25;
    });
    await page.locator('[data-testid=playhead][data-time-ms="1250"]').waitFor({ state: 'attached', timeout: 10_000 });

    // The gallery: scored frames only, highest score first; choosing one selects and seeks.
    const items = page.locator('[data-testid=evidence-gallery] li');
    const order = await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-frame-index'))));
    assert(JSON.stringify(order) === JSON.stringify([1, 5, 0, 3, 4]), `gallery order ${JSON.stringify(order)} (fake scores: frame 2 highest, frame 3 without a face)`);
    assert((await items.locator('canvas').count()) === 5, 'gallery items without their face crop');
    await items.nth(1).getByRole('button').click();
    await page.getByTestId('frame-preview').getByText('Frame 6').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => Math.abs((document.querySelector('[data-testid=video-player]') as HTMLVideoElement).currentTime - 2.5) < 0.6, undefined, { timeout: 10_000 });
    await shot(page, 'fake-player-gallery');

    // The next file replaces the player's object URL and revokes the old one.
    await pick(page, 'next.mp4');
    await page.waitForFunction(() => window.deepfakeDetector?.status().results.length === 2, undefined, { timeout: 20_000 });
    await page.waitForFunction((old) => (window as unknown as { __revoked: string[] }).__revoked.includes(old), src, { timeout: 10_000 });
    assert((await page.getByTestId('video-player').getAttribute('src')) !== src, 'the player still shows the first file');
  } finally {
    await dp.close();
  }
});

test('page (fake worker): the readable report is printed from the page and saved as HTML, with the JSON report\'s numbers; an error report says what failed', async ({ browser, server }) => {
  const dp = await openFake(browser, server.url, '?backend=wasm&frames=6', instrument);
  const { page } = dp;
  const requests: string[] = [];
  try {
    await pick(page, 'interview.mp4');
    await page.getByTestId('verdict').waitFor({ timeout: 20_000 });
    const sha = createHash('sha256').update(await readFile(PICKED_FILE)).digest('hex');
    const json = JSON.parse(await download(page, 'download-report')) as import('../src/report/api-types').DetectorReport;
    assert(json.input.sha256 === sha, `JSON input hash ${json.input.sha256}`);

    page.on('request', (r) => requests.push(r.url()));
    await page.getByTestId('print-report').click();
    await page.waitForFunction(() => (window as unknown as { __printed?: number }).__printed === 1, undefined, { timeout: 20_000 });
    const printed = page.frameLocator('[data-testid=print-frame]');
    const text = await printed.locator('body').innerText();
    for (const s of [sha, 'How to check this report', 'Most suspicious frames', 'Settings and thresholds', json.models[0]!.manifestSha256!, json.faceDetector.name]) {
      assert(text.includes(s), `the printed report lacks ${s}`);
    }
    // The frame scores are the JSON report's, to four decimals.
    for (const f of json.result.frames) if (f.score !== null) assert(text.includes(f.score.toFixed(4)), `frame ${f.index + 1}'s score ${f.score} is not in the printed report`);
    const images = await printed.locator('img').evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src));
    assert(images.length >= 5 && images.every((s) => s.startsWith('data:image/jpeg;base64,')), `report images: ${images.length}, ${images.slice(0, 2).join(', ').slice(0, 80)}`);
    const natural = await printed.locator('img').first().evaluate((e) => (e as HTMLImageElement).naturalWidth);
    assert(natural > 0, 'the crop thumbnails do not decode');
    assert(requests.length === 0, `printing made requests: ${requests.join(', ')}`);

    const html = await download(page, 'download-report-html');
    assert(html.startsWith('<!doctype html>') && html.includes(sha) && html.includes("default-src 'none'"), 'the saved HTML report is not the standalone report');
    assert(!/reproduc/i.test(await page.getByTestId('report-note').innerText()), 'report note');

    // An error: the note and both reports say what failed, and nothing about re-checking a result.
    await pick(page, 'not-a-video.mp4');
    await page.locator('[data-testid=verdict][data-label=error]').waitFor({ timeout: 20_000 });
    const note = await page.getByTestId('report-note').innerText();
    assert(note.includes('what failed') && !/reproduc|check this result/i.test(note), `error report note: ${note}`);
    const errorJson = JSON.parse(await download(page, 'download-report')) as import('../src/report/api-types').DetectorReport;
    assert(typeof errorJson.result.error === 'string' && errorJson.result.error.length > 0, 'the error JSON lacks the error');
    const errorHtml = await download(page, 'download-report-html');
    assert(errorHtml.includes(`<strong>What failed:</strong> ${errorJson.result.error}`) || errorHtml.includes('What failed:'), 'the error HTML does not say what failed');
    assert(!/reproduc/i.test(errorHtml) && !errorHtml.includes('How to check this report'), 'the error HTML offers to re-check a result');
    await shot(page, 'fake-error-report');
  } finally {
    await dp.close();
  }
});
