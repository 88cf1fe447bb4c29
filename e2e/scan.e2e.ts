// `scan` end to end, as a user runs it: a child process on a real video and a file that only
// pretends to be one. Both get a line of the report schema, in input order; scan exits 3 (one
// input could not be analysed).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { E2EContext } from './run';
import { MEDIA, REAL_VIDEO, ROOT } from './data';
import { assert, type TestCase } from './harness';
import { EXIT } from '../scan/exit-codes';
import { reportSchemaErrors } from '../scan/report-schema';
import type { ScanLine } from '../scan/scan-line';

function runScan(args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scan', 'scan.ts'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`scan did not finish within ${timeoutMs / 1000} s:\n${stderr}`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ code, stderr });
    });
  });
}

export function scanTests(ctx: E2EContext): TestCase[] {
  return [
    {
      name: 'scan: a video and a non-video file each get a valid JSON line (the report schema), in input order, exit 3',
      async run() {
        const haveReal = existsSync(REAL_VIDEO);
        const video = haveReal ? REAL_VIDEO : join(MEDIA, 'good-h264.mp4');
        if (!haveReal) console.log(`  ${REAL_VIDEO} absent: scanning the face-free fixture instead`);
        const notVideo = join(MEDIA, 'not-a-video.mp4');
        const dir = await mkdtemp(join(tmpdir(), 'scan-e2e-'));
        try {
          const out = join(dir, 'r.jsonl');
          const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', String(ctx.frames), '--timeout-per-file', '300', video, notVideo], 900_000);
          assert(res.code === EXIT.unreadable, `scan exited ${res.code}, not ${EXIT.unreadable} (one input is not a video):\n${res.stderr}`);
          const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ScanLine);
          assert(lines.length === 2, `expected 2 lines, got ${lines.length}`);
          for (const l of lines) {
            const errors = reportSchemaErrors(l);
            assert(errors.length === 0, `line for ${l.input.path} does not match schema/report.schema.json: ${errors.join('; ')}`);
          }
          const [a, b] = lines as [ScanLine, ScanLine];
          assert(a.input.path === video && b.input.path === notVideo, `lines out of order: ${a.input.path}, ${b.input.path}`);
          const r = a.result;
          if (haveReal) {
            assert(typeof r.score === 'number' && r.score >= 0 && r.score <= 1, `video score ${String(r.score)}`);
            assert(r.error === null && typeof r.label === 'string', `video line: ${JSON.stringify(r).slice(0, 300)}`);
            assert(r.frames.length === ctx.frames, `video line has ${r.frames.length} frames, asked for ${ctx.frames}`);
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
      },
    },
  ];
}
