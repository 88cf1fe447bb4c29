// The page's own behaviour, with the analysis worker replaced by e2e/fixtures/fake-worker.ts
// (fixed, made-up numbers): verdict, timeline, preview, crops, per-model scores, report download,
// cancel, bad-file message, fatal start-up message and URL parameters. Fast and model-free; the
// real pipeline is covered by page.e2e.ts. Every wait is on the page's state, never on time.
import { readFile } from 'node:fs/promises';
import { reportSchemaErrors } from '../node/report-schema';
import { openFake, pick, useFakeWorker } from './fake-page';
import { expect, shot, test, TO_PASS } from './fixtures';

test('page (fake worker): verdict, timeline, frame preview, crops, model scores and report', async ({ browser, server }) => {
  const dp = await openFake(browser, server.url, '?backend=wasm&frames=6');
  const { page } = dp;
  try {
    await expect(page.getByTestId('engine'), '?backend=wasm was not forwarded').toHaveAttribute('data-backend', 'wasm');
    await shot(page, 'fake-idle');
    await pick(page, 'interview.mp4');
    await page.getByTestId('verdict').waitFor({ timeout: 20_000 });
    await shot(page, 'fake-verdict');
    await expect(page.getByTestId('verdict'), 'verdict label').toHaveAttribute('data-label', 'fake');
    await expect(page.locator('[data-testid=timeline] [data-frame-index]'), '?frames=6 with one faceless frame should give 5 points').toHaveCount(5);
    await expect(page.locator('[data-testid=face-crops] button'), 'face crops').toHaveCount(5);
    await expect(page.locator('[data-testid=model-scores] tbody tr'), 'model rows').toHaveCount(3);
    // The stand-in models validated at AUC 0.88-0.91: no caution next to the verdict.
    await expect(page.getByTestId('model-caution'), 'a caution is shown for well-validated models').toHaveCount(0);
    // Issue 10: the interval, the person the verdict comes from and its rule; one row per person.
    await expect(page.getByTestId('verdict-interval'), 'verdict interval').toContainText('95% interval 63–79%', { useInnerText: true });
    await expect(page.getByTestId('verdict-person'), 'the verdict does not name its person').toContainText('person 1 of 2', { useInnerText: true });
    await expect(page.getByTestId('verdict-rule'), 'the verdict does not state its rule').toContainText('most suspicious person', { useInnerText: true });
    await expect(page.getByTestId('model-disagreement'), 'agreeing models reported as disagreeing').toHaveCount(0);
    const people = page.locator('[data-testid=people] > li');
    await expect(people, 'people').toHaveCount(2);
    await expect(people.first(), 'the deciding person is not marked').toHaveClass(/person-decides/);
    await expect(people.nth(1).locator('canvas'), 'person 2 should show 4 of its 5 crops').toHaveCount(4);
    // Attention: a caption that says it is coarse and not proof; the toggle draws it on the crops.
    // (The page's own text, spaces normalised: the "5 × 5" may hold non-breaking ones.)
    const caption = page.getByTestId('attention-caption');
    await expect(caption, 'attention caption').toContainText('5 × 5', { useInnerText: true });
    await expect(caption, 'attention caption').toContainText('Attention is not proof', { useInnerText: true });
    await expect(page.locator('canvas[data-attention=on]'), 'attention drawn before it was asked for').toHaveCount(0);
    await page.getByTestId('attention-toggle').check();
    await page.locator('[data-testid=face-crops] canvas[data-attention=on]').first().waitFor();
    await shot(page, 'fake-people-attention');
    // "Show most suspicious frame" selects person 1's peak (frame 2, 0.96).
    await people.first().getByTestId('person-peak').click();
    await expect(page.getByTestId('frame-preview'), 'the person button did not show its most suspicious frame').toContainText('Frame 2', { useInnerText: true });
    await page.getByTestId('attention-toggle').uncheck();
    await page.getByRole('button', { name: /^Frame 2 at/ }).click();
    const preview = page.getByTestId('frame-preview');
    await expect(preview, 'the preview shows another frame than the one clicked').toContainText('Frame 2', { useInnerText: true });
    // The face box is drawn in person 1's colour (#0072b2) where the worker said (box 480,200 x 0.5 = 240,100 on the image).
    await expect(async () => {
      const px = await preview.locator('canvas').evaluate((c) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(240, 150, 1, 1).data));
      const msg = `no face box at its place: pixel ${px.join(',')}`;
      expect(px[0], msg).toBeLessThan(40);
      expect(Math.abs(px[1]! - 114), msg).toBeLessThan(30);
      expect(px[2], msg).toBeGreaterThan(150);
    }).toPass(TO_PASS);
    await shot(page, 'fake-preview');

    const download = page.waitForEvent('download');
    await page.getByTestId('download-report').click();
    const report = JSON.parse(await readFile(await (await download).path(), 'utf8')) as Record<string, any>;
    expect(report.result?.file, 'report lacks result').toBe('interview.mp4');
    expect(report.app?.version, 'report lacks version').toEqual(expect.any(String));
    expect(report.environment?.backend, 'report lacks backend').toBe('wasm');
    expect(report.settings?.frames, 'report lacks frames').toBe(6);
    expect(Array.isArray(report.models), 'report lacks models').toBe(true);
    expect(report.models, 'report lacks models').toHaveLength(3);
    const schemaErrors = reportSchemaErrors(report);
    expect(schemaErrors, 'the downloaded report does not match src/report/report.schema.json').toEqual([]);
    // The hashes are the worker's (ModelInfo in its 'ready' message), not a second download.
    const first = report.models[0] as { name: string; manifestSha256: string; files: { sha256: string }[] };
    // (fake-worker.ts makes them up as the hex of "<name>-manifest" / "<name>-model", zero-padded to 64 digits.)
    const fakeSha256 = (text: string) => Buffer.from(text).toString('hex').padEnd(64, '0').slice(0, 64);
    expect(first.manifestSha256, `report hashes: ${JSON.stringify(first)}`).toBe(fakeSha256(`${first.name}-manifest`));
    expect(first.files[0]?.sha256, `report hashes: ${JSON.stringify(first)}`).toBe(fakeSha256(`${first.name}-model`));
  } finally {
    await dp.close();
  }
});

