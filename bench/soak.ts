// `npx tsx bench/soak.ts [--fake N] [--real N] [--frames N] [--every N] [--via drop|api] [--out FILE]`: many analyses
// in one page, and whether anything grows (issue 24). Not in CI: on the 2-core machine the real
// part takes minutes. Needs a build (`npm run build`) and, for the real part, ../shared/data/videos.
//
//   fake part: one page on the stand-in worker (e2e/fixtures/fake-worker.ts: the page's side alone,
//     bitmaps, job records, the DOM), --fake analyses (default 400) of a 2 s clip;
//   real part: one page on the real worker (wasm), --real analyses (default 100) of 2 s of a real
//     face clip at --frames frames (default 2), through the detector and both models.
// Every --every analyses (and after the first few, once things are warm), after a forced garbage
// collection in the page and the worker (CDP HeapProfiler.collectGarbage), it records: the page's JS
// heap, its heap snapshot's size and detached DOM nodes, its live DOM node count (Blink's counter,
// which counts nodes not yet swept too), the worker's JS heap and tfjs's tensors and bytes (real part), tfjs-wasm's
// WebAssembly memory, and the browser's resident memory (all its processes). Writes the samples as
// JSON (default bench/results/soak-<date>.json) and prints a table; docs/decisions.md has the numbers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { launchChromium } from '../scan/browser';
import { analyzeFile, detectorUrl, openDetector, type DetectorPage } from '../scan/page-driver';
import { startStaticServer } from '../scan/serve';
import { GOOD } from '../e2e/data';
import { useFakeWorker } from '../e2e/fake-page';
import { browserRss, MiB, procAvailable } from '../e2e/fixtures/process-memory';
import { faceClip } from '../e2e/fixtures/runtime-fixtures';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const USAGE = 'usage: npx tsx bench/soak.ts [--fake N] [--real N] [--frames N] [--every N] [--via drop|api] [--out FILE]';

