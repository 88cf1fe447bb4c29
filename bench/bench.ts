// `npm run bench -- [--short] [--out FILE] ...`: the real pipeline in headless Chromium, stage by
// stage, on ../shared/data/videos, with the machine's load beside every number and ffmpeg's decode
// of the same files. Writes one JSON report (bench/results/<date>-<host>.json by default) so runs
// compare. `--short` is the CI mode: it records numbers and asserts only that the report is complete
// and sane (checkReport), never a time: CI machines are busy.
//
// Page runs (each its own page, opened up front so they can be interleaved per video: A and B of a
// comparison then run back to back under the same load):
//   wasm, 1 thread  |  wasm, 2 threads  |  webgpu (SwiftShader software here)
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../scan/browser';
import { analyzeFile, detectorUrl, openDetector, type DetectorPage } from '../scan/page-driver';
import { startStaticServer, type StaticServer } from '../scan/serve';
import { BENCH_USAGE, parseBenchArgs, type BenchOptions } from './args';
import { ffmpegDecode, gitCommit, hevcClip, loadSnapshot, machine } from './machine';
import { runBenchPage, BENCH_DIST } from './page-runs';
import { checkReport, videoRun, type BenchReport, type FfmpegDecode, type PageRun } from './report';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** The built app; BENCH_APP_DIST overrides it (a second build while another run serves dist/). */
const DIST = process.env.BENCH_APP_DIST ?? join(ROOT, 'dist');
const DEFAULT_VIDEOS = resolve(ROOT, '../shared/data/videos');
/** The 1080p clip issue 12's targets are stated for. */
export const TARGET_CLIP = 'dfdc-fake-brtujopkby.mp4';
/** The short mode's clip: the smallest of the shared videos (a face in every frame). */
export const SHORT_CLIP = 'ffpp-real-004.mp4';
const STARTUP_TIMEOUT_MS = 600_000;
const FILE_TIMEOUT_MS = 900_000;

const log = (s: string): void => void process.stderr.write(`bench: ${s}\n`);

interface PageConfig {
  label: string;
  backend: 'wasm' | 'webgpu';
  threads: number | null;
  frames: number;
  /** Videos this configuration runs (software WebGPU gets the target clip only). */
  videos: string[];
}

function configs(o: BenchOptions, videos: string[]): PageConfig[] {
  const frames = o.frames ?? (o.short ? 4 : 32);
  if (o.short) return [{ label: 'wasm, default threads', backend: 'wasm', threads: null, frames, videos }];
  const list: PageConfig[] = [
    { label: 'wasm, 1 thread', backend: 'wasm', threads: 1, frames, videos },
    { label: 'wasm, 2 threads', backend: 'wasm', threads: 2, frames, videos },
  ];
  if (!o.noWebgpu) {
    const target = videos.filter((v) => basename(v) === TARGET_CLIP);
    list.push({ label: 'webgpu (SwiftShader software: correct but slow)', backend: 'webgpu', threads: null, frames: o.webgpuFrames, videos: target.length > 0 ? target : videos.slice(0, 1) });
  }
  return list;
}

function pickVideos(o: BenchOptions): { videos: string[]; note: string | null } {
  const dir = resolve(o.videos ?? DEFAULT_VIDEOS);
  if (!existsSync(dir)) {
    // CI without the shared data: a generated fixture keeps the short mode meaningful (no face).
    const fixture = join(ROOT, 'e2e/fixtures/media/good-h264.mp4');
    return { videos: [fixture], note: `${dir} is missing: ran on ${basename(fixture)} (no face, so no per-face numbers).` };
  }
  const all = readdirSync(dir).filter((f) => /\.(mp4|mov|webm|mkv)$/i.test(f)).sort().map((f) => join(dir, f));
  if (o.short) {
    const clip = all.find((f) => basename(f) === SHORT_CLIP) ?? all[0];
    return { videos: clip ? [clip] : [], note: null };
  }
  return { videos: all, note: null };
}

async function openPage(browser: Browser, server: StaticServer, c: PageConfig): Promise<{ dp: DetectorPage; readyMs: number; device: string; appCommit: string | null }> {
  const url = new URL(detectorUrl(server.url, { backend: c.backend, frames: c.frames }));
  if (c.threads !== null) url.searchParams.set('threads', String(c.threads));
  const t0 = performance.now();
  const dp = await openDetector(browser, url.toString(), STARTUP_TIMEOUT_MS);
  const readyMs = performance.now() - t0;
  const device = (await dp.page.locator('[data-testid=engine]').textContent().catch(() => null))?.trim() ?? '';
  return { dp, readyMs, device, appCommit: dp.info.app.commit };
}