test('page (fake worker): cancel stops an analysis; a bad file shows its sentence; the next file works', async ({ browser, server }) => {
  const dp = await openFake(browser, server.url, '?frames=4');
  const { page } = dp;
  try {
    // "slow": the fake worker sends one frame, then stays in flight until cancelled, so the
    // Cancel button is there for as long as the test needs, however loaded the machine is.
    await pick(page, 'slow.mp4');
    await page.locator('[data-testid=timeline] [data-frame-index]').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.evaluate(() => window.deepfakeDetector?.status().state), { message: 'the slow analysis is not running' }).toBe('analyzing');
    await shot(page, 'fake-analysing');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Analysis cancelled').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => window.deepfakeDetector?.status().state === 'ready', undefined, { timeout: 20_000 });
    await expect.poll(() => page.evaluate(() => window.deepfakeDetector?.status().results.length), { message: 'the cancelled analysis produced a result' }).toBe(0);
    await pick(page, 'not-a-video.mp4');
    const verdict = page.getByTestId('verdict');
    await expect(verdict, 'bad-file verdict').toContainText('Could not analyse this file', { useInnerText: true, timeout: 10_000 });
    await expect(verdict, 'bad-file verdict').toContainText('not a video', { useInnerText: true });
    await shot(page, 'fake-error');
    await pick(page, 'next.mp4');
    await page.waitForFunction(() => window.deepfakeDetector?.status().results.length === 2, undefined, { timeout: 20_000 });
    const results = () => page.evaluate(() => window.deepfakeDetector!.status().results.map((r) => [r.file, r.error === null]));
    await expect.poll(results, { message: 'results (file, no error)' }).toEqual([['not-a-video.mp4', false], ['next.mp4', true]]);
  } finally {
    await dp.close();
  }
});

test('page (fake worker): a failed start-up and a bad URL parameter give clear messages', async ({ browser, server }) => {
  const bad = await openFake(browser, server.url, '?frames=lots');
  try {
    await expect(bad.page.locator('main [data-testid=notices]'), 'no notice for a bad parameter').toContainText('Ignored frames "lots"', { useInnerText: true });
  } finally {
    await bad.close();
  }
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await useFakeWorker(context);
    const page = await context.newPage();
    await page.goto(`${server.url}?backend=webgl`);
    await page.waitForFunction(() => window.deepfakeDetector?.status().state === 'fatal', undefined, { timeout: 20_000 });
    const alert = page.getByRole('alert');
    await expect(alert, 'fatal start-up not shown').toContainText('could not start', { useInnerText: true });
    await expect(alert, 'fatal start-up not shown').toContainText('No compute backend works in this browser: WebGL is not available here (fake)', { useInnerText: true });
    await expect(page.getByTestId('file-input'), 'the file input stays enabled without a detector').toBeDisabled();
    await shot(page, 'fake-fatal');
  } finally {
    await context.close();
  }
});

test('page (fake worker): a file name with a right-to-left override shows what it is, isolated; the JSON report keeps it as is', async ({ browser, server }) => {
  // U+202E reverses what follows: "clip\u202Egpj.mp4", an MP4, would read "clip4pm.jpg".
  const spoof = 'clip\u202Egpj.mp4';
  const dp = await openFake(browser, server.url, '?backend=wasm&frames=6');
  const { page } = dp;
  try {
    await pick(page, spoof);
    await page.getByTestId('verdict').waitFor({ timeout: 20_000 });
    const shown = page.getByTestId('file-name');
    await expect(shown, 'the page shows the name as').toHaveText('clip[U+202E]gpj.mp4', { useInnerText: true });
    await expect(shown, 'the name is not isolated from the text around it').toHaveJSProperty('tagName', 'BDI');
    await expect(page.locator('main'), 'a direction control reached the page text').not.toContainText(/[\u202A-\u202E\u2066-\u2069]/, { useInnerText: true });
    const download = page.waitForEvent('download');
    await page.getByTestId('download-report').click();
    const report = JSON.parse(await readFile(await (await download).path(), 'utf8')) as { input: { name: string }; result: { file: string } };
    expect(report.input.name, 'the JSON report changed the name').toBe(spoof);
    expect(report.result.file, 'the JSON report changed the name').toBe(spoof);
  } finally {
    await dp.close();
  }
});
