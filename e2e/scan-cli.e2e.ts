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
import { E2E_FRAMES, FAKE_VIDEO, MEDIA, REAL_VIDEO, ROOT } from './data';
import { expect, test } from './fixtures';

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
    expect(reportSchemaErrors(v), `stdout line ${i + 1} does not match src/report/report.schema.json`).toEqual([]);
    return v as ScanLine;
  });
}

const frames = String(E2E_FRAMES);

test('deepfake-scan: usage errors exit 2, a missing page or Chromium exits 4, --help and --version go to stdout, npx finds it', async () => {
  const bad = await run('node', [BIN, '--frames', 'many', 'x.mp4'], { timeoutMs: 60_000 });
  expect(bad.code, `bad option: exit code\n${bad.stderr}`).toBe(EXIT.usage);
  expect(bad.stdout, 'bad option: stdout').toBe('');
  expect(bad.stderr, 'bad option: stderr').toContain(`--frames must be ${FRAMES_RULE} (got 'many')`);
  const help = await run('node', [BIN, '--help'], { timeoutMs: 60_000 });
  expect(help.code, `--help: exit code\n${help.stderr}`).toBe(0);
  expect(help.stdout, '--help: stdout').toMatch(/^Usage: deepfake-scan/);
  expect(help.stdout, '--help: stdout').toContain('Exit codes');
  expect(help.stderr, '--help: stderr').toBe('');
  const version = await run('node', [BIN, '--version'], { timeoutMs: 60_000 });
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(version.stdout.trim(), '--version').toBe(pkg.version);
  // `npx deepfake-scan` in the checkout resolves to the package's own bin, without the registry.
  const npx = await run('npx', ['--no-install', 'deepfake-scan', '--version'], { timeoutMs: 60_000 });
  expect(npx.code, `npx deepfake-scan --version: exit code\n${npx.stderr}`).toBe(0);
  expect(npx.stdout.trim(), `npx deepfake-scan --version\n${npx.stderr}`).toBe(pkg.version);
  const dir = await mkdtemp(join(tmpdir(), 'scan-cli-'));
  try {
    const video = join(MEDIA, 'good-h264.mp4');
    const noPage = await run('node', [BIN, '--page', dir, '--summary', join(dir, 's.json'), video], { timeoutMs: 60_000 });
    expect(noPage.code, `missing page: exit code\n${noPage.stderr}`).toBe(EXIT.detectorFailed);
    const [line] = jsonLines(noPage.stdout);
    expect(line, `missing page: no line: ${noPage.stdout}`).toBeDefined();
    expect(line!.result.error, 'missing page line').toMatch(/built page is missing/);
    const summary = JSON.parse(await readFile(join(dir, 's.json'), 'utf8')) as ScanSummary;
    expect(summary.detectorFailed, `summary: ${JSON.stringify(summary)}`).toBe(true);
    expect(summary.exitCode, `summary: ${JSON.stringify(summary)}`).toBe(EXIT.detectorFailed);
    const noChromium = await run('node', [BIN, '--backend', 'wasm', video], { env: { ...process.env, CHROMIUM_PATH: join(dir, 'no-chromium') }, timeoutMs: 120_000 });
    expect(noChromium.code, `no Chromium: exit code\n${noChromium.stderr}`).toBe(EXIT.detectorFailed);
    expect(noChromium.stderr, 'no Chromium: stderr').toMatch(/Could not start Chromium/);
    expect(jsonLines(noChromium.stdout).length, 'lines for the input when Chromium is missing').toBe(1);
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
    expect(lines.length, `lines for 5 inputs:\n${res.stderr}`).toBe(5);
    expect(lines.map((l) => l.input.path), 'lines out of input order').toEqual([...videos, missing, text, corrupt]);
    const [a, b, m, t, c] = lines as [ScanLine, ScanLine, ScanLine, ScanLine, ScanLine];
    for (const l of [a, b]) {
      expect(l.result.error, `${l.input.path}: error`).toBeNull();
      expect(l.input.sha256, `${l.input.path}: no input hash`).not.toBeNull();
    }
    expect(m.result.error, 'missing').toMatch(/no such file or directory/);
    expect(m.input.sha256, 'missing: input hash').toBeNull();
    expect(t.result.error, 'text').toMatch(/not a video or image/);
    expect(t.input.bytes, 'text: input bytes').toBe(12);
    expect(c.result.error, 'corrupt').toMatch(/incomplete|damaged/i);
    const fakes = lines.filter((l) => l.result.label === 'fake').map((l) => l.input.path);
    // The labels come from the models; the exit code must follow them, whatever they are.
    const expected = fakes.length > 0 ? EXIT.failOn : EXIT.unreadable;
    expect(res.code, `exit code (fake: ${fakes.join(', ') || 'none'})\n${res.stderr}`).toBe(expected);
    const s = JSON.parse(await readFile(summaryPath, 'utf8')) as ScanSummary;
    expect({ inputs: s.inputs, analysed: s.analysed, failures: s.failures.length, exitCode: s.exitCode }, `summary: ${JSON.stringify(s)}`).toEqual({ inputs: 5, analysed: 2, failures: 3, exitCode: res.code });
    expect(s.flagged, 'summary flagged, against the lines').toEqual(fakes);
    const byLabel = (k: string) => lines.filter((l) => l.result.error === null && (l.result.label ?? 'none') === k).length;
    for (const k of ['fake', 'real', 'uncertain', 'none'] as const) expect(s.labels[k], `labels ${JSON.stringify(s.labels)}: ${k}`).toBe(byLabel(k));
    expect(res.stderr, 'stderr summary').toContain(`exit code ${res.code}`);
    expect(res.stderr, 'stderr summary').toContain('3 failed');
    if (Number(frames) < 16) {
      expect(res.stderr, 'no few-frames warning on stderr').toMatch(/warning: .*Only \d+ frames sampled/);
      expect(a.warnings.length, 'no few-frames warning in the line').toBeGreaterThan(0);
    }
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
    // What it holds, gzipped: the models (float16, hardly compressible), ffmpeg.wasm's core, and since
    // issue 27 the provenance readers (ExifTool on Perl in wasm, c2pa-web): 61.1 MB measured then. The
    // bound catches an accidental doubling (a second copy of the models, source maps), not growth by design.
    expect(mb, 'the tarball, MB').toBeLessThan(75);
    const app = join(dir, 'app');
    const npm = await run('sh', ['-c', `mkdir -p "${app}" && cd "${app}" && npm install --offline --no-audit --no-fund "${tgz}"`], { timeoutMs: 300_000 });
    expect(npm.code, `npm install of the tarball failed:\n${npm.stdout}\n${npm.stderr}`).toBe(0);
    const help = await run('npx', ['--no-install', 'deepfake-scan', '--help'], { cwd: app, timeoutMs: 60_000 });
    expect(help.code, `npx deepfake-scan --help: exit code\n${help.stderr}`).toBe(0);
    expect(help.stdout, 'npx deepfake-scan --help').toMatch(/^Usage: deepfake-scan/);
    const res = await run('npx', ['--no-install', 'deepfake-scan', '--backend', 'wasm', '--frames', '2', join(MEDIA, 'still.png')], { cwd: app, timeoutMs: 600_000 });
    expect(res.code, `the installed command's exit code:\n${res.stderr}`).toBe(EXIT.ok);
    const [line] = jsonLines(res.stdout);
    const shown = `line: ${res.stdout.slice(0, 300)}`;
    expect(line, shown).toBeDefined();
    expect(line!.result.error, shown).toBeNull();
    expect(line!.result.frames.length, shown).toBe(1);
    expect(line!.models.length, shown).toBeGreaterThan(0);
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
    expect('failed' in tsc, `the shipped types do not compile in a consumer:\n${tsc.stdout}`).toBe(false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