interface Options {
  fake: number;
  real: number;
  frames: number;
  every: number;
  /** How files reach the page: its own file input (as a person picks one), or the driver's analyze(). */
  via: 'drop' | 'api';
  out: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { fake: 400, real: 100, frames: 2, every: 25, via: 'drop', out: join(ROOT, 'bench', 'results', `soak-${new Date().toISOString().slice(0, 10)}.json`) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (flag === '--help') {
      console.log(USAGE);
      process.exit(0);
    }
    if (!['--fake', '--real', '--frames', '--every', '--via', '--out'].includes(flag) || value === undefined) throw new Error(`unknown option or missing value: ${flag}\n${USAGE}`);
    i++;
    if (flag === '--out') o.out = resolve(value);
    else if (flag === '--via') {
      if (value !== 'drop' && value !== 'api') throw new Error(`--via takes drop or api, not ${value}`);
      o.via = value;
    }
    else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} takes a whole number, not ${value}`);
      o[flag.slice(2) as 'fake' | 'real' | 'frames' | 'every'] = n;
    }
  }
  return o;
}

interface Sample {
  part: 'fake' | 'real';
  analyses: number;
  pageHeapMiB: number;
  /** The page's heap snapshot (taken after a full collection, V8 and Blink): its total size and
   *  the DOM nodes in it that are detached from the document (a leak keeps them). */
  snapshotMiB: number;
  detachedNodes: number;
  /** The results the page keeps for automation (status().results, every analysis of its life), as JSON. */
  historyKiB: number;
  domNodes: number;
  workerHeapMiB: number | null;
  tensors: number | null;
  tensorMiB: number | null;
  wasmMemoryMiB: number | null;
  browserRssMiB: number | null;
}

const log = (s: string): void => void process.stderr.write(`soak: ${s}\n`);
const mib = (n: number) => Math.round((n / MiB) * 10) / 10;

/** CDP on the page, and on its workers through auto-attach (Playwright's session speaks to one
 *  target, so a worker's commands go through Target.sendMessageToTarget). */
async function attach(context: BrowserContext, page: Page): Promise<{ page: CDPSession; worker: (method: string, params?: object) => Promise<unknown> }> {
  const cdp = await context.newCDPSession(page);
  let sessionId: string | null = null;
  let id = 1;
  const pending = new Map<number, (r: unknown) => void>();
  cdp.on('Target.attachedToTarget', (e) => {
    // The analysis worker (tfjs's own pthread workers, if any, are its children, not the page's).
    if (e.targetInfo.type === 'worker') sessionId = e.sessionId;
    void cdp.send('Target.sendMessageToTarget', { sessionId: e.sessionId, message: JSON.stringify({ id: id++, method: 'Runtime.runIfWaitingForDebugger' }) }).catch(() => undefined);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (m.id !== undefined) pending.get(m.id)?.(m.error ? new Error(m.error.message) : m.result);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  const worker = async (method: string, params: object = {}) => {
    if (sessionId === null) throw new Error('no worker attached');
    const n = id++;
    const answer = new Promise<unknown>((ok) => pending.set(n, ok));
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method, params }) });
    const r = await answer;
    if (r instanceof Error) throw r;
    return r;
  };
  return { page: cdp, worker };
}

/** A heap snapshot of the page: its size and how many DOM nodes in it are detached. */
async function snapshot(cdp: CDPSession): Promise<{ bytes: number; detached: number }> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => void chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[] };
  const fields = snap.snapshot.meta.node_fields;
  const size = fields.indexOf('self_size');
  const detachedness = fields.indexOf('detachedness');
  let bytes = 0;
  let detached = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    bytes += snap.nodes[i + size]!;
    // 2 = detached (V8's EmbedderGraph::Node::Detachedness::kDetached).
    if (detachedness >= 0 && snap.nodes[i + detachedness] === 2) detached++;
  }
  return { bytes, detached };
}

async function sample(part: Sample['part'], analyses: number, page: Page, cdp: Awaited<ReturnType<typeof attach>>, worker: Worker | null): Promise<Sample> {
  const history = await page.evaluate(() => JSON.stringify(window.deepfakeDetector?.status().results ?? []).length);
  await cdp.page.send('HeapProfiler.collectGarbage');
  const pageHeap = (await cdp.page.send('Runtime.getHeapUsage')) as { usedSize: number };
  const metrics = (await cdp.page.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const domNodes = metrics.metrics.find((m) => m.name === 'Nodes')?.value ?? -1;
  const snap = await snapshot(cdp.page);
  let workerHeap: number | null = null;
  let engine: { numTensors: number; numBytes: number; wasmBytes: number | null } | null = null;
  if (worker !== null) {
    await cdp.worker('HeapProfiler.collectGarbage');
    workerHeap = ((await cdp.worker('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    engine = (await worker.evaluate(`(() => {
      const e = self._tfengine;
      const m = e.memory();
      const wasm = e.findBackend('wasm');
      const heap = wasm && wasm.wasm && wasm.wasm.HEAPU8 ? wasm.wasm.HEAPU8.buffer.byteLength : null;
      return { numTensors: m.numTensors, numBytes: m.numBytes, wasmBytes: heap };
    })()`)) as { numTensors: number; numBytes: number; wasmBytes: number | null };
  }
  return {
    part,
    analyses,
    pageHeapMiB: mib(pageHeap.usedSize),
    snapshotMiB: mib(snap.bytes),
    detachedNodes: snap.detached,
    historyKiB: Math.round(history / 1024),
    domNodes,
    workerHeapMiB: workerHeap === null ? null : mib(workerHeap),
    tensors: engine?.numTensors ?? null,
    tensorMiB: engine === null ? null : mib(engine.numBytes),
    wasmMemoryMiB: engine?.wasmBytes == null ? null : mib(engine.wasmBytes),
    browserRssMiB: procAvailable ? mib(browserRss()) : null,
  };
}

/**
 * One analysis of `file` as a person starts it: the page's own file input (the drop zone's), then
 * wait until the page's results list has grown. Not analyze(): the driver makes a detached
 * <input type=file> per call for it, which the DevTools protocol's handles keep alive, so the page
 * would look as if it kept one node per analysis that it does not (measured: the heap snapshot
 * names "DevTools console" handles as those inputs' only retainer).
 */
async function dropFile(dp: DetectorPage, file: string, n: number): Promise<string | null> {
  await dp.page.setInputFiles('input[type=file]', file);
  await dp.page.waitForFunction((k) => (window.deepfakeDetector?.status().results.length ?? 0) >= k, n, { timeout: 600_000, polling: 100 });
  return dp.page.evaluate((k) => window.deepfakeDetector!.status().results[k - 1]!.error, n);
}

async function soak(part: Sample['part'], dp: DetectorPage, cdp: Awaited<ReturnType<typeof attach>>, worker: Worker | null, runs: number, file: string, every: number, via: Options['via']): Promise<Sample[]> {
  const samples: Sample[] = [];
  const t0 = performance.now();
  for (let i = 1; i <= runs; i++) {
    const error = via === 'drop' ? await dropFile(dp, file, i) : (await analyzeFile(dp, file, 600_000)).error;
    if (error !== null) throw new Error(`${part} analysis ${i}: ${error}`);
    if (i === 5 || i % every === 0 || i === runs) {
      samples.push(await sample(part, i, dp.page, cdp, worker));
      const s = samples.at(-1)!;
      log(`${part} ${i}/${runs} (${((performance.now() - t0) / 1000).toFixed(0)} s): page heap ${s.pageHeapMiB} MiB (snapshot ${s.snapshotMiB} MiB, ${s.detachedNodes} detached nodes; results kept ${s.historyKiB} KiB), ${s.domNodes} nodes` + (s.workerHeapMiB === null ? '' : `, worker heap ${s.workerHeapMiB} MiB, ${s.tensors} tensors (${s.tensorMiB} MiB), wasm ${s.wasmMemoryMiB} MiB`) + (s.browserRssMiB === null ? '' : `, browser RSS ${s.browserRssMiB} MiB`));
    }
  }
  return samples;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const server = await startStaticServer(join(ROOT, 'dist'));
  const browser = await launchChromium();
  const samples: Sample[] = [];
  const started = new Date().toISOString();
  try {
    if (o.fake > 0) {
      let cdp: Awaited<ReturnType<typeof attach>> | null = null;
      const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: 4 }), 60_000, async (context, page) => {
        await useFakeWorker(context);
        cdp = await attach(context, page);
      });
      try {
        samples.push(...(await soak('fake', dp, cdp!, null, o.fake, GOOD, o.every, o.via)));
      } finally {
        await dp.close();
      }
    }
    if (o.real > 0) {
      const clip = await faceClip();
      let cdp: Awaited<ReturnType<typeof attach>> | null = null;
      const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: o.frames }), 600_000, async (context, page) => {
        cdp = await attach(context, page);
      });
      try {
        const worker = dp.page.workers().find((w) => /analysis/.test(w.url()));
        if (!worker) throw new Error('the analysis worker is not running');
        samples.push(...(await soak('real', dp, cdp!, worker, o.real, clip, Math.max(1, Math.round(o.every / 2.5)), o.via)));
      } finally {
        await dp.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify({ started, finished: new Date().toISOString(), options: { ...o, out: undefined }, samples }, null, 2)}\n`);
  console.table(samples);
  log(`wrote ${o.out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
