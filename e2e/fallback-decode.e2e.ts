// The software decoder (src/pipeline/decode-fallback.ts) in the real page and in deepfake-scan:
// every format WebCodecs refuses here (HEVC 8/10-bit, MPEG-4 Part 2, H.263/3GP, Motion JPEG in AVI,
// MPEG-4 in AVI, MPEG-2 in MPEG-TS), made with ffmpeg from the real clip at test time, is analysed
// end to end, the report names the decoder, and the score is within 0.03 of the same content as
// H.264 through WebCodecs. The H.264 path never fetches the decoder (its module or wasm).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { analyzeReport, detectorUrl, openDetector, type DetectorPage } from '../scan/page-driver';
import type { ScanLine } from '../scan/scan-line';
import { english, words } from '../src/i18n/words';
import { WEBCODECS_DECODER, codecRefusal } from '../src/pipeline/decode';
import { FALLBACK_DECODER } from '../src/pipeline/fallback-plan';
import { E2E_FRAMES, GOOD } from './data';
import { expect, test } from './fixtures';
import { FALLBACK_FORMATS, fallbackClip, h264Twin, type FallbackFormat } from './fixtures/runtime-fixtures';
import { expectOneSentence } from './one-sentence';
import { runScan } from './scan-cli';

const STARTUP_MS = 600_000;
/** One 4 s clip of 8 frames through the software decoder on a loaded 2-core machine. */
const FILE_MS = 180_000;
/** The bound on |score(format) - score(same content as H.264)|. */
const MAX_DELTA = 0.03;
/** The decoder's files as the build names them (Vite adds a hash). */
const DECODER_FILE = /\/(decode-fallback-[^/]*\.js|ffmpeg-core-[^/]*\.wasm)$/;

const FORMATS = Object.keys(FALLBACK_FORMATS) as FallbackFormat[];

test.describe.configure({ mode: 'serial' });

let dp: DetectorPage | null = null;
const requests: string[] = [];
/** The H.264 twins' scores in the page, for the scan test's comparison. */
const twinScores = new Map<FallbackFormat, number>();

test.afterAll(async () => {
  await dp?.close();
  dp = null;
});

async function page(browser: Browser, url: string): Promise<DetectorPage> {
  if (dp && !dp.page.isClosed()) return dp;
  dp = await openDetector(browser, detectorUrl(url, { backend: 'wasm', frames: E2E_FRAMES }), STARTUP_MS, (c) => {
    c.on('request', (r) => requests.push(r.url()));
  });
  return dp;
}

test('software decoder: the start-up and an H.264 analysis fetch none of it', async ({ browser, server }) => {
  const p = await page(browser, server.url);
  const report = await analyzeReport(p, GOOD, FILE_MS);
  expect(report.result.error, 'H.264 clip').toBeNull();
  expect(report.result.video?.decoder, 'H.264 decoded by').toBe(WEBCODECS_DECODER);
  expect(requests.filter((u) => DECODER_FILE.test(u)), 'the H.264 path fetched the software decoder').toEqual([]);
  expect(requests.length, 'requests recorded: too few, the recorder is not seeing the page').toBeGreaterThan(10);
});

for (const format of FORMATS) {
  const { what, codec, container } = FALLBACK_FORMATS[format];
  test(`software decoder: ${what} scores within ${MAX_DELTA} of the same content as H.264`, async ({ browser, server }) => {
    const clip = await fallbackClip(format);
    const twin = await h264Twin(clip, format);
    const p = await page(browser, server.url);
    const t0 = performance.now();
    const soft = await analyzeReport(p, clip, FILE_MS);
    const softMs = performance.now() - t0;
    // The page says which decoder ran (the twin's verdict, next, names none).
    await expect(p.page.getByTestId('verdict-decoder'), `${what}: the decoder the page shows`).toContainText(FALLBACK_DECODER, { useInnerText: true });
    const ref = await analyzeReport(p, twin, FILE_MS);
    await expect(p.page.getByTestId('verdict-decoder'), 'the H.264 verdict names a decoder').toHaveCount(0);
    const s = soft.result;
    const r = ref.result;
    expect(s.error, `${what}: error`).toBeNull();
    expect(s.video?.decoder, `${what}: decoded by`).toBe(FALLBACK_DECODER);
    expect(s.video?.codec, `${what}: reported codec`).toBe(codec);
    expect(s.video?.container, `${what}: reported container`).toBe(container);
    expect(s.frames.length, `${what}: frames analysed of ${E2E_FRAMES} sampled`).toBe(E2E_FRAMES);
    expect(r.video?.decoder, 'H.264 twin decoded by').toBe(WEBCODECS_DECODER);
    expect(s.score, `${what}: no score (reason: ${s.reason})`).toEqual(expect.any(Number));
    expect(r.score, `H.264 twin of ${what}: no score (reason: ${r.reason})`).toEqual(expect.any(Number));
    const [softScore, twinScore] = [s.score!, r.score!];
    twinScores.set(format, twinScore);
    const delta = Math.abs(softScore - twinScore);
    console.log(`  ${format}: score ${softScore.toFixed(4)} vs H.264 ${twinScore.toFixed(4)} (delta ${delta.toFixed(4)}), ${(softMs / 1000).toFixed(1)} s, decode ${s.timings.decodeMs.toFixed(0)} ms`);
    expect(delta, `${what}: score ${softScore} differs from the H.264 twin's ${twinScore} by more than ${MAX_DELTA}`).toBeLessThanOrEqual(MAX_DELTA);
    if (format === FORMATS[0]) {
      // The check above can fail: the decoder's files are fetched when needed, from this origin.
      const fetched = requests.filter((u) => DECODER_FILE.test(u));
      expect(fetched.length, `decoder files fetched: ${fetched.join(', ')}`).toBeGreaterThanOrEqual(2);
      expect(fetched.filter((u) => !u.startsWith(server.url)), 'decoder files fetched from another origin').toEqual([]);
    }
  });
}

