// The contract a Kubernetes Indexed Job relies on (deploy/, README "Many machines"), simulated on
// one machine: N shard processes of `deepfake-scan --shards N` with JOB_COMPLETION_INDEX set, the
// one with the most inputs killed (SIGKILL, as a node taken away) after its first line and
// restarted with --resume, a torn half-line left at the end of its file as a power cut could;
// `deepfake-scan merge` of the shard outputs must then equal one single-machine run of the same
// inputs: the same inputs in the same order, each once, with the same bytes and the same results.
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../scan/browser';
import { EXIT } from '../scan/exit-codes';
import { detectorUrl, openDetector } from '../scan/page-driver';
import { startStaticServer } from '../scan/serve';
import { shardPositions } from '../scan/shard';
import type { ScanLine } from '../scan/scan-line';
import type { ScanSummary } from '../scan/summary';
import { DIST, E2E_FRAMES, MEDIA, ROOT } from './data';
import { expect, test } from './fixtures';
import { runCommand } from './run-command';

const BIN = join(ROOT, 'bin', 'deepfake-scan.mjs');
const SHARDS = 3;
/** Walked from in/ (sorted by name), then one named file that is not media (an error line). */
const FILES = ['good-h264.mp4', 'h264.mov', 'no-face.mp4', 'rotated-90.mp4', 'still.jpg', 'vp9.webm'];
const INPUTS = [...FILES.map((f) => `in/${f}`), 'in/not-a-video.mp4'];

const readLines = (path: string): ScanLine[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ScanLine);

/** What must agree between a merged and a single run (not the time stamps and timings). */
const essence = (l: ScanLine) => JSON.stringify([l.input.path, l.input.sha256, l.input.bytes, l.result.label, l.result.score, l.result.error, l.result.frames.length, l.settings, l.models.map((m) => m.manifestSha256)]);

