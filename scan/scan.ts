// `deepfake-scan [options] PATH...` (bin/deepfake-scan.mjs; `npm run scan --` in a checkout).
// Runs the very page the app ships (dist/, served on 127.0.0.1) in headless Chromium and analyses
// each file through the page's public API (window.deepfakeDetector), writing the page's report as
// one JSON line per input, in input order, to stdout. Everything else (progress, warnings, the
// summary) goes to stderr. One bad file never stops the others: it gets a line with its error, and
// a file that times out or crashes the tab gets a fresh page. The exit code says how it went
// (exit-codes.ts).
import { errorText } from '../src/failure';
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { availableParallelism, freemem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
// Default import with the attribute: Node's own ESM loader (Playwright Test's, tsx) needs both for JSON.
import packageJson from '../package.json' with { type: 'json' };
import { APP_CONFIG } from '../src/config';
import { DEFAULT_FRAMES } from '../src/frames';
import type { DetectorReport } from '../src/report/api-types';
import { pageThreads, parseScanArgs, USAGE, type ScanOptions } from './args';
import { runMerge, writeWhole } from './merge';
import { analysisKey, matchResumed, readOldOutput, type OldLine } from './resume';
import { inputListDigest, SHARD_MANIFEST_FORMAT, shardManifestPath, shardPositions, type ShardManifest } from './shard';
import { launchChromium } from './browser';
import { EXIT } from './exit-codes';
import { analyzeReport, AnalysisTimeout, DetectorStartError, detectorUrl, openDetector, type DetectorPage } from './page-driver';
import { errorLine, lineFromReport, progressText, serializeLine, type LineContext, type ScanLine } from './scan-line';
import { startStaticServer } from './serve';
import { summarize, summaryText } from './summary';
import { expandInputs } from './walk';
import { qualityLine } from '../src/report/quality-words';

const { version } = packageJson;

/** The built page next to this code: ROOT/dist from scan/ or dist-cli/, PACKAGE/dist from cli/. */
export const DIST = resolve(fileURLToPath(new URL('../dist', import.meta.url)));
/** Loading and checking the weights, then compiling shaders on a software GPU. */
const STARTUP_TIMEOUT_MS = 600_000;
/**
 * Memory one more page needs (models, worker, decoder): peak RSS of the whole process tree was
 * 1.94 GB with --jobs 1 and 2.85 GB with --jobs 2 on the shared clips (docs/decisions.md,
 * "deepfake-scan --jobs"), so about 0.9 GB a page; 1 GiB leaves a margin. --jobs is lowered when
 * free memory is short.
 */
export const PAGE_MEMORY_BYTES = 1024 ** 3;

export interface ScanIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (in-place stage progress). */
  stderrIsTTY: boolean;
}

const PROCESS_IO: ScanIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  stderrIsTTY: process.stderr.isTTY === true,
};

async function fileDigest(path: string): Promise<{ bytes: number; sha256: string } | null> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return null;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return { bytes: info.size, sha256: hash.digest('hex') };
  } catch {
    return null;
  }
}

/** The models the page in `pageDir` will load (APP_CONFIG.ensemble), by their manifests' SHA-256
 *  (what each line's models[].manifestSha256 says): --resume keeps only lines made with these. */
export async function pageModels(pageDir: string): Promise<{ name: string; manifestSha256: string | null }[]> {
  return Promise.all(APP_CONFIG.ensemble.map(async ({ name }) => ({ name, manifestSha256: (await fileDigest(join(pageDir, 'models', name, 'manifest.json')))?.sha256 ?? null })));
}

/** How many pages to run: what was asked, lowered when free memory cannot hold them. */
export function affordableJobs(asked: number, inputs: number, freeBytes: number): number {
  const byMemory = Math.max(1, Math.floor(freeBytes / PAGE_MEMORY_BYTES));
  return Math.max(1, Math.min(asked, inputs, byMemory));
}

