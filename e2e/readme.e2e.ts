// The README's examples, run as written: the two deepfake-scan shell examples (bash, with
// `deepfake-scan` on PATH as an installed package puts it) and the Playwright test a user pastes
// into their own suite (its @playwright/test import pointed at playwright-test-shim.ts).
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { E2EContext } from './run';
import { MEDIA, ROOT } from './data';
import { assert, skip, type TestCase } from './harness';

/** The fenced block after `<!-- example: NAME -->` in README.md. */
export async function readmeExample(name: string): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- example: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  assert(m !== null, `README.md has no example "${name}"`);
  return m[1]!;
}

function hasCommand(name: string): Promise<boolean> {
  return new Promise((ok) => {
    const child = spawn('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    child.on('close', (code) => ok(code === 0));
    child.on('error', () => ok(false));
  });
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the example did not finish within ${timeoutMs / 1000} s:\n${stderr}`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    });
  });
}

/** A folder like a user's: clips/ and uploads/ with videos, a still and stray text files, and
 *  `deepfake-scan` on PATH (the checkout's bin, as npm links it). */
async function userFolder(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = await mkdtemp(join(tmpdir(), 'readme-'));
  await mkdir(join(dir, 'clips'));
  await mkdir(join(dir, 'uploads', 'day1'), { recursive: true });
  await mkdir(join(dir, 'uploads', 'day2'));
  await mkdir(join(dir, '.bin'));
  await copyFile(join(MEDIA, 'good-h264.mp4'), join(dir, 'clips', 'interview.mp4'));
  await copyFile(join(MEDIA, 'still.png'), join(dir, 'clips', 'still.png'));
  await writeFile(join(dir, 'clips', 'notes.txt'), 'who, where, when\n');
  await copyFile(join(MEDIA, 'good-h264.mp4'), join(dir, 'uploads', 'day1', 'a.mp4'));
  await copyFile(join(MEDIA, 'no-face.mp4'), join(dir, 'uploads', 'day2', 'b.mp4'));
  await writeFile(join(dir, 'uploads', 'day2', 'b.txt'), 'caption\n');
  await symlink(join(ROOT, 'bin', 'deepfake-scan.mjs'), join(dir, '.bin', 'deepfake-scan'));
  return { dir, env: { ...process.env, PATH: `${join(dir, '.bin')}:${process.env.PATH ?? ''}` } };
}

export function readmeTests(ctx: E2EContext): TestCase[] {
  return [
    {
      name: 'README: the deepfake-scan batch example runs as written (skips notes.txt, writes a summary)',
      async run() {
        if (!(await hasCommand('jq'))) skip('jq is not installed (the example pipes into it); .ci/run installs it');
        const { dir, env } = await userFolder();
        try {
          const res = await bash(await readmeExample('scan-batch'), dir, env, 600_000);
          assert(res.code === 0, `the example exited ${res.code}:\n${res.stdout}\n${res.stderr}`);
          const out = res.stdout.trim().split('\n');
          assert(out[0] === 'exit code: 0', `first line: ${out[0]}\n${res.stderr}`);
          assert(out[1] === 'clips/interview.mp4\tno label\t' && out[2] === 'clips/still.png\tno label\t', `table:\n${out.slice(1, 3).join('\n')}`);
          assert(out[3] === '{"fake":0,"real":0,"uncertain":0,"none":2}', `labels: ${out[3]}`);
          assert(/skipped 1 file that are not video or images/.test(res.stderr) || /skipped 1 file/.test(res.stderr), `stderr does not mention the skipped notes.txt:\n${res.stderr}`);
          const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as { skipped: string[]; exitCode: number };
          assert(JSON.stringify(summary.skipped) === JSON.stringify(['clips/notes.txt']) && summary.exitCode === 0, `summary: ${JSON.stringify(summary)}`);
          console.log(`  ${out.join(' | ')}`);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    },
    {
      name: 'README: the deepfake-scan CI example runs as written (glob over uploads/, exit code branches)',
      async run() {
        if (!(await hasCommand('jq'))) skip('jq is not installed (the example pipes into it); .ci/run installs it');
        const { dir, env } = await userFolder();
        try {
          const script = await readmeExample('scan-ci');
          const res = await bash(script, dir, env, 600_000);
          assert(res.code === 0 && res.stdout.trim() === 'all clear: 2 videos checked', `exit ${res.code}: ${res.stdout}\n${res.stderr}`);
          // The failure branch: a damaged upload cannot be checked -> exit 3 -> the example fails the job.
          await copyFile(join(MEDIA, 'truncated-moov-last.mp4'), join(dir, 'uploads', 'day2', 'c.mp4'));
          const bad = await bash(script, dir, env, 600_000);
          assert(bad.code === 1 && bad.stdout.includes('some uploads could not be checked:') && bad.stdout.includes('uploads/day2/c.mp4: '), `exit ${bad.code}: ${bad.stdout}`);
          console.log(`  ${res.stdout.trim()} | then: ${bad.stdout.trim().split('\n').join(' / ')}`);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    },
    {
      name: 'README: the Playwright example passes against the built page',
      async run() {
        const code = await readmeExample('playwright');
        const { dir } = await userFolder();
        const shim = pathToFileURL(join(ROOT, 'e2e', 'playwright-test-shim.ts')).href;
        // .mts: an ES module wherever it sits, so it shares the shim instance imported here.
        const spec = join(dir, 'deepfake.spec.mts');
        await writeFile(spec, code.replace("from '@playwright/test'", `from '${shim}'`));
        const cwd = process.cwd();
        const prevUrl = process.env.DETECTOR_URL;
        const { recorded } = (await import(shim)) as typeof import('./playwright-test-shim');
        recorded.length = 0;
        const context = await ctx.browser.newContext();
        try {
          process.env.DETECTOR_URL = `${ctx.server.url}?backend=wasm`;
          process.chdir(dir);
          await import(pathToFileURL(spec).href);
          assert(recorded.length === 1, `the example registered ${recorded.length} tests`);
          const page = await context.newPage();
          await recorded[0]!.fn({ page });
          // The example's analysis also shows on the page, as a dropped file would.
          await page.getByTestId('verdict').waitFor({ timeout: 10_000 });
        } finally {
          process.chdir(cwd);
          if (prevUrl === undefined) delete process.env.DETECTOR_URL;
          else process.env.DETECTOR_URL = prevUrl;
          await context.close();
          await rm(dir, { recursive: true, force: true });
        }
      },
    },
  ];
}