test('deepfake-scan --shards 3 under JOB_COMPLETION_INDEX, one shard killed and resumed: merge equals the single run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scan-shards-'));
  try {
    mkdirSync(join(dir, 'in'));
    for (const f of [...FILES, 'not-a-video.mp4']) copyFileSync(join(MEDIA, f), join(dir, 'in', f));
    const common = ['--backend', 'wasm', '--frames', String(E2E_FRAMES), '-q'];
    const paths = ['in/', 'in/not-a-video.mp4'];
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCommand('node', [BIN, ...args], { cwd: dir, env: { ...process.env, ...env }, timeoutMs: 600_000 });

    const single = await run([...common, '--out', 'single.jsonl', ...paths]);
    expect(single.code, `single run: exit code\n${single.stderr}`).toBe(EXIT.unreadable);
    const expected = readLines(join(dir, 'single.jsonl'));
    expect(expected.map((l) => l.input.path), 'single run lines').toEqual(INPUTS);

    // The shard with the most inputs is the one stopped mid-run.
    const sizes = Array.from({ length: SHARDS }, (_, index) => shardPositions(INPUTS, { index, count: SHARDS }).length);
    const victim = sizes.indexOf(Math.max(...sizes));
    expect(sizes[victim], `shard sizes ${sizes.join(',')}: no shard has two inputs to stop between`).toBeGreaterThanOrEqual(2);
    const shardArgs = (k: number) => [...common, '--shards', String(SHARDS), '--out', `shard-${k}.jsonl`, '--summary', `shard-${k}.summary.json`, ...paths];
    const env = (k: number) => ({ JOB_COMPLETION_INDEX: String(k) });

    // All shards at once, as pods would run; the victim is killed once its first line is written.
    const victimOut = join(dir, `shard-${victim}.jsonl`);
    const child = spawn('node', [BIN, ...shardArgs(victim)], { cwd: dir, env: { ...process.env, ...env(victim) }, stdio: 'ignore' });
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
    const others = Array.from({ length: SHARDS }, (_, k) => k).filter((k) => k !== victim).map((k) => run(shardArgs(k), env(k)));
    let finished = false;
    void exited.then(() => (finished = true));
    // Waits on the file, bounded by the process: it must not finish before it has a line.
    while (!finished && !(existsSync(victimOut) && readFileSync(victimOut, 'utf8').includes('\n'))) await new Promise((r) => setTimeout(r, 50));
    expect(finished, 'the shard to stop finished before its first line could be seen').toBe(false);
    child.kill('SIGKILL');
    await exited;
    for (const r of await Promise.all(others)) expect([EXIT.ok, EXIT.unreadable], `a shard exited ${r.code}\n${r.stderr}`).toContain(r.code);
    const before = readFileSync(victimOut, 'utf8');
    const keptLines = before.split('\n').filter((l) => l !== '');
    expect(keptLines.length, `lines the stopped shard wrote of its ${sizes[victim]}`).toBeGreaterThanOrEqual(1);
    expect(keptLines.length, `lines the stopped shard wrote of its ${sizes[victim]}`).toBeLessThan(sizes[victim]!);
    expect(existsSync(`${victimOut}.shard.json`), 'a stopped shard left a manifest: merge would take it as finished').toBe(false);

    // Stopped: merge refuses (an unfinished shard), writing nothing.
    const refused = await run(['merge', '--out', 'merged.jsonl', ...Array.from({ length: SHARDS }, (_, k) => `shard-${k}.jsonl`)]);
    expect(refused.code, `merge of an unfinished run: exit code\n${refused.stderr}`).toBe(EXIT.unreadable);
    expect(refused.stderr, 'merge of an unfinished run').toMatch(/did not finish/);
    expect(existsSync(join(dir, 'merged.jsonl')), 'merge of an unfinished run wrote its output').toBe(false);

    // A torn half-line at the end, then the restart with --resume.
    appendFileSync(victimOut, keptLines[0]!.slice(0, 100));
    const resumed = await run([...shardArgs(victim), '--resume'], env(victim));
    expect([EXIT.ok, EXIT.unreadable], `resumed shard: exit ${resumed.code}\n${resumed.stderr}`).toContain(resumed.code);
    expect(resumed.stderr, 'resume message').toContain(`--resume: ${keptLines.length} of ${sizes[victim]} inputs already have their line`);
    expect(resumed.stderr, 'resume message').toContain('1 torn line dropped');
    const after = readFileSync(victimOut, 'utf8');
    const kept = keptLines.map((l) => `${l}\n`).join('');
    expect(after.slice(0, kept.length), 'the kept lines were not kept byte for byte').toBe(kept);
    const s = JSON.parse(readFileSync(join(dir, `shard-${victim}.summary.json`), 'utf8')) as ScanSummary;
    expect({ resumed: s.resumed, inputs: s.inputs, index: s.shard?.index, count: s.shard?.count }, `resumed summary: ${JSON.stringify(s)}`).toEqual({ resumed: keptLines.length, inputs: sizes[victim], index: victim, count: SHARDS });

    const merged = await run(['merge', '--out', 'merged.jsonl', '--summary', 'merged.summary.json', ...Array.from({ length: SHARDS }, (_, k) => `shard-${k}.jsonl`).reverse()]);
    expect(merged.code, `merge: exit code, against the single run's\n${merged.stderr}`).toBe(single.code);
    const got = readLines(join(dir, 'merged.jsonl'));
    expect(got.length, `merged lines for ${expected.length} inputs`).toBe(expected.length);
    expect(new Set(got.map((l) => l.input.path)).size, 'merged lines: an input twice').toBe(got.length);
    for (const [i, l] of got.entries()) expect(essence(l), `line ${i + 1} differs from the single run`).toBe(essence(expected[i]!));
    const ms = JSON.parse(readFileSync(join(dir, 'merged.summary.json'), 'utf8')) as ScanSummary;
    expect({ inputs: ms.inputs, failures: ms.failures.length, count: ms.shard?.count, skipped: ms.skipped.join() }, `merged summary: ${JSON.stringify(ms)}`).toEqual({ inputs: INPUTS.length, failures: 1, count: SHARDS, skipped: 'in/not-a-video.mp4' });

    // Given twice, a shard is refused as not belonging to one run.
    const dup = await run(['merge', ...Array.from({ length: SHARDS }, (_, k) => `shard-${k}.jsonl`), `shard-${victim}.jsonl`]);
    expect(dup.code, `merge with a shard twice: exit code\n${dup.stderr}`).toBe(EXIT.usage);
    expect(dup.stderr, 'merge with a shard twice').toMatch(/given twice/);
    // --resume on a file scan did not write: refused, and the file left as it was.
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes\nmore notes\n');
    const foreign = await run([...common, '--resume', '--out', 'notes.txt', 'in/still.jpg']);
    expect(foreign.code, `--resume on a foreign file: exit code\n${foreign.stderr}`).toBe(EXIT.usage);
    expect(foreign.stderr, '--resume on a foreign file').toMatch(/not a deepfake-scan report/);
    expect(readFileSync(notes, 'utf8'), '--resume on a foreign file changed it').toBe('my notes\nmore notes\n');
    console.log(`  shards of ${sizes.join(', ')} inputs; shard ${victim} stopped after ${keptLines.length} line(s), resumed; merged ${got.length} lines equal the single run`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a batch launch registers no service worker: the page opened as deepfake-scan opens it never fetches sw.js or precaches the models", async () => {
  const server = await startStaticServer(DIST);
  const browser = await launchChromium();
  try {
    const requested: string[] = [];
    const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: null }), 600_000, (context) => void context.on('request', (r) => requested.push(new URL(r.url()).pathname)));
    // The page asks to register after its load event, which ready() comes well after.
    const registrations = await dp.page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length));
    await dp.close();
    expect(registrations, 'service worker registrations').toBe(0);
    expect(requested, 'sw.js requested').not.toContain('/sw.js');
    // Each model file once: the worker's own load, no second copy for a cache.
    const shards = requested.filter((p) => p.endsWith('.bin') && p.startsWith('/models/'));
    expect(shards.length, 'no model files requested').toBeGreaterThan(0);
    expect(new Set(shards).size, `model files requested: ${shards.join(', ')}`).toBe(shards.length);
  } finally {
    await browser.close();
    await server.close();
  }
});
