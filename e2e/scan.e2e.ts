// `scan` end to end, as a user runs it (a child process): a real video and a file that only
// pretends to be one each get a line of the report schema, in input order, exit 3 (one input could
// not be analysed); and --timeout-per-file bounds a slow file while the files after it still get
// their lines.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../scan/exit-codes';
import { reportSchemaErrors } from '../node/report-schema';
import type { ScanLine } from '../scan/scan-line';
import { assert } from './assert';
import { E2E_FRAMES, MEDIA, REAL_VIDEO } from './data';
import { test } from './fixtures';
import { runScan } from './scan-cli';

test('scan: a video and a non-video file each get a valid JSON line (the report schema), in input order, exit 3', async () => {
  const haveReal = existsSync(REAL_VIDEO);
  const video = haveReal ? REAL_VIDEO : join(MEDIA, 'good-h264.mp4');
  if (!haveReal) console.log(`  ${REAL_VIDEO} absent: scanning the face-free fixture instead`);
  const notVideo = join(MEDIA, 'not-a-video.mp4');
  const dir = await mkdtemp(join(tmpdir(), 'scan-e2e-'));
  try {
    const out = join(dir, 'r.jsonl');
    const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', String(E2E_FRAMES), '--timeout-per-file', '300', video, notVideo], 900_000);
    assert(res.code === EXIT.unreadable, `scan exited ${res.code}, not ${EXIT.unreadable} (one input is not a video):\n${res.stderr}`);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ScanLine);
    assert(lines.length === 2, `expected 2 lines, got ${lines.length}`);
    for (const l of lines) {
      const errors = reportSchemaErrors(l);
      assert(errors.length === 0, `line for ${l.input.path} does not match src/report/report.schema.json: ${errors.join('; ')}`);
    }
    const [a, b] = lines as [ScanLine, ScanLine];
    assert(a.input.path === video && b.input.path === notVideo, `lines out of order: ${a.input.path}, ${b.input.path}`);
    const r = a.result;
    if (haveReal) {
      assert(typeof r.score === 'number' && r.score >= 0 && r.score <= 1, `video score ${String(r.score)}`);
      assert(r.error === null && typeof r.label === 'string', `video line: ${JSON.stringify(r).slice(0, 300)}`);
      assert(r.frames.length === E2E_FRAMES, `video line has ${r.frames.length} frames, asked for ${E2E_FRAMES}`);
    }
    assert(r.backend === 'wasm' && a.environment.backend === 'wasm', `video analysed on ${String(r.backend)}`);
    assert(a.input.sha256 === createHash('sha256').update(await readFile(video)).digest('hex'), `input hash ${a.input.sha256}`);
    assert(a.models.length > 0 && a.models.every((m) => m.manifestSha256 !== null), 'model hashes missing');
    assert(a.faceDetector.files.length >= 4 && a.faceDetector.provenanceError === null, `face detector hashes: ${JSON.stringify(a.faceDetector)}`);
    const e = b.result;
    assert(typeof e.error === 'string' && /not a video/.test(e.error) && e.score === null && e.label === null, `non-video line: ${JSON.stringify(e)}`);
    const t = r.timings;
    assert(['decodeMs', 'detectMs', 'inferMs', 'totalMs'].every((k) => typeof t[k as keyof typeof t] === 'number'), `timings: ${JSON.stringify(t)}`);
    console.log(`  ${String(r.label)} ${String(r.score)} | not-a-video: ${String(e.error)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const S = 5;

test(`scan: --timeout-per-file ${S} bounds a slow file, and the files after it still get their lines, exit 3`, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scan-timeout-'));
  try {
    const out = join(dir, 'r.jsonl');
    // 256 frames of the 30-minute video take far longer than S seconds on WASM. A quick file
    // goes first so the page's start-up is not in the slow file's time.
    const slow = join(MEDIA, 'long-30min.mp4');
    const files = [join(MEDIA, 'not-a-video.mp4'), slow, join(MEDIA, 'still.png')];
    const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', '256', '--timeout-per-file', String(S), ...files], 1_500_000);
    assert(res.code === EXIT.unreadable, `scan exited ${res.code}, not ${EXIT.unreadable} (two inputs fail):\n${res.stderr}`);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ScanLine);
    assert(lines.length === 3, `expected 3 lines, got ${lines.length}`);
    for (const l of lines) {
      const errors = reportSchemaErrors(l);
      assert(errors.length === 0, `line for ${l.input.path} does not match src/report/report.schema.json: ${errors.join('; ')}`);
    }
    const [b, a, c] = lines.map((l) => ({ ...l.result, file: l.input.path })) as [ScanLine['result'], ScanLine['result'], ScanLine['result']];
    console.log(`  ${b.error} | ${a.error} (${a.timings.totalMs} ms) | still: ${c.error ?? c.reason} | scan took ${(res.ms / 1000).toFixed(0)} s`);
    assert(/not a video/i.test(b.error ?? ''), `not-a-video: ${b.error}`);
    assert(a.file === slow && a.score === null && /timed out/i.test(a.error ?? ''), `slow file: ${JSON.stringify(a).slice(0, 300)}`);
    assert(a.timings.totalMs >= S * 1000 && a.timings.totalMs < S * 1000 + 3000, `the slow file was given up after ${a.timings.totalMs} ms`);
    assert(c.error === null && c.frames.length === 1, `the still image after the timeout: ${c.error}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
