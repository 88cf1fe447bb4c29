// The page's own behaviour, with the analysis worker replaced by e2e/fixtures/fake-worker.ts
// (fixed, made-up numbers): verdict, timeline, preview, crops, per-model scores, report download,
// cancel, bad-file message, fatal start-up message and URL parameters. Fast and model-free; the
// real pipeline is covered by page.e2e.ts. Every wait is on the page's state, never on time.
import { readFile } from 'node:fs/promises';
import { reportSchemaErrors } from '../node/report-schema';
import { assert } from './assert';
import { openFake, pick, useFakeWorker } from './fake-page';
import { shot, test } from './fixtures';

test('page (fake worker): verdict, timeline, frame preview, crops, model scores and report', async ({ browser, server }) => {
  const dp = await openFake(browser, server.url, '?backend=wasm&frames=6');
  const { page } = dp;
  try {
    assert((await page.getByTestId('engine').getAttribute('data-backend')) === 'wasm', '?backend=wasm was not forwarded');
    await shot(page, 'fake-idle');
    await pick(page, 'interview.mp4');
    await page.getByTestId('verdict').waitFor({ timeout: 20_000 });
    await shot(page, 'fake-verdict');
    assert((await page.getByTestId('verdict').getAttribute('data-label')) === 'fake', 'verdict label');
    const points = await page.locator('[data-testid=timeline] [data-frame-index]').count();
    assert(points === 5, `?frames=6 with one faceless frame should give 5 points, got ${points}`);
    assert((await page.locator('[data-testid=face-crops] button').count()) === 5, 'face crops');
    assert((await page.locator('[data-testid=model-scores] tbody tr').count()) === 3, 'model rows');
    // The stand-in models validated at AUC 0.88-0.91: no caution next to the verdict.
    assert((await page.getByTestId('model-caution').count()) === 0, 'a caution is shown for well-validated models');
    // Issue 10: the interval, the person the verdict comes from and its rule; one row per person.
    const interval = await page.getByTestId('verdict-interval').innerText();
    assert(interval.includes('95% interval 63–79%'), `verdict interval: ${interval}`);
    assert((await page.getByTestId('verdict-person').innerText()).includes('person 1 of 2'), 'the verdict does not name its person');
    assert((await page.getByTestId('verdict-rule').innerText()).includes('most suspicious person'), 'the verdict does not state its rule');
    assert((await page.getByTestId('model-disagreement').count()) === 0, 'agreeing models reported as disagreeing');
    const people = page.locator('[data-testid=people] > li');
    assert((await people.count()) === 2, `people: ${await people.count()}`);
    assert((await people.first().getAttribute('class'))?.includes('person-decides') === true, 'the deciding person is not marked');
    assert((await people.nth(1).locator('canvas').count()) === 4, 'person 2 should show 4 of its 5 crops');
    // Attention: a caption that says it is coarse and not proof; the toggle draws it on the crops.
    const caption = (await page.getByTestId('attention-caption').innerText()).replace(/\s/g, ' ');
    assert(caption.includes('5 × 5') && caption.includes('Attention is not proof'), `attention caption: ${caption}`);
    assert((await page.locator('canvas[data-attention=on]').count()) === 0, 'attention drawn before it was asked for');
    await page.getByTestId('attention-toggle').check();
    await page.locator('[data-testid=face-crops] canvas[data-attention=on]').first().waitFor();
    await shot(page, 'fake-people-attention');
    // "Show most suspicious frame" selects person 1's peak (frame 2, 0.96).
    await people.first().getByTestId('person-peak').click();
    await page.getByTestId('frame-preview').waitFor();
    assert((await page.getByTestId('frame-preview').innerText()).includes('Frame 2'), 'the person button did not show its most suspicious frame');
    await page.getByTestId('attention-toggle').uncheck();
    await page.getByRole('button', { name: /^Frame 2 at/ }).click();
    const preview = page.getByTestId('frame-preview');
    await preview.waitFor();
    assert((await preview.innerText()).includes('Frame 2'), 'the preview shows another frame than the one clicked');
    // The face box is drawn in person 1's colour (#0072b2) where the worker said (box 480,200 x 0.5 = 240,100 on the image).
    const px = await preview.locator('canvas').evaluate((c) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(240, 150, 1, 1).data));
    assert(px[0]! < 40 && Math.abs(px[1]! - 114) < 30 && px[2]! > 150, `no face box at its place: pixel ${px.join(',')}`);
    await shot(page, 'fake-preview');

    const download = page.waitForEvent('download');
    await page.getByTestId('download-report').click();
    const report = JSON.parse(await readFile(await (await download).path(), 'utf8')) as Record<string, any>;
    assert(report.result?.file === 'interview.mp4' && typeof report.app?.version === 'string', 'report lacks result or version');
    assert(report.environment?.backend === 'wasm' && report.settings?.frames === 6, 'report lacks backend or frames');
    assert(Array.isArray(report.models) && report.models.length === 3, 'report lacks models');
    const schemaErrors = reportSchemaErrors(report);
    assert(schemaErrors.length === 0, `the downloaded report does not match src/report/report.schema.json: ${schemaErrors.join('; ')}`);
    // The hashes are the worker's (ModelInfo in its 'ready' message), not a second download.
    const first = report.models[0] as { name: string; manifestSha256: string; files: { sha256: string }[] };
    // (fake-worker.ts makes them up as the hex of "<name>-manifest" / "<name>-model", zero-padded to 64 digits.)
    const fakeSha256 = (text: string) => Buffer.from(text).toString('hex').padEnd(64, '0').slice(0, 64);
    assert(first.manifestSha256 === fakeSha256(`${first.name}-manifest`) && first.files[0]?.sha256 === fakeSha256(`${first.name}-model`), `report hashes: ${JSON.stringify(first)}`);
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
    assert((await page.evaluate(() => window.deepfakeDetector?.status().state)) === 'analyzing', 'the slow analysis is not running');
    await shot(page, 'fake-analysing');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Analysis cancelled').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => window.deepfakeDetector?.status().state === 'ready', undefined, { timeout: 20_000 });
    assert((await page.evaluate(() => window.deepfakeDetector?.status().results.length)) === 0, 'the cancelled analysis produced a result');
    await pick(page, 'not-a-video.mp4');
    await page.getByTestId('verdict').waitFor({ timeout: 10_000 });
    const text = await page.getByTestId('verdict').innerText();
    assert(text.includes('Could not analyse this file') && text.includes('not a video'), `bad-file verdict: ${text}`);
    await shot(page, 'fake-error');
    await pick(page, 'next.mp4');
    await page.waitForFunction(() => window.deepfakeDetector?.status().results.length === 2, undefined, { timeout: 20_000 });
    const results = await page.evaluate(() => window.deepfakeDetector!.status().results.map((r) => [r.file, r.error === null]));
    assert(JSON.stringify(results) === JSON.stringify([['not-a-video.mp4', false], ['next.mp4', true]]), `results: ${JSON.stringify(results)}`);
  } finally {
    await dp.close();
  }
});

