// deepfake-scan as a script runs it: the checkout's bin (npx deepfake-scan) and the packed tarball
// installed offline into an empty folder. Stdout must be JSON lines only, each a valid report; the
// exit codes must mean what --help says; --summary must agree with the lines.
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCommand, type CommandRun } from './run-command';
import { EXIT } from '../scan/exit-codes';
import { packScan } from '../scan/pack';
import { reportSchemaErrors } from '../node/report-schema';
import type { ScanLine } from '../scan/scan-line';
import type { ScanSummary } from '../scan/summary';
import { FRAMES_RULE } from '../src/frames';
import { assert } from './assert';
import { E2E_FRAMES, FAKE_VIDEO, MEDIA, REAL_VIDEO, ROOT } from './data';
import { test } from './fixtures';

const BIN = join(ROOT, 'bin', 'deepfake-scan.mjs');

type Run = CommandRun;

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Run> {
  return runCommand(cmd, args, { ...opts, cwd: opts.cwd ?? ROOT });
}

/** Every stdout line parses and matches the report schema; returns the lines. */
function jsonLines(stdout: string): ScanLine[] {
  const lines = stdout.split('\n').filter((l) => l !== '');
  return lines.map((l, i) => {
    let v: unknown;
    try {
      v = JSON.parse(l);
    } catch {
      throw new Error(`stdout line ${i + 1} is not JSON: ${l.slice(0, 200)}`);
    }
    const errors = reportSchemaErrors(v);
    assert(errors.length === 0, `stdout line ${i + 1} does not match src/report/report.schema.json: ${errors.join('; ')}`);
    return v as ScanLine;
  });
}

const frames = String(E2E_FRAMES);

