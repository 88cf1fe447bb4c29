// The README's examples, run as written: the two deepfake-scan shell examples (bash, with
// `deepfake-scan` on PATH as an installed package puts it) and the Playwright test a user pastes
// into their own suite (run by the real @playwright/test, in a folder of its own, against the built
// page this suite serves).
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumExecutable } from '../scan/browser';
import { MEDIA, ROOT } from './data';
import { expect, test } from './fixtures';
import { runCommand, type CommandRun } from './run-command';
import { skip } from './skip';

/** The fenced block after `<!-- example: NAME -->` in README.md. */
async function readmeExample(name: string): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- example: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  expect(m, `README.md has no example "${name}"`).not.toBeNull();
  return m![1]!;
}

function hasCommand(name: string): Promise<boolean> {
  return new Promise((ok) => {
    const child = spawn('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    child.on('close', (code) => ok(code === 0));
    child.on('error', () => ok(false));
  });
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, argv: string[] = ['bash', '-c', script]): Promise<CommandRun> {
  return runCommand(argv[0]!, argv.slice(1), { cwd, env, timeoutMs });
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

test('README: the deepfake-scan batch example runs as written (skips notes.txt, writes a summary)', async () => {
  if (!(await hasCommand('jq'))) skip('jq is not installed (the example pipes into it); .ci/run installs it');
  const { dir, env } = await userFolder();
  try {
    const res = await bash(await readmeExample('scan-batch'), dir, env, 600_000);
    expect(res.code, `the example's exit code:\n${res.stdout}\n${res.stderr}`).toBe(0);
    const out = res.stdout.trim().split('\n');
    expect(out[0], `first line\n${res.stderr}`).toBe('exit code: 0');
    expect(out.slice(1, 3), 'table').toEqual(['clips/interview.mp4\tno label\t', 'clips/still.png\tno label\t']);
    expect(out[3], 'labels').toBe('{"fake":0,"real":0,"uncertain":0,"none":2}');
    // (It was "/skipped 1 file that are not video or images/ or /skipped 1 file/": the second
    // contains the first, so this is the same check.)
    expect(res.stderr, 'stderr does not mention the skipped notes.txt').toMatch(/skipped 1 file/);
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as { skipped: string[]; exitCode: number };
    expect(summary.skipped, `summary: ${JSON.stringify(summary)}`).toEqual(['clips/notes.txt']);
    expect(summary.exitCode, `summary: ${JSON.stringify(summary)}`).toBe(0);
    console.log(`  ${out.join(' | ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('README: the deepfake-scan CI example runs as written (glob over uploads/, exit code branches)', async () => {
  if (!(await hasCommand('jq'))) skip('jq is not installed (the example pipes into it); .ci/run installs it');
  const { dir, env } = await userFolder();
  try {
    const script = await readmeExample('scan-ci');
    const res = await bash(script, dir, env, 600_000);
    expect(res.code, `the example's exit code: ${res.stdout}\n${res.stderr}`).toBe(0);
    expect(res.stdout.trim(), `the example's output\n${res.stderr}`).toBe('all clear: 2 videos checked');
    // The failure branch: a damaged upload cannot be checked -> exit 3 -> the example fails the job.
    await copyFile(join(MEDIA, 'truncated-moov-last.mp4'), join(dir, 'uploads', 'day2', 'c.mp4'));
    const bad = await bash(script, dir, env, 600_000);
    expect(bad.code, `the example's exit code with a damaged upload: ${bad.stdout}`).toBe(1);
    expect(bad.stdout, 'the example with a damaged upload').toContain('some uploads could not be checked:');
    expect(bad.stdout, 'the example with a damaged upload').toContain('uploads/day2/c.mp4: ');
    console.log(`  ${res.stdout.trim()} | then: ${bad.stdout.trim().split('\n').join(' / ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

interface JsonReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  errors: { message?: string }[];
}

test('README: the Playwright example passes against the built page', async ({ server }) => {
  const code = await readmeExample('playwright');
  const { dir } = await userFolder();
  try {
    // A user's suite: the example as its one spec, @playwright/test from this checkout
    // (node_modules linked, so the runner and the spec load the same copy), the same Chromium.
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    await writeFile(join(dir, 'deepfake.spec.ts'), code);
    const config = {
      testDir: '.',
      testMatch: 'deepfake.spec.ts',
      workers: 1,
      retries: 0,
      timeout: 600_000,
      outputDir: 'test-results',
      reporter: [['list'], ['json', { outputFile: 'report.json' }]],
      use: { launchOptions: { executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS] } },
    };
    await writeFile(join(dir, 'playwright.config.mjs'), `export default ${JSON.stringify(config, null, 2)};\n`);
    // The outer run's worker variables would make the inner runner think it is one of our workers.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEST_|PW_|PLAYWRIGHT_)/.test(k)));
    env.DETECTOR_URL = `${server.url}?backend=wasm`;
    const cli = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
    const res = await bash('', dir, env, 900_000, [process.execPath, cli, 'test', '--config', 'playwright.config.mjs']);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8').catch(() => 'null')) as JsonReport | null;
    expect(report, `the example's run wrote no report (exit ${res.code}):\n${res.stdout}\n${res.stderr}`).not.toBeNull();
    const { expected, unexpected, skipped, flaky } = report!.stats;
    const outcome = `the README's Playwright example: exit ${res.code}, ${expected} passed, ${unexpected} failed, ${skipped} skipped:\n${res.stdout}\n${res.stderr}`;
    expect(res.code, outcome).toBe(0);
    expect({ expected, unexpected, skipped, flaky, errors: report!.errors.length }, outcome).toEqual({ expected: 1, unexpected: 0, skipped: 0, flaky: 0, errors: 0 });
    console.log(`  ${res.stdout.trim().split('\n').filter((l) => /deepfake|passed|interview/.test(l)).join(' | ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
