// The decoder is spared the H.264 pictures nothing refers to (src/pipeline/skip-frames.ts), except
// those on screen at a sampled moment. Checked against ffmpeg on the 1080p clip (x264, B-frames):
// the chunks the page hands its VideoDecoder must be exactly the reference pictures (the frames
// `ffmpeg -skip_frame noref` decodes) plus the frames on screen at the sampled moments, and the
// frames analysed must be the ones on screen (the largest timestamp at or before each moment, from
// ffprobe's list). Decoding a reference picture does not depend on the pictures left out, so the
// frames analysed are decoded exactly as before.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { analyzeReport, detectorUrl, openDetector } from '../scan/page-driver';
import { sampleTimes } from '../src/pipeline/sample';
import { assert, skip } from './assert';
import { SHARED_VIDEOS } from './data';
import { test } from './fixtures';
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

test(`decode: only reference pictures and the frames on screen at the sampled moments reach the decoder, and those are the frames analysed (1080p clip, ${FRAMES} frames)`, async ({ browser, server }) => {
  const clip = join(SHARED_VIDEOS, 'dfdc-fake-brtujopkby.mp4');
  if (!existsSync(clip)) skip(`${clip} is absent (../shared/data is not beside this checkout)`);
  // Every frame's presentation time, and those of the reference pictures (showinfo prints the
  // frames ffmpeg decodes when it skips the others).
  const all = (await tool('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', clip]))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
  const refs = [...(await tool('ffmpeg', ['-hide_banner', '-nostdin', '-skip_frame', 'noref', '-i', clip, '-an', '-vf', 'showinfo', '-f', 'null', '-'])).matchAll(/pts_time:([0-9.]+)/g)].map((m) => Number(m[1]));
  assert(all.length > 0 && refs.length > 0 && refs.length < all.length, `ffmpeg found ${refs.length} reference pictures of ${all.length}: nothing to skip in this clip`);

  const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: FRAMES }), STARTUP_MS, (c) => patchWorker(c, DECODE_LEVER));
  try {
    const worker = await analysisWorker(dp.page);
    const report = await analyzeReport(dp, clip, FILE_MS, FRAMES);
    const chunks = (await worker.evaluate('self.__chunks')) as number[];
    const result = report.result;
    assert(result.error === null && result.video !== null, `no result: ${result.error}`);

    const startMs = Math.max(0, Math.min(...all) * 1000);
    const wanted = sampleTimes(result.video.durationMs, FRAMES, startMs);
    const sorted = [...all].sort((a, b) => a - b);
    const onScreen = wanted.map((t) => sorted.filter((s) => s * 1000 <= t + 1e-3).pop()!);
    // Timestamps compared within 0.1 ms (showinfo prints fewer decimals; frames are 33 ms apart).
    const near = (a: number, set: Set<number>) => [...set].some((b) => Math.abs(a - b) <= 100);
    const refSet = new Set(refs.map(us));
    const extraShown = onScreen.map(us).filter((t) => !near(t, refSet));
    const expected = new Set([...refSet, ...extraShown]);
    const decoded = new Set(chunks);
    console.log(`  ${all.length} frames, ${refs.length} reference pictures + ${new Set(extraShown).size} others on screen at the ${FRAMES} moments; the page decoded ${chunks.length} chunks`);
    const extra = [...decoded].filter((t) => !near(t, expected));
    const missing = [...expected].filter((t) => !near(t, decoded));
    assert(extra.length === 0 && missing.length === 0, `decoded chunks differ from reference pictures + frames on screen: extra ${extra.slice(0, 5)} missing ${missing.slice(0, 5)}`);
    assert(chunks.length === decoded.size, `some chunk was decoded twice (${chunks.length} calls, ${decoded.size} timestamps)`);

    const analysed = result.frames.map((f) => f.timeMs);
    const want = onScreen.map((s) => s * 1000);
    assert(analysed.length === want.length && analysed.every((t, i) => Math.abs(t - want[i]!) < 0.01), `frames analysed ${analysed.slice(0, 6)} are not those on screen ${want.slice(0, 6)}`);
  } finally {
    await dp.close();
  }
});