export async function runBench(o: BenchOptions): Promise<{ report: BenchReport; problems: string[]; out: string }> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`the built app is missing (${DIST}); run \`npm run build\` first.`);
  const m = machine();
  const startedAt = new Date().toISOString();
  const notes = [
    'Every number was measured on a shared machine under the load recorded beside it; compare runs on the same machine only.',
    'WebGPU here is SwiftShader (software): correct but slow; it says nothing about a real GPU.',
    'alignMsPerFace is exact on wasm; on a GPU backend it is only the time to queue the warp.',
  ];
  const { videos, note } = pickVideos(o);
  if (note) notes.push(note);
  if (videos.length === 0) throw new Error('no video to run on.');
  const loadAtStart = await loadSnapshot();
  log(`load at start: ${loadAtStart.loadavg.map((l) => l.toFixed(2)).join(', ')}`);

  // The software decoder (HEVC, which this Chromium's WebCodecs refuses): the target clip as HEVC,
  // run by the first page configuration only (the decoder runs on one thread whatever the page's).
  const target = videos.find((v) => basename(v) === TARGET_CLIP);
  const hevc = !o.short && target ? await hevcClip(target, join(tmpdir(), 'deepfake-bench-v1')) : null;
  if (!o.short && target && !hevc) notes.push('ffmpeg could not make the HEVC clip (libx265 missing?): no software-decoder numbers.');
  const fallbackVideos = hevc ? [hevc] : [];

  // ffmpeg first, each file once: the floor every page decode is compared with.
  const ffmpeg = new Map<string, FfmpegDecode | null>();
  for (const v of [...videos, ...fallbackVideos]) {
    ffmpeg.set(v, await ffmpegDecode(v));
    log(`ffmpeg ${basename(v)}: ${ffmpeg.get(v)?.seconds.toFixed(2) ?? 'n/a'} s`);
  }

  const server = await startStaticServer(DIST);
  const browser = await launchChromium();
  const pages: PageRun[] = [];
  const open: { c: PageConfig; dp: DetectorPage; run: PageRun }[] = [];
  let models: BenchReport['models'] = {};
  let experiments: BenchReport['experiments'] = {};
  try {
    for (const [k, c] of (o.only.includes('pages') ? configs(o, videos) : []).entries()) {
      if (k === 0) c.videos = [...c.videos, ...fallbackVideos];
      const { dp, readyMs, device, appCommit } = await openPage(browser, server, c);
      log(`${c.label}: ready in ${(readyMs / 1000).toFixed(1)} s (${device})`);
      const run: PageRun = { label: c.label, backend: dp.backend ?? c.backend, threads: c.threads, device, appCommit, frames: c.frames, readyMs, firstResultMs: 0, videos: [] };
      open.push({ c, dp, run });
      pages.push(run);
    }
    // Per video, every configuration back to back; the order alternates so neither side always
    // runs first (the load changes over minutes).
    for (const [i, v] of [...videos, ...fallbackVideos].entries()) {
      const order = i % 2 === 0 ? open : [...open].reverse();
      for (const p of order) {
        if (!p.c.videos.includes(v)) continue;
        const load = await loadSnapshot();
        const w0 = performance.now();
        const result = await analyzeFile(p.dp, v, FILE_TIMEOUT_MS);
        const wallMs = performance.now() - w0;
        // Page load -> ready, then the first file as soon as it is ready (the pages are opened up
        // front, so the wall clock since load would include the other pages' start-up).
        if (p.run.videos.length === 0) p.run.firstResultMs = p.run.readyMs + wallMs;
        const vr = videoRun(result, wallMs, ffmpeg.get(v) ?? null, load);
        p.run.videos.push(vr);
        const vsFfmpeg = vr.decodeVsFfmpeg === null ? '' : ` (${vr.decodeVsFfmpeg.toFixed(2)}x ffmpeg; decoder alone ${vr.decoderVsFfmpeg!.toFixed(2)}x)`;
        const around = ((p.run.readyMs + vr.aroundModelsMs) / 1000).toFixed(2);
        log(`${p.c.label} ${basename(v)} [${result.video?.decoder ?? '?'}]: total ${(vr.totalMs / 1000).toFixed(1)} s, decode ${vr.decodeMsPerSampledFrame.toFixed(0)} ms/frame${vsFfmpeg}, detect ${vr.detectMsPerFrame.toFixed(0)} ms/frame, everything but the models ${around} s with the start-up (load ${load.loadavg[0].toFixed(2)})`);
      }
    }
    for (const p of open) await p.dp.close();
    open.length = 0;
    if (existsSync(join(BENCH_DIST, 'index.html'))) {
      ({ models, experiments } = await runBenchPage(browser, o, videos, o.short || o.noWebgpu ? ['wasm'] : ['wasm', 'webgpu'], log));
    } else {
      notes.push(`The bench page (${BENCH_DIST}) is not built: no per-model timings. Run \`npm run build:bench\`.`);
    }
  } finally {
    for (const p of open) await p.dp.close();
    await browser.close().catch(() => undefined);
    await server.close();
  }
  const report: BenchReport = {
    schema: 1,
    mode: o.short ? 'short' : 'full',
    parts: o.only,
    startedAt,
    finishedAt: new Date().toISOString(),
    ...m,
    chromium: browser.version(),
    commit: await gitCommit(ROOT),
    appDist: DIST,
    notes,
    loadAtStart,
    pages,
    models,
    experiments,
  };
  const out = o.out ?? join(ROOT, 'bench/results', `${startedAt.slice(0, 16).replace(/:/g, '')}-${m.host}${o.short ? '-short' : ''}.json`);
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  return { report, problems: checkReport(report), out };
}

async function main(): Promise<number> {
  const parsed = parseBenchArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    log(`${parsed.message}\n\n${BENCH_USAGE}`);
    return 2;
  }
  const { problems, out } = await runBench(parsed.options);
  log(`wrote ${out}`);
  if (problems.length > 0) {
    log(`the report is incomplete or not sane:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  log('report complete and sane');
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      log(`could not run: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