test('page (fake worker): a failed start-up and a bad URL parameter give clear messages', async ({ browser, server }) => {
  const bad = await openFake(browser, server.url, '?frames=lots');
  try {
    const notice = await bad.page.locator('main [data-testid=notices]').innerText();
    assert(notice.includes('Ignored frames "lots"'), `no notice for a bad parameter: ${notice}`);
  } finally {
    await bad.close();
  }
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await useFakeWorker(context);
    const page = await context.newPage();
    await page.goto(`${server.url}?backend=webgl`);
    await page.waitForFunction(() => window.deepfakeDetector?.status().state === 'fatal', undefined, { timeout: 20_000 });
    const alert = await page.getByRole('alert').innerText();
    assert(alert.includes('could not start') && alert.includes('No backend could run the models'), `fatal start-up not shown: ${alert}`);
    assert(await page.getByTestId('file-input').isDisabled(), 'the file input stays enabled without a detector');
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
    assert((await shown.innerText()) === 'clip[U+202E]gpj.mp4', `the page shows the name as: ${JSON.stringify(await shown.innerText())}`);
    assert((await shown.evaluate((e) => e.tagName)) === 'BDI', 'the name is not isolated from the text around it');
    const text = await page.locator('main').innerText();
    assert(!/[\u202A-\u202E\u2066-\u2069]/.test(text), 'a direction control reached the page text');
    const download = page.waitForEvent('download');
    await page.getByTestId('download-report').click();
    const report = JSON.parse(await readFile(await (await download).path(), 'utf8')) as { input: { name: string }; result: { file: string } };
    assert(report.input.name === spoof && report.result.file === spoof, `the JSON report changed the name: ${JSON.stringify(report.input.name)}`);
  } finally {
    await dp.close();
  }
});
