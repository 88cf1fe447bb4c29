// The decoder is spared the H.264 pictures nothing refers to (src/pipeline/skip-frames.ts), except
// those on screen at a sampled moment. Checked against ffmpeg, which names the reference pictures
// (the frames `ffmpeg -skip_frame noref` decodes, printed by showinfo), and ffprobe, which lists
// every frame's timestamp:
//  - the 10 s 1080p clip, decoded in one pass from the start: the chunks the page's VideoDecoder
//    gets are exactly the reference pictures plus the frames on screen at the sampled moments;
//  - the same clip three times over (30 s), where the decoder jumps between key frames: every chunk
//    is a reference picture or a frame on screen, and about half the frames are never decoded.
// In both, the frames analysed are the ones on screen (the largest timestamp at or before each
// moment). Decoding a reference picture does not depend on the pictures left out, so the frames
// analysed are decoded exactly as before.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { analyzeReport, detectorUrl, openDetector, type DetectorPage } from '../scan/page-driver';
import { preferSequential } from '../src/pipeline/decode';
import { sampleTimes } from '../src/pipeline/sample';
import { SHARED_VIDEOS } from './data';
import { expect, test } from './fixtures';
import { loopedClip } from './fixtures/runtime-fixtures';
import { skip } from './skip';
import { analysisWorker, FILE_MS, patchWorker, STARTUP_MS } from './worker-levers';

const run = promisify(execFile);
const FRAMES = 16;

/** Records the timestamp (µs) of every chunk the worker's VideoDecoders are given. */
const DECODE_LEVER = `(() => {
  self.__chunks = [];
  const decode = VideoDecoder.prototype.decode;
  VideoDecoder.prototype.decode = function (chunk) {
    self.__chunks.push(chunk.timestamp);
    return decode.call(this, chunk);
  };
})()`;

async function tool(command: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args, { maxBuffer: 64 << 20 });
    return `${stdout}${stderr}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') skip(`${command} is not installed (Debian: apt-get install ffmpeg)`);
    throw err;
  }
}

const us = (seconds: number) => Math.round(seconds * 1e6);
/** Timestamps compared within 0.1 ms (showinfo prints fewer decimals; frames are 33 ms apart). */
const near = (a: number, set: Set<number>) => [...set].some((b) => Math.abs(a - b) <= 100);

/** Analyses `clip` and returns what the decoder was given, the reference pictures and frames on
 *  screen by ffmpeg, after checking that the frames analysed are the ones on screen. */
async function decodeOf(dp: DetectorPage, clip: string) {
  const all = (await tool('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', clip]))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
  const refs = [...(await tool('ffmpeg', ['-hide_banner', '-nostdin', '-skip_frame', 'noref', '-i', clip, '-an', '-vf', 'showinfo', '-f', 'null', '-'])).matchAll(/pts_time:([0-9.]+)/g)].map((m) => Number(m[1]));
  const found = `ffmpeg found ${refs.length} reference pictures of ${all.length}: nothing to skip in ${clip}`;
  expect(all.length, found).toBeGreaterThan(0);
  expect(refs.length, found).toBeGreaterThan(0);
  expect(refs.length, found).toBeLessThan(all.length);

  const worker = await analysisWorker(dp.page);
  await worker.evaluate('self.__chunks = []');
  const report = await analyzeReport(dp, clip, FILE_MS, FRAMES);
  const chunks = (await worker.evaluate('self.__chunks')) as number[];
  const result = report.result;
  expect(result.error, 'no result').toBeNull();
  expect(result.video, 'no result: no video').not.toBeNull();
  const video = result.video!;

  const startMs = Math.max(0, Math.min(...all) * 1000);
  const sorted = [...all].sort((a, b) => a - b);
  const onScreen = sampleTimes(video.durationMs, FRAMES, startMs).map((t) => sorted.filter((s) => s * 1000 <= t + 1e-3).pop()!);
  const analysed = result.frames.map((f) => f.timeMs);
  const want = onScreen.map((s) => s * 1000);
  const notOnScreen = `frames analysed ${analysed.slice(0, 6)} are not those on screen ${want.slice(0, 6)}`;
  expect(analysed.length, notOnScreen).toBe(want.length);
  for (const [i, t] of analysed.entries()) expect(Math.abs(t - want[i]!), notOnScreen).toBeLessThan(0.01);

  const refSet = new Set(refs.map(us));
  const shownOthers = new Set(onScreen.map(us).filter((t) => !near(t, refSet)));
  const decoded = new Set(chunks);
  expect(chunks.length, `some chunk was decoded twice (${chunks.length} calls, ${decoded.size} timestamps)`).toBe(decoded.size);
  console.log(`  ${clip.split('/').pop()}: ${all.length} frames, ${refs.length} reference pictures + ${shownOthers.size} others on screen at the ${FRAMES} moments; the page decoded ${chunks.length}`);
  return { all, refSet, shownOthers, decoded, video };
}

test(`decode: only reference pictures and the frames on screen at the sampled moments reach the decoder, and those are the frames analysed (1080p clip in one pass, and three times over with key-frame jumps; ${FRAMES} frames)`, async ({ browser, server }) => {
  const clip = join(SHARED_VIDEOS, 'dfdc-fake-brtujopkby.mp4');
  if (!existsSync(clip)) skip(`${clip} is absent (../shared/data is not beside this checkout)`);
  const looped = await loopedClip();
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: FRAMES }), STARTUP_MS, (c) => patchWorker(c, DECODE_LEVER));
  try {
    // One pass from the start: exactly the reference pictures and the frames on screen.
    const one = await decodeOf(dp, clip);
    expect(preferSequential(one.video), 'the 10 s clip is expected to be decoded in one pass').toBe(true);
    const expected = new Set([...one.refSet, ...one.shownOthers]);
    const extra = [...one.decoded].filter((t) => !near(t, expected));
    const missing = [...expected].filter((t) => !near(t, one.decoded));
    expect(extra.slice(0, 5), 'decoded chunks that are neither reference pictures nor frames on screen (first 5)').toEqual([]);
    expect(missing.slice(0, 5), 'reference pictures or frames on screen that were not decoded (first 5)').toEqual([]);

    // Key-frame jumps: nothing but reference pictures and frames on screen, and far fewer than all.
    const jumps = await decodeOf(dp, looped);
    expect(preferSequential(jumps.video), 'the 30 s clip is expected to be decoded by key-frame jumps').toBe(false);
    const allowed = new Set([...jumps.refSet, ...jumps.shownOthers]);
    const stray = [...jumps.decoded].filter((t) => !near(t, allowed));
    expect(stray.slice(0, 5), 'the jumps decoded pictures nothing refers to that are not on screen (first 5)').toEqual([]);
    expect(jumps.decoded.size, 'the jumps decoded more than the reference pictures and frames on screen').toBeLessThanOrEqual(jumps.refSet.size + jumps.shownOthers.size);
    expect(jumps.decoded.size, `the jumps decoded too many of the ${jumps.all.length} frames`).toBeLessThan(jumps.all.length * 0.6);
  } finally {
    await dp.close();
  }
});
