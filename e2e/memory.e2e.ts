// Many analyses in a row, measured in the real page and worker: tfjs tensors (and WebGPU bytes)
// stay flat and every VideoFrame is closed.
import { existsSync } from 'node:fs';
import { analyzeFile, detectorUrl, openDetector } from '../scan/page-driver';
import { GOOD, REAL_VIDEO } from './data';
import { expect, test } from './fixtures';
import { browserRss, MiB, procAvailable } from './fixtures/process-memory';
import { faceClip, oneFrameClip } from './fixtures/runtime-fixtures';
import { analysisWorker, countVideoFrames, engineMemory, FILE_MS, finite, frameCounts, STARTUP_MS, type EngineMemory } from './worker-levers';

/** Analyses in the memory test (the issue's number). */
const MEMORY_RUNS = Number(process.env.E2E_MEMORY_RUNS ?? 50);
/** Backend of the memory test. WASM by default: measured on this 2-core machine, WebGPU on
 *  SwiftShader takes ~34 s per frame to detect faces (WASM ~0.4 s), far too slow for 50 analyses.
 *  With a real GPU set E2E_MEMORY_BACKEND=webgpu: GPU bytes are then checked too. */
const MEMORY_BACKEND = process.env.E2E_MEMORY_BACKEND ?? 'wasm';

test(`resources: ${MEMORY_RUNS} analyses in a row leave tensors and GPU bytes flat and close every VideoFrame`, async ({ browser, server }) => {
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: MEMORY_BACKEND, frames: 4 }), STARTUP_MS);
  try {
    const worker = await analysisWorker(dp.page);
    await countVideoFrames(worker);
    // Mostly a one-frame video (demux, decoder, detector: cheap); every 5th a real face over 4
    // frames (align + the whole ensemble), so both paths repeat ten times or more.
    const face = existsSync(REAL_VIDEO) ? await faceClip() : null;
    const small = await oneFrameClip();
    if (face === null) console.log(`  ${REAL_VIDEO} absent: face-free clips only (the scoring path is not exercised)`);
    const rows: (EngineMemory & { page: number; openFrames: number; rss: number })[] = [];
    const t0 = performance.now();
    for (let i = 0; i < MEMORY_RUNS; i++) {
      const file = i % 5 === 4 ? (face ?? GOOD) : small;
      const r = await analyzeFile(dp, file, FILE_MS);
      finite(r, `run ${i + 1}`);
      const page = await dp.page.evaluate(() => window.deepfakeDetector?.status().memory?.numTensors ?? -1);
      const frames = await frameCounts(worker);
      rows.push({ ...(await engineMemory(worker)), page, openFrames: frames.made - frames.closed, rss: procAvailable ? browserRss() : 0 });
    }
    const secs = (performance.now() - t0) / 1000;
    // Frames the decoder produced ahead are closed when its iterator is returned, which the
    // pipeline does not await: give it a moment before the final count.
    // Polled on the counters themselves, bounded.
    let counts = await frameCounts(worker);
    await expect.poll(async () => ((counts = await frameCounts(worker)), counts.made - counts.closed), { timeout: 10_000 }).toBe(0).catch(() => undefined);
    const first = rows[Math.min(4, rows.length - 1)]!; // after one of each kind has warmed up
    const last = rows.at(-1)!;
    const tensors = rows.slice(4).map((r) => r.numTensors);
    console.log(
      `  ${MEMORY_RUNS} analyses on ${last.backend} in ${secs.toFixed(0)} s: tensors ${rows[0]!.numTensors} -> ${first.numTensors} -> ${last.numTensors} ` +
        `(range ${Math.min(...tensors)}..${Math.max(...tensors)}), bytes ${first.numBytes} -> ${last.numBytes}` +
        `${last.numBytesInGPU !== null ? `, GPU bytes ${first.numBytesInGPU} -> ${last.numBytesInGPU}` : ''}; VideoFrames made ${counts.made}, closed ${counts.closed}`,
    );
    if (procAvailable) {
      // Browser memory (all processes) is noisier (GC, caches), so only a leak-sized growth fails.
      const grew = last.rss - first.rss;
      console.log(`  browser memory after run 5: ${(first.rss / MiB).toFixed(0)} MiB, after run ${MEMORY_RUNS}: ${(last.rss / MiB).toFixed(0)} MiB`);
      expect(grew, `browser memory grew by ${(grew / MiB).toFixed(0)} MiB over ${MEMORY_RUNS - 5} analyses`).toBeLessThan(256 * MiB);
    }
    expect(rows.map((r) => r.page), 'the page reports a different tensor count than the worker engine').toEqual(rows.map((r) => r.numTensors));
    expect(Math.max(...tensors), `tensor count moved between analyses: ${tensors.join(',')}`).toBe(Math.min(...tensors));
    expect(last.numBytes, `tensor bytes ${first.numBytes} -> ${last.numBytes}`).toBe(first.numBytes);
    if (last.numBytesInGPU !== null) expect(last.numBytesInGPU, `GPU bytes ${first.numBytesInGPU} -> ${last.numBytesInGPU}`).toBe(first.numBytesInGPU);
    expect(counts.made, 'VideoFrames the frame counter saw (too few: instrumentation not in effect?)').toBeGreaterThanOrEqual(MEMORY_RUNS);
    expect(counts.closed, `${counts.made - counts.closed} VideoFrames were never closed`).toBe(counts.made);
    const warnings = dp.errors.filter((e) => /VideoFrame|garbage collected/i.test(e));
    expect(warnings, 'the browser warned about frames').toEqual([]);
  } finally {
    await dp.close();
  }
});
