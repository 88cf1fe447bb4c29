// Proves the Chromium flags in scan/browser.ts give WebGPU a working (software) adapter here.
import { expect, test } from './fixtures';

test('WebGPU: navigator.gpu.requestAdapter() and requestDevice() succeed with the launch flags', async ({ browser, server }) => {
  const page = await browser.newPage();
  try {
    // Any page of our own origin is a secure context (127.0.0.1); the app itself is not needed.
    await page.goto(new URL('robots.txt', server.url).toString());
    const info = await page.evaluate(async () => {
      if (!('gpu' in navigator) || !navigator.gpu) return { ok: false, why: 'navigator.gpu is undefined' };
      const adapter = await navigator.gpu.requestAdapter();
      if (!adapter) return { ok: false, why: 'requestAdapter() returned null' };
      const device = await adapter.requestDevice();
      const ok = typeof device.createBuffer === 'function';
      device.destroy();
      // adapter.info is newer than the WebGPU typings in use.
      const a = (adapter as unknown as { info?: { vendor?: string; architecture?: string } }).info;
      return { ok, why: `${a?.vendor ?? '?'} ${a?.architecture ?? '?'}` };
    });
    expect(info.ok, `no WebGPU adapter: ${info.why}`).toBe(true);
    console.log(`  adapter: ${info.why}`);
  } finally {
    await page.close();
  }
});