test('software decoder: a file it cannot read either keeps a sentence that says what to do', async ({ browser, server }) => {
  const p = await page(browser, server.url);
  const dir = await mkdtemp(join(tmpdir(), 'fallback-bad-'));
  try {
    // An AVI header over noise: mediabunny refuses the container, ffmpeg finds no video in it.
    const bad = join(dir, 'noise.avi');
    const noise = Buffer.alloc(64 * 1024, 0);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    Buffer.from('RIFF\0\0\0\0AVI LIST').copy(noise);
    await writeFile(bad, noise);
    const r = (await analyzeReport(p, bad, FILE_MS)).result;
    expectOneSentence(r.error, 'noise.avi');
    expect(r.error, 'noise.avi: error').toBe(english(words('notMedia')));
    expect(r.score, 'noise.avi: score').toBeNull();
    // The page still works after it.
    const again = (await analyzeReport(p, GOOD, FILE_MS)).result;
    expect(again.error, 'after noise.avi').toBeNull();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('software decoder: where its files cannot be fetched, the browser refusal names the codec in plain words', async ({ browser, server }) => {
  const clip = await fallbackClip('h263');
  const blocked = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: E2E_FRAMES }), STARTUP_MS, async (c) => {
    await c.route(DECODER_FILE, (route) => route.abort('failed'));
  });
  try {
    const r = (await analyzeReport(blocked, clip, FILE_MS)).result;
    expectOneSentence(r.error, 'h263 without the decoder');
    expect(r.error, 'h263 without the decoder').toBe(english(codecRefusal('s263')));
    expect(r.error, 'h263 without the decoder').toContain('H.263 (3GP, old phones)');
  } finally {
    await blocked.close();
  }
});

test('software decoder: cancel while it decodes stops the analysis, and the next file works', async ({ browser, server }) => {
  const clip = await fallbackClip('hevc-8bit');
  const seen: string[] = [];
  const cp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: E2E_FRAMES }), STARTUP_MS, (c) => {
    c.on('request', (r) => seen.push(r.url()));
  });
  try {
    const { page: pg } = cp;
    const before = await pg.evaluate(() => window.deepfakeDetector?.status().results.length ?? 0);
    await pg.setInputFiles('input[type=file]', clip);
    // Cancel once the decoder's wasm is being fetched: the analysis is inside the software decoder
    // (loading, probing or its first ffmpeg run), seconds before any result can exist.
    await expect.poll(() => seen.some((u) => /ffmpeg-core-[^/]*\.wasm$/.test(u)), { timeout: FILE_MS }).toBe(true);
    await expect.poll(() => pg.evaluate(() => window.deepfakeDetector?.status().state), { message: 'the analysis ended before cancel could be tested (state)' }).toBe('analyzing');
    const t0 = performance.now();
    await pg.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')?.click());
    await pg.waitForFunction(() => window.deepfakeDetector?.status().state === 'ready', undefined, { timeout: STARTUP_MS });
    console.log(`  ready again ${((performance.now() - t0) / 1000).toFixed(1)} s after cancel (a fresh worker warms up)`);
    const results = () => pg.evaluate(() => window.deepfakeDetector?.status().results.length ?? 0);
    await expect.poll(results, { message: 'the cancelled analysis still produced a result (results after cancel)' }).toBe(before);
    const r = (await analyzeReport(cp, clip, FILE_MS)).result;
    expect(r.error, 'after cancel').toBeNull();
    expect(r.video?.decoder, 'after cancel: decoded by').toBe(FALLBACK_DECODER);
  } finally {
    await cp.close();
  }
});

test('software decoder: deepfake-scan analyses every format, names the decoder, scores within 0.03 of the H.264 twins', async () => {
  const clips = await Promise.all(FORMATS.map((f) => fallbackClip(f)));
  const dir = await mkdtemp(join(tmpdir(), 'scan-fallback-'));
  try {
    const out = join(dir, 'r.jsonl');
    const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', String(E2E_FRAMES), '--timeout-per-file', '300', ...clips], 1_500_000);
    expect(res.code, `scan's exit code:\n${res.stderr}`).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ScanLine);
    expect(lines.length, `lines for ${clips.length} clips`).toBe(clips.length);
    for (const [i, line] of lines.entries()) {
      const format = FORMATS[i]!;
      const r = line.result;
      expect(line.input.path, `line ${i}`).toBe(clips[i]);
      expect(r.error, `${format} via scan`).toBeNull();
      expect(r.score, `${format} via scan: no score (reason: ${String(r.reason)})`).toEqual(expect.any(Number));
      expect(r.video?.decoder, `${format} via scan: decoded by`).toBe(FALLBACK_DECODER);
      const score = r.score!;
      const twin = twinScores.get(format);
      console.log(`  scan ${format}: score ${score.toFixed(4)}, H.264 twin in the page ${twin?.toFixed(4) ?? '(not run)'}`);
      if (twin !== undefined) expect(Math.abs(score - twin), `${format} via scan: score ${score} vs the H.264 twin's ${twin}`).toBeLessThanOrEqual(MAX_DELTA);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
