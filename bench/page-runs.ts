// Drives the bench page (dist-bench/, bench/page/): per backend, every model alone at the
// pipeline's batch with its GFLOP count; in the full mode also the decode and detection
// experiments, A and B interleaved round by round on the same file so they share the load.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startStaticServer } from '../scan/serve';
import type { BenchOptions } from './args';
import { loadSnapshot } from './machine';
import type { BenchTask, TaskAnswer } from './page/protocol';
import type { BenchReport, ModelTiming } from './report';

/** The built bench page (`npm run build:bench`); BENCH_DIST overrides it (a second build while
 *  another bench run still serves the first). */
export const BENCH_DIST = process.env.BENCH_DIST ?? join(resolve(fileURLToPath(new URL('..', import.meta.url))), 'dist-bench');
/** The 1080p, 300-frame clip the issue's decode and detection targets are stated for. */
const TARGET_CLIP = 'dfdc-fake-brtujopkby.mp4';

/** Decode strategies compared (pass x readback); see bench/page/protocol.ts. */
export const DECODE_VARIANTS: readonly { pass: 'sequential' | 'jump' | 'all'; readback: 'none' | 'app' | 'bitmap' | 'copyTo' | 'half' | 'i420' }[] = [
  { pass: 'sequential', readback: 'app' },
  { pass: 'sequential', readback: 'bitmap' },
  { pass: 'sequential', readback: 'none' },
  { pass: 'all', readback: 'none' },
  { pass: 'jump', readback: 'none' },
  { pass: 'sequential', readback: 'half' },
];

async function run(page: Page, task: BenchTask, file: string | null): Promise<TaskAnswer> {
  if (file !== null) await page.setInputFiles('#file', file);
  return page.evaluate((t) => window.benchRun(t), task);
}

export async function runBenchPage(
  browser: Browser,
  o: BenchOptions,
  videos: string[],
  backends: ('wasm' | 'webgpu')[],
  log: (s: string) => void,
): Promise<Pick<BenchReport, 'models' | 'experiments'>> {
  if (!existsSync(join(BENCH_DIST, 'index.html'))) throw new Error(`the bench page is missing (${BENCH_DIST}); run \`npm run build:bench\`.`);
  const server = await startStaticServer(BENCH_DIST);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const models: BenchReport['models'] = {};
  const experiments: BenchReport['experiments'] = {};
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.benchRun === 'function');
    // Models: the same weights and code as the app; wasm at 1 thread and at the default.
    const modelRuns: { label: string; backend: 'wasm' | 'webgpu'; threads: number | null }[] = [];
    for (const b of backends) {
      if (b === 'wasm') {
        if (o.short) modelRuns.push({ label: 'wasm, default threads', backend: 'wasm', threads: null });
        else modelRuns.push({ label: 'wasm, 1 thread', backend: 'wasm', threads: 1 }, { label: 'wasm, 2 threads', backend: 'wasm', threads: 2 });
      } else {
        modelRuns.push({ label: 'webgpu (SwiftShader software: correct but slow)', backend: 'webgpu', threads: null });
      }
    }
    const modelLoads: Record<string, unknown> = {};
    for (const m of o.only.includes('models') ? modelRuns : []) {
      const load = await loadSnapshot();
      const a = await run(page, { kind: 'models', backend: m.backend, threads: m.threads, reps: o.short ? 2 : m.backend === 'webgpu' ? 2 : 5 }, null);
      if (!a.ok) throw new Error(`models on ${m.label}: ${a.error}`);
      models[m.label] = a.result as ModelTiming[];
      modelLoads[m.label] = { device: a.device, load };
      log(`models on ${m.label} (${a.device}): ${(a.result as ModelTiming[]).map((t) => `${t.name} ${t.msPerFace.toFixed(0)} ms/face, ${t.gflopPerS.toFixed(1)} GFLOP/s`).join('; ')}`);
    }
    experiments.modelRuns = modelLoads;
    if (o.short) return { models, experiments };

    // Decode strategies on the target clip, interleaved: round 1 A B C ..., round 2 ... A.
    const clip = videos.find((v) => basename(v) === TARGET_CLIP) ?? videos[0];
    const frames = o.frames ?? 32;
    const decodeRuns: unknown[] = [];
    for (const round of o.only.includes('decode') ? [0, 1] : []) {
      const order = round === 0 ? DECODE_VARIANTS : [...DECODE_VARIANTS].reverse();
      for (const v of order) {
        const load = await loadSnapshot();
        const a = await run(page, { kind: 'decode', backend: 'wasm', threads: null, frames, ...v }, clip);
        decodeRuns.push({ round, file: basename(clip), frames, ...v, ok: a.ok, error: a.error ?? null, ...(a.result as object), load });
        const r = a.result as { totalMs: number; readbackMs: number; decoded: number } | undefined;
        log(`decode ${v.pass}/${v.readback} ${basename(clip)}: ${a.ok && r ? `${(r.totalMs / 1000).toFixed(2)} s (readback ${(r.readbackMs / 1000).toFixed(2)} s, ${r.decoded} frames decoded)` : a.error} (load ${load.loadavg[0].toFixed(2)})`);
      }
    }
    if (decodeRuns.length > 0) experiments.decode = decodeRuns;


    // Detection alone, per frame, on every video.
    const detectRuns: unknown[] = [];
    for (const v of o.only.includes('detect') ? videos : []) {
      const load = await loadSnapshot();
      const a = await run(page, { kind: 'detect', backend: 'wasm', threads: null, frames, detector: 'blazeface-tfjs' }, v);
      detectRuns.push({ file: basename(v), frames, ok: a.ok, error: a.error ?? null, ...(a.result as object), load });
      const r = a.result as { msPerFrame: number; framesWithFace: number } | undefined;
      log(`detect blazeface-tfjs ${basename(v)}: ${a.ok && r ? `${r.msPerFrame.toFixed(0)} ms/frame, faces in ${r.framesWithFace}/${frames}` : a.error}`);
    }
    if (detectRuns.length > 0) experiments.detect = detectRuns;
    return { models, experiments };
  } finally {
    await context.close().catch(() => undefined);
    await server.close();
  }
}
