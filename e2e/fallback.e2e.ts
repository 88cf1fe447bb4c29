// Backend fallback in the real page: a lost WebGPU device, or a failed adapter request, moves the
// detector to the next backend with a notice, and analysis goes on.
import { analyzeFile, detectorUrl, openDetector } from '../scan/page-driver';
import { assert } from './assert';
import { GOOD } from './data';
import { test } from './fixtures';
import { analysisWorker, FILE_MS, finite, HARDWARE_ADAPTER, LOSE_DEVICE, NO_ADAPTER, NO_WEBGL, notices, patchWorker, STARTUP_MS } from './worker-levers';

test('resources: a lost WebGPU device falls back to the next backend with a notice, and analysis goes on', async ({ browser, server }) => {
  // A page of our own whose backend is not forced (a forced backend never falls back).
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: null, frames: 4 }), STARTUP_MS, (c) => patchWorker(c, `${HARDWARE_ADAPTER}\n${NO_WEBGL}`));
  try {
    assert(dp.backend === 'webgpu', `the page started on ${dp.backend}, not WebGPU: cannot test a lost device`);
    // The warm-up has already run every model on this device. (No analysis before the loss:
    // measured, WebGPU on SwiftShader detects at ~34 s per frame, too slow for CI.)
    const worker = await analysisWorker(dp.page);
    // Lose the device as a driver reset would: every later GPU call fails.
    await worker.evaluate(LOSE_DEVICE);
    await dp.page.waitForFunction(() => [...document.querySelectorAll('[data-testid=notices] li')].some((li) => /WebGPU device was lost/i.test(li.textContent ?? '')), undefined, {
      timeout: 10_000,
    });
    const r = await analyzeFile(dp, GOOD, STARTUP_MS);
    finite(r, 'after the loss');
    assert(r.backend !== 'webgpu', `the analysis after the loss ran on ${r.backend}`);
    const shown = await notices(dp.page);
    console.log(`  after the loss: analysed on ${r.backend}; notices: ${shown.join(' | ')}`);
    const engine = await dp.page.getByTestId('engine').getAttribute('data-backend');
    assert(engine === r.backend, `the page shows backend ${engine}, the analysis ran on ${r.backend}`);
  } finally {
    await dp.close();
  }
});

test('resources: a failed WebGPU adapter request falls back to the next backend with a notice', async ({ browser, server }) => {
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: null, frames: 4 }), STARTUP_MS, (c) => patchWorker(c, `${NO_ADAPTER}\n${NO_WEBGL}`));
  try {
    assert(dp.backend === 'wasm', `expected the WASM floor after WebGPU and WebGL failed, got ${dp.backend}`);
    const shown = await notices(dp.page);
    console.log(`  started on ${dp.backend}; notices: ${shown.join(' | ')}`);
    assert(shown.some((n) => /WebGPU/.test(n) && /adapter/i.test(n) && /fall/i.test(n)), `no notice about WebGPU: ${shown.join(' | ')}`);
    assert(shown.some((n) => /WebGL/.test(n)), `no notice about WebGL: ${shown.join(' | ')}`);
    finite(await analyzeFile(dp, GOOD, FILE_MS), 'on the fallback');
  } finally {
    await dp.close();
  }
});