/** Runs a whole scan and returns the process exit code. */
export async function runScan(o: ScanOptions, io: ScanIO = PROCESS_IO): Promise<number> {
  const startedAt = new Date();
  const t0 = performance.now();
  const log = (s: string): void => io.stderr(`${s}\n`);
  const pageDir = resolve(o.page ?? DIST);
  const expanded = await expandInputs(o.paths, { all: o.all, recursive: o.recursive });
  const { skipped } = expanded;
  // Chromium starts now, while the inputs are sharded, earlier lines are checked (--resume) and the
  // page is served: its launch is off the wall clock of the first file (closed below if unused).
  let launching: Promise<Browser> | null = expanded.inputs.some((x) => x.error === null) && existsSync(join(pageDir, 'index.html')) ? launchChromium() : null;
  launching?.catch(() => undefined);
  if (skipped.length > 0) {
    log(`scan: skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'} that are not video or images (--all tries them)${o.quiet ? '' : `: ${skipped.join(', ')}`}`);
  }
  // --shard: this process's part of the inputs, by a hash of each path (shard.ts).
  const positions = o.shard === null ? expanded.inputs.map((_, i) => i) : shardPositions(expanded.inputs.map((x) => x.path), o.shard);
  const inputs = positions.map((i) => expanded.inputs[i]!);
  if (o.shard !== null) log(`scan: shard ${o.shard.index} of ${o.shard.count} (0-${o.shard.count - 1}): ${inputs.length} of ${expanded.inputs.length} inputs`);

  const ctx: LineContext = {
    app: { name: 'deepfake-detector', version, commit: null },
    backend: null,
    device: null,
    frames: o.frames ?? DEFAULT_FRAMES,
    requestedBackend: o.backend,
    threads: o.threads ?? pageThreads(availableParallelism(), o.jobs),
    userAgent: null,
  };

  const out = o.out;
  // --resume: the earlier lines that answer an input (same path and bytes, settings and models).
  let kept = new Map<number, OldLine>();
  // Only a regular file is read back and replaced (never /dev/stdout or a pipe).
  const resuming = out !== null && o.resume && existsSync(out) && statSync(out).isFile();
  if (out !== null && resuming) {
    const old = readOldOutput(readFileSync(out));
    if (old.foreignLine !== null) {
      // Not a file scan wrote (it only ever tears its last line): it is not overwritten.
      log(`scan: --resume: line ${old.foreignLine} of ${out} is not a deepfake-scan report, so ${out} is not an earlier run's output; it was left as it is. Give another --out, or remove the file to start afresh.`);
      await launching?.then((b) => b.close()).catch(() => undefined);
      return EXIT.usage;
    }
    const expectedKey = analysisKey(errorLine('', '', ctx, 0, null).settings, await pageModels(pageDir));
    const oldPaths = new Set(old.lines.map((l) => l.report.input.path));
    // Only files that have an earlier line are hashed here (the others are hashed as they are analysed).
    const now = await Promise.all(inputs.map(async (x) => (x.error === null && oldPaths.has(x.path) ? { path: x.path, sha256: (await fileDigest(x.path))?.sha256 ?? null } : null)));
    kept = matchResumed(now, old.lines, expectedKey);
    const stale = old.lines.length - kept.size;
    log(`scan: --resume: ${kept.size} of ${inputs.length} inputs already have their line in ${out}${stale > 0 ? `; ${stale} earlier line${stale === 1 ? '' : 's'} dropped (an error, another file, other settings or models)` : ''}${old.dropped > 0 ? `; ${old.dropped} torn line${old.dropped === 1 ? '' : 's'} dropped` : ''}`);
  }
  if (out !== null) {
    // An old manifest would let merge take this file as finished before it is.
    if (o.shard !== null) rmSync(shardManifestPath(out), { force: true });
    // The kept lines, in input order, replace the file whole (a kill here loses nothing).
    if (resuming) writeWhole(out, [...kept.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => `${l.text}\n`));
    else writeFileSync(out, '');
  }
  /** Input positions (in `inputs`) in the order their lines stand in the file. */
  const fileOrder: number[] = [...kept.keys()].sort((a, b) => a - b);
  const emit = (line: ScanLine, i: number): void => {
    const text = `${serializeLine(line)}\n`;
    // One write per line (O_APPEND): a kill leaves whole lines, at worst a torn last one that --resume drops.
    if (out === null) io.stdout(text);
    else appendFileSync(out, text);
    fileOrder.push(i);
  };

  let startError: string | null = null;
  if (!existsSync(join(pageDir, 'index.html'))) {
    startError = `The built page is missing (${pageDir}/index.html): run \`npm run build\` in the repository, or pass --page DIR.`;
    log(`scan: ${startError}`);
  }

  // Lines are written in input order as soon as every earlier one is ready.
  const lines: (ScanLine | undefined)[] = new Array(inputs.length);
  for (const [i, l] of kept) lines[i] = l.report;
  let written = 0;
  const settle = (i: number, line: ScanLine): void => {
    lines[i] = line;
    if (!o.quiet) log(progressText(i, inputs.length, line));
    if (!o.quiet && line.result.quality) log(`  quality: ${line.input.path ?? line.input.name}: ${qualityLine(line.result.quality)}`);
    for (const w of line.warnings) log(`  warning: ${line.input.path ?? line.input.name}: ${w}`);
    for (; written < lines.length && lines[written] !== undefined; written++) if (!kept.has(written)) emit(lines[written]!, written);
  };

  const pending = inputs.map((input, i) => ({ input, i })).filter(({ input, i }) => input.error === null && !kept.has(i));
  const jobs = affordableJobs(o.jobs, pending.length, freemem());
  if (jobs < o.jobs && pending.length > jobs) log(`scan: --jobs ${o.jobs} lowered to ${jobs}: free memory holds ${jobs} page${jobs === 1 ? '' : 's'} of about ${(PAGE_MEMORY_BYTES / 1024 ** 3).toFixed(1)} GB`);
  // Fewer pages than asked for share the cores among fewer.
  if (o.threads === null) ctx.threads = pageThreads(availableParallelism(), jobs);
  log(`scan: ${inputs.length} input${inputs.length === 1 ? '' : 's'}${pending.length > 0 && startError === null ? `, ${jobs} page${jobs === 1 ? '' : 's'} in parallel` : ''}`);
  for (const [i, input] of inputs.entries()) {
    if (input.error !== null && !kept.has(i)) settle(i, errorLine(input.path, `Cannot analyse this path: ${input.error}.`, ctx, 0, await fileDigest(input.path)));
  }


  let browser: Browser | null = null;
  const server = pending.length > 0 && startError === null ? await startStaticServer(pageDir) : null;
  const url = server === null ? '' : detectorUrl(server.url, { backend: o.backend, frames: o.frames, threads: ctx.threads });

  /** One page's loop: take the next input, analyse it, repeat; a broken page is replaced. */
  const lane = async (k: number): Promise<void> => {
    let dp: DetectorPage | null = null;
    try {
      for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
        const { input, i } = next;
        if (dp === null && startError === null) {
          try {
            launching ??= launchChromium();
            browser = await launching;
            const s0 = performance.now();
            dp = await openDetector(browser, url, STARTUP_TIMEOUT_MS);
            ctx.app = dp.info.app;
            ctx.backend = dp.info.backend;
            ctx.device = dp.info.device;
            log(`scan: page ${k + 1} ready on ${dp.info.backend} (${dp.info.device}) in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
          } catch (err) {
            startError ??= err instanceof DetectorStartError ? err.message : `The detector could not start: ${errorText(err)}`;
            log(`scan: ${startError}`);
          }
        }
        if (dp === null) {
          settle(i, errorLine(input.path, startError ?? 'The detector could not start.', ctx, 0, await fileDigest(input.path)));
          continue;
        }
        const f0 = performance.now();
        if (io.stderrIsTTY && !o.quiet) {
          dp.onProgress = (p) => io.stderr(`\r\x1b[K[${i + 1}/${inputs.length}] ${input.path}: ${p.stage} ${p.done}/${p.total}`);
        }
        let line: ScanLine;
        try {
          // The file is hashed in Node while the page analyses it (fileDigest never throws).
          const [report, digest] = await Promise.all([analyzeReport(dp, resolve(input.path), o.timeoutPerFileS * 1000, o.frames), fileDigest(input.path)]);
          line = lineFromReport(input.path, report, digest);
        } catch (err) {
          const msg = errorText(err);
          const error = err instanceof AnalysisTimeout ? `${msg} Try a larger --timeout-per-file or fewer --frames.` : msg;
          line = errorLine(input.path, error, ctx, performance.now() - f0, await fileDigest(input.path));
          // The page may still be busy with (or broken by) this file: the next one gets a fresh page.
          await dp.close();
          dp = null;
        }
        if (io.stderrIsTTY && !o.quiet) io.stderr('\r\x1b[K');
        // A worker that died under this file leaves the page unable to start another analysis.
        if (dp !== null && (await dp.page.evaluate(() => window.deepfakeDetector?.status().state).catch(() => 'fatal')) === 'fatal') {
          await dp.close();
          dp = null;
        }
        settle(i, line);
      }
    } finally {
      await (dp as DetectorPage | null)?.close();
    }
  };

  try {
    if (pending.length > 0 && startError !== null) {
      for (const { input, i } of pending.splice(0)) settle(i, errorLine(input.path, startError, ctx, 0, await fileDigest(input.path)));
    }
    await Promise.all(Array.from({ length: jobs }, (_, k) => lane(k)));
  } finally {
    await (browser as Browser | null)?.close().catch(() => undefined);
    // Launched early but never used (every input kept by --resume, or not in this shard).
    if (browser === null) await (await launching?.catch(() => null))?.close().catch(() => undefined);
    await server?.close();
  }

  const all = lines.filter((l): l is DetectorReport => l !== undefined);
  if (out !== null && resuming && fileOrder.some((p, k) => k > 0 && p < fileOrder[k - 1]!)) {
    // A retried input after kept ones: the file is put back in input order, whole.
    writeWhole(out, lines.map((l, i) => (kept.has(i) ? `${kept.get(i)!.text}\n` : `${serializeLine(l!)}\n`)));
    fileOrder.sort((a, b) => a - b);
  }
  if (out !== null && o.shard !== null) {
    const manifest: ShardManifest = {
      format: SHARD_MANIFEST_FORMAT,
      index: o.shard.index,
      count: o.shard.count,
      allInputs: expanded.inputs.length,
      inputsDigest: inputListDigest(expanded.inputs.map((x) => x.path)),
      positions: fileOrder.map((k) => positions[k]!),
      skipped,
    };
    // Last: its presence tells merge that every line of this shard is in the file.
    writeWhole(shardManifestPath(out), `${JSON.stringify(manifest)}\n`);
  }
  const summary = summarize(all, {
    app: ctx.app,
    startedAt,
    timeMs: performance.now() - t0,
    skipped,
    failOn: o.failOn,
    detectorFailed: startError !== null,
    resumed: kept.size,
    shard: o.shard,
  });
  if (inputs.length === 0) log('scan: nothing to analyse: no video or image was found in the paths given (--all tries every file).');
  if (o.summary !== null) writeFileSync(o.summary, `${JSON.stringify(summary, null, 2)}\n`);
  log(summaryText(summary));
  // Nothing found counts as unreadable input: a batch that silently checks nothing must not pass.
  return inputs.length === 0 ? EXIT.unreadable : summary.exitCode;
}

/** The command: parses argv, runs, and returns the exit code. */
export async function main(argv: readonly string[], io: ScanIO = PROCESS_IO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseScanArgs(argv, env);
  if (parsed.kind === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (parsed.kind === 'version') {
    io.stdout(`${version}\n`);
    return EXIT.ok;
  }
  if (parsed.kind === 'error') {
    io.stderr(`scan: ${parsed.message}\n\nRun deepfake-scan --help for the options.\n`);
    return EXIT.usage;
  }
  if (parsed.kind === 'merge') return runMerge(parsed.options, io);
  return runScan(parsed.options, io);
}

/** Runs main() as the process, turning an unexpected failure into exit code 1 with its message. */
export function runAsProcess(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`scan: unexpected failure (please report it): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}

// `tsx scan/scan.ts` (npm run scan, the e2e tests) runs the command; the bundled bin calls
// runAsProcess from its own entry (cli.ts), so a bundle (.mjs) never starts it twice.
if (import.meta.url.endsWith('.ts') && process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runAsProcess();
}
