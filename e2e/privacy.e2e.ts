// Privacy: record every request the page (and its worker) makes while it starts and analyses a
// video, and fail on any origin other than the page's own. Also prove the CSP blocks a request to
// another origin, so the policy is enforced in the browser and not just declared.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, detectorUrl, openDetector } from '../scan/page-driver';
import { assert } from './assert';
import { E2E_FRAMES, MEDIA, REAL_VIDEO } from './data';
import { test } from './fixtures';
import { foreignRequests } from './requests';

test("privacy: no request goes to any origin but the page's own during an analysis, and the CSP blocks others", async ({ browser, server }) => {
  // A real face exercises every stage; without ../shared the face-free fixture still loads every model.
  const file = existsSync(REAL_VIDEO) ? REAL_VIDEO : join(MEDIA, 'good-h264.mp4');
  const origin = new URL(server.url).origin;
  const urls: string[] = [];
  const url = detectorUrl(server.url, { backend: 'wasm', frames: E2E_FRAMES });
  const dp = await openDetector(browser, url, 600_000, (context) => {
    context.on('request', (r) => urls.push(r.url()));
  });
  try {
    const r = await analyzeFile(dp, file, 300_000);
    assert(r.error === null || file !== REAL_VIDEO, `analysis failed: ${r.error}`);
    // The recorder must see the worker's own fetches, or an empty list would prove nothing.
    assert(urls.some((u) => u.includes('/models/')), `the recorder saw no model download (${urls.length} requests)`);
    const foreign = foreignRequests(urls, origin);
    assert(foreign.length === 0, `requests left the origin: ${foreign.join(', ')}`);
    console.log(`  ${urls.length} requests, all to ${origin}`);

    const csp = await dp.page.evaluate(async () => {
      const violation = new Promise<string>((ok) => document.addEventListener('securitypolicyviolation', (e) => ok(e.effectiveDirective), { once: true }));
      const fetched = await fetch('http://127.0.0.2:9/probe').then(
        () => 'reached',
        () => 'blocked',
      );
      // The violation event is dispatched before the blocked fetch rejects; the bound only ends a
      // run in which it never comes.
      const directive = await Promise.race([violation, new Promise<string>((ok) => setTimeout(() => ok('none'), 10_000))]);
      return { fetched, directive };
    });
    assert(csp.fetched === 'blocked' && csp.directive === 'connect-src', `CSP did not block a foreign fetch: ${JSON.stringify(csp)}`);
  } finally {
    await dp.close();
  }
});