test('deepfake-scan: usage errors exit 2, a missing page or Chromium exits 4, --help and --version go to stdout, npx finds it', async () => {
  const bad = await run('node', [BIN, '--frames', 'many', 'x.mp4'], { timeoutMs: 60_000 });
  assert(bad.code === EXIT.usage && bad.stdout === '' && bad.stderr.includes(`--frames must be ${FRAMES_RULE} (got 'many')`), `bad option: ${bad.code} ${bad.stderr}`);
  const help = await run('node', [BIN, '--help'], { timeoutMs: 60_000 });
  assert(help.code === 0 && help.stdout.startsWith('Usage: deepfake-scan') && help.stdout.includes('Exit codes') && help.stderr === '', `--help: ${help.code}`);
  const version = await run('node', [BIN, '--version'], { timeoutMs: 60_000 });
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert(version.stdout.trim() === pkg.version, `--version: ${version.stdout}`);
  // `npx deepfake-scan` in the checkout resolves to the package's own bin, without the registry.
  const npx = await run('npx', ['--no-install', 'deepfake-scan', '--version'], { timeoutMs: 60_000 });
  assert(npx.code === 0 && npx.stdout.trim() === pkg.version, `npx deepfake-scan --version: ${npx.code} ${npx.stdout}${npx.stderr}`);
  const dir = await mkdtemp(join(tmpdir(), 'scan-cli-'));
  try {
    const video = join(MEDIA, 'good-h264.mp4');
    const noPage = await run('node', [BIN, '--page', dir, '--summary', join(dir, 's.json'), video], { timeoutMs: 60_000 });
    assert(noPage.code === EXIT.detectorFailed, `missing page: exit ${noPage.code}\n${noPage.stderr}`);
    const [line] = jsonLines(noPage.stdout);
    assert(line !== undefined && /built page is missing/.test(line.result.error ?? ''), `missing page line: ${noPage.stdout}`);
    const summary = JSON.parse(await readFile(join(dir, 's.json'), 'utf8')) as ScanSummary;
    assert(summary.detectorFailed && summary.exitCode === EXIT.detectorFailed, `summary: ${JSON.stringify(summary)}`);
    const noChromium = await run('node', [BIN, '--backend', 'wasm', video], { env: { ...process.env, CHROMIUM_PATH: join(dir, 'no-chromium') }, timeoutMs: 120_000 });
    assert(noChromium.code === EXIT.detectorFailed && /Could not start Chromium/.test(noChromium.stderr), `no Chromium: exit ${noChromium.code}\n${noChromium.stderr}`);
    assert(jsonLines(noChromium.stdout).length === 1, 'no line for the input when Chromium is missing');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('deepfake-scan --jobs 2: good and bad inputs, JSON-only stdout in input order, --summary agrees; --fail-on fake exits 5 exactly when a line is fake, else 3', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scan-cli-'));
  try {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'not a video\n');
    const haveShared = existsSync(REAL_VIDEO) && existsSync(FAKE_VIDEO);
    const videos = haveShared ? [REAL_VIDEO, FAKE_VIDEO] : [join(MEDIA, 'good-h264.mp4'), join(MEDIA, 'no-face.mp4')];
    const missing = join(dir, 'missing.mp4');
    const corrupt = join(MEDIA, 'truncated-moov-last.mp4');
    const summaryPath = join(dir, 'summary.json');
    // Two pages: the lines must still come out in input order.
    const args = ['--backend', 'wasm', '--jobs', '2', '--frames', frames, '--summary', summaryPath, '--fail-on', 'fake', ...videos, missing, text, corrupt];
    const res = await run('node', [BIN, ...args], { timeoutMs: 900_000 });
    const lines = jsonLines(res.stdout);
    assert(lines.length === 5, `${lines.length} lines for 5 inputs:\n${res.stderr}`);
    assert(lines.map((l) => l.input.path).join(',') === [...videos, missing, text, corrupt].join(','), 'lines out of input order');
    const [a, b, m, t, c] = lines as [ScanLine, ScanLine, ScanLine, ScanLine, ScanLine];
    for (const l of [a, b]) assert(l.result.error === null && l.input.sha256 !== null, `${l.input.path}: ${l.result.error}`);
    assert(/no such file or directory/.test(m.result.error ?? '') && m.input.sha256 === null, `missing: ${m.result.error}`);
    assert(/not a video or image/.test(t.result.error ?? '') && t.input.bytes === 12, `text: ${t.result.error}`);
    assert(/incomplete|damaged/i.test(c.result.error ?? ''), `corrupt: ${c.result.error}`);
    const fakes = lines.filter((l) => l.result.label === 'fake').map((l) => l.input.path);
    // The labels come from the models; the exit code must follow them, whatever they are.
    const expected = fakes.length > 0 ? EXIT.failOn : EXIT.unreadable;
    assert(res.code === expected, `exit ${res.code}, expected ${expected} (fake: ${fakes.join(', ') || 'none'})\n${res.stderr}`);
    const s = JSON.parse(await readFile(summaryPath, 'utf8')) as ScanSummary;
    assert(s.inputs === 5 && s.analysed === 2 && s.failures.length === 3 && s.exitCode === res.code, `summary: ${JSON.stringify(s)}`);
    assert(JSON.stringify(s.flagged) === JSON.stringify(fakes), `summary flagged ${s.flagged.join(',')}, lines say ${fakes.join(',')}`);
    const byLabel = (k: string) => lines.filter((l) => l.result.error === null && (l.result.label ?? 'none') === k).length;
    assert(['fake', 'real', 'uncertain', 'none'].every((k) => s.labels[k as keyof ScanSummary['labels']] === byLabel(k)), `labels ${JSON.stringify(s.labels)}`);
    assert(res.stderr.includes(`exit code ${res.code}`) && res.stderr.includes('3 failed'), `stderr summary:\n${res.stderr}`);
    if (Number(frames) < 16) assert(/warning: .*Only \d+ frames sampled/.test(res.stderr) && a.warnings.length > 0, 'no few-frames warning on stderr');
    console.log(`  exit ${res.code}; ${lines.map((l) => `${l.input.name}: ${l.result.label ?? l.result.error?.slice(0, 40)}`).join(' | ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('deepfake-scan: the packed tarball installs offline into an empty folder, runs, and ships the API types', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scan-pack-'));
  try {
    const tgz = packScan(join(dir, 'pack'));
    const mb = statSync(tgz).size / 1e6;
    console.log(`  ${tgz.split('/').pop()}: ${mb.toFixed(1)} MB`);
    assert(mb < 60, `the tarball is ${mb.toFixed(1)} MB`);
    const app = join(dir, 'app');
    const npm = await run('sh', ['-c', `mkdir -p "${app}" && cd "${app}" && npm install --offline --no-audit --no-fund "${tgz}"`], { timeoutMs: 300_000 });
    assert(npm.code === 0, `npm install of the tarball failed:\n${npm.stdout}\n${npm.stderr}`);
    const help = await run('npx', ['--no-install', 'deepfake-scan', '--help'], { cwd: app, timeoutMs: 60_000 });
    assert(help.code === 0 && help.stdout.startsWith('Usage: deepfake-scan'), `npx deepfake-scan --help: ${help.code}\n${help.stderr}`);
    const res = await run('npx', ['--no-install', 'deepfake-scan', '--backend', 'wasm', '--frames', '2', join(MEDIA, 'still.png')], { cwd: app, timeoutMs: 600_000 });
    assert(res.code === EXIT.ok, `the installed command exited ${res.code}:\n${res.stderr}`);
    const [line] = jsonLines(res.stdout);
    assert(line !== undefined && line.result.error === null && line.result.frames.length === 1 && line.models.length > 0, `line: ${res.stdout.slice(0, 300)}`);
    // A consumer's TypeScript sees window.deepfakeDetector and the report through the package.
    await writeFile(
      join(app, 'check.ts'),
      "import type { DetectorReport } from 'deepfake-detector';\n" +
        'export async function f(file: File): Promise<string | null> {\n' +
        '  const r: DetectorReport = await window.deepfakeDetector!.analyze(file, { frames: 16 });\n' +
        '  return r.result.label;\n}\n',
    );
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, lib: ['ES2022', 'DOM'], module: 'ESNext', moduleResolution: 'Bundler', types: [] }, files: ['check.ts'] }),
    );
    const tsc = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app }).catch(
      (e: { stdout?: string; message: string }) => ({ stdout: e.stdout || e.message, stderr: '', failed: true }),
    );
    assert(!('failed' in tsc), `the shipped types do not compile in a consumer:\n${tsc.stdout}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
