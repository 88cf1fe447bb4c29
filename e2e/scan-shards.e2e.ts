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
import { assert } from './assert';
import { DIST, E2E_FRAMES, MEDIA, ROOT } from './data';
import { test } from './fixtures';
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
    assert(single.code === EXIT.unreadable, `single run: exit ${single.code}\n${single.stderr}`);
    const expected = readLines(join(dir, 'single.jsonl'));
    assert(expected.map((l) => l.input.path).join(',') === INPUTS.join(','), `single run lines: ${expected.map((l) => l.input.path).join(',')}`);

    // The shard with the most inputs is the one stopped mid-run.
    const sizes = Array.from({ length: SHARDS }, (_, index) => shardPositions(INPUTS, { index, count: SHARDS }).length);
    const victim = sizes.indexOf(Math.max(...sizes));
    assert(sizes[victim]! >= 2, `shard sizes ${sizes.join(',')}: no shard has two inputs to stop between`);
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
    assert(!finished, 'the shard to stop finished before its first line could be seen');
    child.kill('SIGKILL');
    await exited;
    for (const r of await Promise.all(others)) assert(r.code === EXIT.ok || r.code === EXIT.unreadable, `a shard exited ${r.code}\n${r.stderr}`);
    const before = readFileSync(victimOut, 'utf8');
    const keptLines = before.split('\n').filter((l) => l !== '');
    assert(keptLines.length >= 1 && keptLines.length < sizes[victim]!, `the stopped shard wrote ${keptLines.length} of ${sizes[victim]} lines`);
    assert(!existsSync(`${victimOut}.shard.json`), 'a stopped shard left a manifest: merge would take it as finished');

    // Stopped: merge refuses (an unfinished shard), writing nothing.
    const refused = await run(['merge', '--out', 'merged.jsonl', ...Array.from({ length: SHARDS }, (_, k) => `shard-${k}.jsonl`)]);
    assert(refused.code === EXIT.unreadable && /did not finish/.test(refused.stderr) && !existsSync(join(dir, 'merged.jsonl')), `merge of an unfinished run: exit ${refused.code}\n${refused.stderr}`);

    // A torn half-line at the end, then the restart with --resume.
    appendFileSync(victimOut, keptLines[0]!.slice(0, 100));
    const resumed = await run([...shardArgs(victim), '--resume'], env(victim));
    assert(resumed.code === EXIT.ok || resumed.code === EXIT.unreadable, `resumed shard: exit ${resumed.code}\n${resumed.stderr}`);
    assert(resumed.stderr.includes(`--resume: ${keptLines.length} of ${sizes[victim]} inputs already have their line`) && resumed.stderr.includes('1 torn line dropped'), `resume message:\n${resumed.stderr}`);
    const after = readFileSync(victimOut, 'utf8');
    assert(after.startsWith(keptLines.map((l) => `${l}\n`).join('')), 'the kept lines were not kept byte for byte');
    const s = JSON.parse(readFileSync(join(dir, `shard-${victim}.summary.json`), 'utf8')) as ScanSummary;
    assert(s.resumed === keptLines.length && s.inputs === sizes[victim] && s.shard?.index === victim && s.shard.count === SHARDS, `resumed summary: ${JSON.stringify(s)}`);

    const merged = await run(['merge', '--out', 'merged.jsonl', '--summary', 'merged.summary.json', ...Array.from({ length: SHARDS }, (_, k) => `shard-${k}.jsonl`).reverse()]);
    assert(merged.code === single.code, `merge: exit ${merged.code}, the single run ${single.code}\n${merged.stderr}`);
    const got = readLines(join(dir, 'merged.jsonl'));
    assert(got.length === expected.length && new Set(got.map((l) => l.input.path)).size === got.length, `merged ${got.length} lines for ${expected.length} inputs`);
    for (const [i, l] of got.entries()) assert(essence(l) === essence(expected[i]!), `line ${i + 1} differs from the single run:\n${essence(l)}\n${essence(expected[i]!)}`);
    const ms = JSON.parse(readFileSync(join(dir, 'merged.summary.json'), 'utf8')) as ScanSummary;
    assert(ms.inputs === INPUTS.length && ms.failures.length === 1 && ms.shard?.count === SHARDS && ms.skipped.join() === 'in/not-a-video.mp4', `merged summary: ${JSON.stringify(ms)}`);

    // Given twice, a shard is refused as not belonging to one run.
    const dup = await run(['merge', ...Array.from({ length: SHARDS }, (_, k) => `shard-${k}.jsonl`), `shard-${victim}.jsonl`]);
    assert(dup.code === EXIT.usage && /given twice/.test(dup.stderr), `merge with a shard twice: exit ${dup.code}\n${dup.stderr}`);
    // --resume on a file scan did not write: refused, and the file left as it was.
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes\nmore notes\n');
    const foreign = await run([...common, '--resume', '--out', 'notes.txt', 'in/still.jpg']);
    assert(foreign.code === EXIT.usage && /not a deepfake-scan report/.test(foreign.stderr) && readFileSync(notes, 'utf8') === 'my notes\nmore notes\n', `--resume on a foreign file: exit ${foreign.code}\n${foreign.stderr}`);
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
    assert(registrations === 0 && !requested.includes('/sw.js'), `registrations ${registrations}; sw.js requested: ${requested.includes('/sw.js')}`);
    // Each model file once: the worker's own load, no second copy for a cache.
    const shards = requested.filter((p) => p.endsWith('.bin') && p.startsWith('/models/'));
    assert(shards.length > 0 && new Set(shards).size === shards.length, `model files requested: ${shards.join(', ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
});
