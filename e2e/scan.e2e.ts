// `scan` end to end, as a user runs it: a child process on a real video and a file that only
// pretends to be one. Both get a valid line, in input order, and scan exits 0.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { E2EContext } from './run';
import { MEDIA, REAL_VIDEO, ROOT } from './data';
import { assert, type TestCase } from './harness';

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

const LINE_KEYS = ['backend', 'error', 'file', 'frames', 'label', 'models', 'reason', 'score', 'timings'];

export function scanTests(ctx: E2EContext): TestCase[] {
  return [
    {
      name: 'scan: a video and a non-video file each get a valid JSON line, in input order, exit 0',
      async run() {
        const haveReal = existsSync(REAL_VIDEO);
        const video = haveReal ? REAL_VIDEO : join(MEDIA, 'good-h264.mp4');
        if (!haveReal) console.log(`  ${REAL_VIDEO} absent: scanning the face-free fixture instead`);
        const notVideo = join(MEDIA, 'not-a-video.mp4');
        const dir = await mkdtemp(join(tmpdir(), 'scan-e2e-'));
        try {
          const out = join(dir, 'r.jsonl');
          const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', String(ctx.frames), '--timeout-per-file', '300', video, notVideo], 900_000);
          assert(res.code === 0, `scan exited ${res.code}:\n${res.stderr}`);
          const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
          assert(lines.length === 2, `expected 2 lines, got ${lines.length}`);
          for (const l of lines) assert(JSON.stringify(Object.keys(l).sort()) === JSON.stringify(LINE_KEYS), `line keys: ${Object.keys(l).join(',')}`);
          const [a, b] = lines as [Record<string, unknown>, Record<string, unknown>];
          assert(a.file === video && b.file === notVideo, `lines out of order: ${a.file}, ${b.file}`);
          if (haveReal) {
            assert(typeof a.score === 'number' && a.score >= 0 && a.score <= 1, `video score ${String(a.score)}`);
            assert(a.error === null && typeof a.label === 'string', `video line: ${JSON.stringify(a).slice(0, 300)}`);
            assert((a.frames as unknown[]).length === ctx.frames, `video line has ${(a.frames as unknown[]).length} frames, asked for ${ctx.frames}`);
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
      },
    },
  ];
}
