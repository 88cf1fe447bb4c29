// Fallbacks in the real page: a lost WebGPU device, or a failed adapter request, moves the detector
// to the next backend with a notice, and analysis goes on; a face detector (tasks-vision) that
// cannot start gives way to the tfjs one, with a notice.
import { analyzeFile, analyzeReport, detectorUrl, openDetector } from '../scan/page-driver';
import { DETECTOR_NAMES, TASKS_VISION_WASM_DIR } from '../src/pipeline/detector-files';
import { GOOD } from './data';
import { expect, test } from './fixtures';
import { analysisWorker, FILE_MS, finite, HARDWARE_ADAPTER, LOSE_DEVICE, NO_ADAPTER, NO_WEBGL, notices, patchWorker, STARTUP_MS } from './worker-levers';

test('resources: a lost WebGPU device falls back to the next backend with a notice, and analysis goes on', async ({ browser, server }) => {
  // A page of our own whose backend is not forced (a forced backend never falls back).
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: null, frames: 4 }), STARTUP_MS, (c) => patchWorker(c, `${HARDWARE_ADAPTER}\n${NO_WEBGL}`));
  try {
    expect(dp.backend, 'the page did not start on WebGPU: cannot test a lost device').toBe('webgpu');
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
    expect(r.backend, 'the analysis after the loss ran on WebGPU').not.toBe('webgpu');
    const shown = await notices(dp.page);
    console.log(`  after the loss: analysed on ${r.backend}; notices: ${shown.join(' | ')}`);
    await expect(dp.page.getByTestId('engine'), `the page shows another backend than the analysis ran on (${r.backend})`).toHaveAttribute('data-backend', r.backend!);
  } finally {
    await dp.close();
  }
});

test('resources: a failed WebGPU adapter request falls back to the next backend with a notice', async ({ browser, server }) => {
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: null, frames: 4 }), STARTUP_MS, (c) => patchWorker(c, `${NO_ADAPTER}\n${NO_WEBGL}`));
  try {
    expect(dp.backend, 'expected the WASM floor after WebGPU and WebGL failed').toBe('wasm');
    const shown = await notices(dp.page);
    console.log(`  started on ${dp.backend}; notices: ${shown.join(' | ')}`);
    const about = (match: (n: string) => boolean) => async () => (await notices(dp.page)).filter(match).length;
    await expect.poll(about((n) => /WebGPU/.test(n) && /adapter/i.test(n) && /fall/i.test(n)), { message: `no notice about WebGPU: ${shown.join(' | ')}` }).toBeGreaterThan(0);
    await expect.poll(about((n) => /WebGL/.test(n)), { message: `no notice about WebGL: ${shown.join(' | ')}` }).toBeGreaterThan(0);
    finite(await analyzeFile(dp, GOOD, FILE_MS), 'on the fallback');
  } finally {
    await dp.close();
  }
});

test('face detector: when tasks-vision cannot start (its wasm refused), the page runs the tfjs detector with a notice, and the report says so', async ({ browser, server }) => {
  // The lever: every request for tasks-vision's runtime fails, as a host missing the file or a
  // network error would make it; nothing in the app knows about it.
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: 4 }), STARTUP_MS, async (c) => {
    await c.route(`**/${TASKS_VISION_WASM_DIR}/**`, (route) => route.abort('failed'));
  });
  try {
    const shown = await notices(dp.page);
    console.log(`  notices: ${shown.join(' | ')}`);
    const fallbackNotices = async () => (await notices(dp.page)).filter((n) => /fast face detector/.test(n) && /tfjs/.test(n)).length;
    await expect.poll(fallbackNotices, { message: `no notice about the face detector fallback: ${shown.join(' | ')}` }).toBeGreaterThan(0);
    const report = await analyzeReport(dp, GOOD, FILE_MS);
    finite(report.result, 'on the tfjs detector');
    const fd = report.faceDetector;
    expect(fd.name, `report: face detector ${JSON.stringify(fd)}`).toBe(DETECTOR_NAMES.tfjs);
    expect(fd.provenanceError, `report: face detector ${JSON.stringify(fd)}`).toBeNull();
    expect(fd.files.length, `report: face detector files ${fd.files.map((f) => f.path).join(', ')}`).toBeGreaterThanOrEqual(4);
    for (const f of fd.files) {
      expect(f.path, 'report: a face detector file outside detector/').toMatch(/^detector\//);
      expect(f.sha256, `report: ${f.path} SHA-256`).toMatch(/^[0-9a-f]{64}$/);
    }
  } finally {
    await dp.close();
  }
});
