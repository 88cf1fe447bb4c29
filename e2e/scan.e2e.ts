// `scan` end to end, as a user runs it (a child process): a real video and a file that only
// pretends to be one each get a valid line, in input order, exit 0; and --timeout-per-file bounds a
// slow file while the files after it still get their lines.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanLine } from '../scan/scan-line';
import { assert } from './assert';
import { E2E_FRAMES, MEDIA, REAL_VIDEO } from './data';
import { test } from './fixtures';
import { runScan } from './scan-cli';

const LINE_KEYS = ['backend', 'error', 'file', 'frames', 'label', 'models', 'reason', 'score', 'timings'];

test('scan: a video and a non-video file each get a valid JSON line, in input order, exit 0', async () => {
  const haveReal = existsSync(REAL_VIDEO);
  const video = haveReal ? REAL_VIDEO : join(MEDIA, 'good-h264.mp4');
  if (!haveReal) console.log(`  ${REAL_VIDEO} absent: scanning the face-free fixture instead`);
  const notVideo = join(MEDIA, 'not-a-video.mp4');
  const dir = await mkdtemp(join(tmpdir(), 'scan-e2e-'));
  try {
    const out = join(dir, 'r.jsonl');
    const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', String(E2E_FRAMES), '--timeout-per-file', '300', video, notVideo], 900_000);
    assert(res.code === 0, `scan exited ${res.code}:\n${res.stderr}`);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert(lines.length === 2, `expected 2 lines, got ${lines.length}`);
    for (const l of lines) assert(JSON.stringify(Object.keys(l).sort()) === JSON.stringify(LINE_KEYS), `line keys: ${Object.keys(l).join(',')}`);
    const [a, b] = lines as [Record<string, unknown>, Record<string, unknown>];
    assert(a.file === video && b.file === notVideo, `lines out of order: ${a.file}, ${b.file}`);
    if (haveReal) {
      assert(typeof a.score === 'number' && a.score >= 0 && a.score <= 1, `video score ${String(a.score)}`);
      assert(a.error === null && typeof a.label === 'string', `video line: ${JSON.stringify(a).slice(0, 300)}`);
      assert((a.frames as unknown[]).length === E2E_FRAMES, `video line has ${(a.frames as unknown[]).length} frames, asked for ${E2E_FRAMES}`);
    } else {
      assert(a.error !== null || a.score === null || typeof a.score === 'number', 'fixture line malformed');
    }
    assert(a.backend === 'wasm', `video analysed on ${String(a.backend)}`);
    assert(typeof b.error === 'string' && b.error.length > 0 && b.score === null && b.label === null, `non-video line: ${JSON.stringify(b)}`);
    const t = a.timings as Record<string, number>;
    assert(['decodeMs', 'detectMs', 'inferMs', 'totalMs'].every((k) => typeof t[k] === 'number'), `timings: ${JSON.stringify(t)}`);
    console.log(`  ${String(a.label)} ${String(a.score)} | not-a-video: ${String(b.error)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const S = 5;

test(`scan: --timeout-per-file ${S} bounds a slow file, and the files after it still get their lines`, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scan-timeout-'));
  try {
    const out = join(dir, 'r.jsonl');
    // 256 frames of the 30-minute video take far longer than S seconds on WASM. A quick file
    // goes first so the page's start-up is not in the slow file's time.
    const slow = join(MEDIA, 'long-30min.mp4');
    const files = [join(MEDIA, 'not-a-video.mp4'), slow, join(MEDIA, 'still.png')];
    const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', '256', '--timeout-per-file', String(S), ...files], 1_500_000);
    assert(res.code === 0, `scan exited ${res.code}:\n${res.stderr}`);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ScanLine);
    assert(lines.length === 3, `expected 3 lines, got ${lines.length}`);
    const [b, a, c] = lines as [ScanLine, ScanLine, ScanLine];
    console.log(`  ${b.error} | ${a.error} (${a.timings.totalMs} ms) | still: ${c.error ?? c.reason} | scan took ${(res.ms / 1000).toFixed(0)} s`);
    assert(/not a video/i.test(b.error ?? ''), `not-a-video: ${b.error}`);
    assert(a.file === slow && a.score === null && /timed out/i.test(a.error ?? ''), `slow file: ${JSON.stringify(a).slice(0, 300)}`);
    assert(a.timings.totalMs >= S * 1000 && a.timings.totalMs < S * 1000 + 3000, `the slow file was given up after ${a.timings.totalMs} ms`);
    assert(c.error === null && c.frames.length === 1, `the still image after the timeout: ${c.error}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
