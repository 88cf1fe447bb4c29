// The page's evidence and report, on the fake worker (model-free, fast): the video playable above
// the timeline with its playback time marked, a chosen frame seeking the video, the most suspicious
// frames first, the readable report printed from the page and saved as HTML (the same numbers as
// the JSON, the input's SHA-256, no request), and an error's report saying what failed.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { openFake, pick, PICKED_FILE } from './fake-page';
import { expect, shot, test } from './fixtures';

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
    await expect(video, "the player's source is not the dropped file's object URL").toHaveAttribute('src', /^blob:/);
    const src = (await video.getAttribute('src')) ?? '';
    // The clip is 2 s long: the browser read it (metadata loaded), so it is playable here.
    await page.waitForFunction(() => (document.querySelector('[data-testid=video-player]') as HTMLVideoElement).readyState >= 1, undefined, { timeout: 20_000 });
    await expect.poll(async () => Math.abs((await video.evaluate((v) => (v as HTMLVideoElement).duration)) - 2), { message: 'video duration, seconds off 2' }).toBeLessThan(0.1);

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
    const order = () => items.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-frame-index'))));
    await expect.poll(order, { message: 'gallery order (fake scores: frame 2 highest, frame 3 without a face)' }).toEqual([1, 5, 0, 3, 4]);
    await expect(items.locator('canvas'), 'gallery items without their face crop').toHaveCount(5);
    await items.nth(1).getByRole('button').click();
    await page.getByTestId('frame-preview').getByText('Frame 6').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => Math.abs((document.querySelector('[data-testid=video-player]') as HTMLVideoElement).currentTime - 2.5) < 0.6, undefined, { timeout: 10_000 });
    await shot(page, 'fake-player-gallery');

    // The next file replaces the player's object URL and revokes the old one.
    await pick(page, 'next.mp4');
    await page.waitForFunction(() => window.deepfakeDetector?.status().results.length === 2, undefined, { timeout: 20_000 });
    await page.waitForFunction((old) => (window as unknown as { __revoked: string[] }).__revoked.includes(old), src, { timeout: 10_000 });
    await expect(page.getByTestId('video-player'), 'the player still shows the first file').not.toHaveAttribute('src', src);
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
    expect(json.input.sha256, 'JSON input hash').toBe(sha);

    page.on('request', (r) => requests.push(r.url()));
    await page.getByTestId('print-report').click();
    await page.waitForFunction(() => (window as unknown as { __printed?: number }).__printed === 1, undefined, { timeout: 20_000 });
    const printed = page.frameLocator('[data-testid=print-frame]');
    const body = printed.locator('body');
    for (const s of [sha, 'How to check this report', 'Most suspicious frames', 'Settings and thresholds', json.models[0]!.manifestSha256!, json.faceDetector.name]) {
      await expect(body, `the printed report lacks ${s}`).toContainText(s, { useInnerText: true });
    }
    // The frame scores are the JSON report's, to four decimals.
    for (const f of json.result.frames) {
      if (f.score !== null) await expect(body, `frame ${f.index + 1}'s score ${f.score} is not in the printed report`).toContainText(f.score.toFixed(4), { useInnerText: true });
    }
    const images = printed.locator('img');
    await expect.poll(() => images.count(), { message: 'report images' }).toBeGreaterThanOrEqual(5);
    const notInline = () => images.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src).filter((s) => !s.startsWith('data:image/jpeg;base64,')).map((s) => s.slice(0, 80)));
    await expect.poll(notInline, { message: 'report images that are not inline JPEGs' }).toEqual([]);
    await expect.poll(() => images.first().evaluate((e) => (e as HTMLImageElement).naturalWidth), { message: 'the crop thumbnails do not decode' }).toBeGreaterThan(0);
    expect(requests, 'printing made requests').toEqual([]);

    const html = await download(page, 'download-report-html');
    expect(html.slice(0, 80), 'the saved HTML report is not the standalone report').toMatch(/^<!doctype html>/);
    expect(html, 'the saved HTML report is not the standalone report: no input hash').toContain(sha);
    expect(html, 'the saved HTML report is not the standalone report: no CSP').toContain("default-src 'none'");
    await expect(page.getByTestId('report-note'), 'report note').not.toContainText(/reproduc/i, { useInnerText: true });

    // An error: the note and both reports say what failed, and nothing about re-checking a result.
    await pick(page, 'not-a-video.mp4');
    await page.locator('[data-testid=verdict][data-label=error]').waitFor({ timeout: 20_000 });
    const note = page.getByTestId('report-note');
    await expect(note, 'error report note').toContainText('what failed', { useInnerText: true });
    await expect(note, 'error report note').not.toContainText(/reproduc|check this result/i, { useInnerText: true });
    const errorJson = JSON.parse(await download(page, 'download-report')) as import('../src/report/api-types').DetectorReport;
    expect(errorJson.result.error, 'the error JSON lacks the error').toEqual(expect.any(String));
    expect(errorJson.result.error, 'the error JSON lacks the error').not.toBe('');
    const errorHtml = await download(page, 'download-report-html');
    // (It was "the sentence after <strong>What failed:</strong>, or else 'What failed:'": the second
    // contains the first, so this is the same check.)
    expect(errorHtml, 'the error HTML does not say what failed').toContain('What failed:');
    expect(errorHtml, 'the error HTML offers to re-check a result').not.toMatch(/reproduc/i);
    expect(errorHtml, 'the error HTML offers to re-check a result').not.toContain('How to check this report');
    await shot(page, 'fake-error-report');
  } finally {
    await dp.close();
  }
});
