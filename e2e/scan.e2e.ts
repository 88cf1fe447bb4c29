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
import { E2E_FRAMES, MEDIA, REAL_VIDEO } from './data';
import { expect, test } from './fixtures';
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
    expect(res.code, `scan's exit code (one input is not a video):\n${res.stderr}`).toBe(EXIT.unreadable);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ScanLine);
    expect(lines.length, 'lines for 2 inputs').toBe(2);
    for (const l of lines) expect(reportSchemaErrors(l), `line for ${l.input.path} does not match src/report/report.schema.json`).toEqual([]);
    const [a, b] = lines as [ScanLine, ScanLine];
    expect([a.input.path, b.input.path], 'lines out of order').toEqual([video, notVideo]);
    const r = a.result;
    if (haveReal) {
      expect(r.score, 'video score').toBeGreaterThanOrEqual(0);
      expect(r.score, 'video score').toBeLessThanOrEqual(1);
      expect(r.error, `video line: ${JSON.stringify(r).slice(0, 300)}`).toBeNull();
      expect(r.label, `video line: ${JSON.stringify(r).slice(0, 300)}`).toEqual(expect.any(String));
      expect(r.frames.length, `video line frames, asked for ${E2E_FRAMES}`).toBe(E2E_FRAMES);
    }
    expect(r.backend, 'video analysed on').toBe('wasm');
    expect(a.environment.backend, 'the report environment backend').toBe('wasm');
    expect(a.input.sha256, 'input hash').toBe(createHash('sha256').update(await readFile(video)).digest('hex'));
    expect(a.models.length, 'model hashes missing: no models').toBeGreaterThan(0);
    expect(a.models.filter((m) => m.manifestSha256 === null).map((m) => m.name), 'models without a manifest hash').toEqual([]);
    expect(a.faceDetector.files.length, `face detector hashes: ${JSON.stringify(a.faceDetector)}`).toBeGreaterThanOrEqual(4);
    expect(a.faceDetector.provenanceError, 'face detector provenance').toBeNull();
    const e = b.result;
    expect(e.error, `non-video line: ${JSON.stringify(e)}`).toMatch(/not a video/);
    expect(e.score, 'non-video line: score').toBeNull();
    expect(e.label, 'non-video line: label').toBeNull();
    const t = r.timings;
    for (const k of ['decodeMs', 'detectMs', 'inferMs', 'totalMs'] as const) expect(t[k], `timings: ${JSON.stringify(t)}`).toEqual(expect.any(Number));
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
    expect(res.code, `scan's exit code (two inputs fail):\n${res.stderr}`).toBe(EXIT.unreadable);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ScanLine);
    expect(lines.length, 'lines for 3 inputs').toBe(3);
    for (const l of lines) expect(reportSchemaErrors(l), `line for ${l.input.path} does not match src/report/report.schema.json`).toEqual([]);
    const [b, a, c] = lines.map((l) => ({ ...l.result, file: l.input.path })) as [ScanLine['result'], ScanLine['result'], ScanLine['result']];
    console.log(`  ${b.error} | ${a.error} (${a.timings.totalMs} ms) | still: ${c.error ?? c.reason} | scan took ${(res.ms / 1000).toFixed(0)} s`);
    expect(b.error, 'not-a-video').toMatch(/not a video/i);
    const slowLine = `slow file: ${JSON.stringify(a).slice(0, 300)}`;
    expect(a.file, slowLine).toBe(slow);
    expect(a.score, slowLine).toBeNull();
    expect(a.error, slowLine).toMatch(/timed out/i);
    expect(a.timings.totalMs, 'the slow file was given up after (ms)').toBeGreaterThanOrEqual(S * 1000);
    expect(a.timings.totalMs, 'the slow file was given up after (ms)').toBeLessThan(S * 1000 + 3000);
    expect(c.error, 'the still image after the timeout').toBeNull();
    expect(c.frames.length, 'the still image after the timeout: frames').toBe(1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
