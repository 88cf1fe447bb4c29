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
import { assert, skip } from './assert';
import { SHARED_VIDEOS } from './data';
import { test } from './fixtures';
import { loopedClip } from './fixtures/runtime-fixtures';
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
  assert(all.length > 0 && refs.length > 0 && refs.length < all.length, `ffmpeg found ${refs.length} reference pictures of ${all.length}: nothing to skip in ${clip}`);

  const worker = await analysisWorker(dp.page);
  await worker.evaluate('self.__chunks = []');
  const report = await analyzeReport(dp, clip, FILE_MS, FRAMES);
  const chunks = (await worker.evaluate('self.__chunks')) as number[];
  const result = report.result;
  assert(result.error === null && result.video !== null, `no result: ${result.error}`);

  const startMs = Math.max(0, Math.min(...all) * 1000);
  const sorted = [...all].sort((a, b) => a - b);
  const onScreen = sampleTimes(result.video.durationMs, FRAMES, startMs).map((t) => sorted.filter((s) => s * 1000 <= t + 1e-3).pop()!);
  const analysed = result.frames.map((f) => f.timeMs);
  const want = onScreen.map((s) => s * 1000);
  assert(analysed.length === want.length && analysed.every((t, i) => Math.abs(t - want[i]!) < 0.01), `frames analysed ${analysed.slice(0, 6)} are not those on screen ${want.slice(0, 6)}`);

  const refSet = new Set(refs.map(us));
  const shownOthers = new Set(onScreen.map(us).filter((t) => !near(t, refSet)));
  const decoded = new Set(chunks);
  assert(chunks.length === decoded.size, `some chunk was decoded twice (${chunks.length} calls, ${decoded.size} timestamps)`);
  console.log(`  ${clip.split('/').pop()}: ${all.length} frames, ${refs.length} reference pictures + ${shownOthers.size} others on screen at the ${FRAMES} moments; the page decoded ${chunks.length}`);
  return { all, refSet, shownOthers, decoded, video: result.video };
}

test(`decode: only reference pictures and the frames on screen at the sampled moments reach the decoder, and those are the frames analysed (1080p clip in one pass, and three times over with key-frame jumps; ${FRAMES} frames)`, async ({ browser, server }) => {
  const clip = join(SHARED_VIDEOS, 'dfdc-fake-brtujopkby.mp4');
  if (!existsSync(clip)) skip(`${clip} is absent (../shared/data is not beside this checkout)`);
  const looped = await loopedClip();
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: FRAMES }), STARTUP_MS, (c) => patchWorker(c, DECODE_LEVER));
  try {
    // One pass from the start: exactly the reference pictures and the frames on screen.
    const one = await decodeOf(dp, clip);
    assert(preferSequential(one.video), 'the 10 s clip is expected to be decoded in one pass');
    const expected = new Set([...one.refSet, ...one.shownOthers]);
    const extra = [...one.decoded].filter((t) => !near(t, expected));
    const missing = [...expected].filter((t) => !near(t, one.decoded));
    assert(extra.length === 0 && missing.length === 0, `decoded chunks differ from reference pictures + frames on screen: extra ${extra.slice(0, 5)} missing ${missing.slice(0, 5)}`);

    // Key-frame jumps: nothing but reference pictures and frames on screen, and far fewer than all.
    const jumps = await decodeOf(dp, looped);
    assert(!preferSequential(jumps.video), 'the 30 s clip is expected to be decoded by key-frame jumps');
    const allowed = new Set([...jumps.refSet, ...jumps.shownOthers]);
    const stray = [...jumps.decoded].filter((t) => !near(t, allowed));
    assert(stray.length === 0, `the jumps decoded pictures nothing refers to that are not on screen: ${stray.slice(0, 5)}`);
    assert(jumps.decoded.size <= jumps.refSet.size + jumps.shownOthers.size && jumps.decoded.size < jumps.all.length * 0.6, `the jumps decoded ${jumps.decoded.size} of ${jumps.all.length} frames`);
  } finally {
    await dp.close();
  }
});
