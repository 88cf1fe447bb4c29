// Privacy: record every request the page (and its worker) makes while it starts and analyses a
// video, and fail on any origin other than the page's own. Also prove the CSP blocks a request to
// another origin, so the policy is enforced in the browser and not just declared.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, detectorUrl, openDetector } from '../scan/page-driver';
import type { E2EContext } from './run';
import { MEDIA, REAL_VIDEO } from './data';
import { assert, type TestCase } from './harness';

/** Requests that cannot leave the machine: the page's origin, and blob:/data: URLs made in the page. */
export function foreignRequests(urls: readonly string[], origin: string): string[] {
  return urls.filter((u) => {
    if (u.startsWith('data:')) return false;
    const plain = u.startsWith('blob:') ? u.slice(5) : u;
    try {
      return new URL(plain).origin !== origin;
    } catch {
      return true;
    }
  });
}

export function privacyTests(ctx: E2EContext): TestCase[] {
  return [
    {
      name: "privacy: no request goes to any origin but the page's own during an analysis, and the CSP blocks others",
      async run() {
        // A real face exercises every stage; without ../shared the face-free fixture still loads every model.
        const file = existsSync(REAL_VIDEO) ? REAL_VIDEO : join(MEDIA, 'good-h264.mp4');
        const origin = new URL(ctx.server.url).origin;
        const urls: string[] = [];
        const url = detectorUrl(ctx.server.url, { backend: 'wasm', frames: ctx.frames });
        const dp = await openDetector(ctx.browser, url, 600_000, (context) => {
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
            const violation = new Promise<string>((ok) =>
              document.addEventListener('securitypolicyviolation', (e) => ok(e.effectiveDirective), { once: true }),
            );
            const fetched = await fetch('http://127.0.0.2:9/probe').then(
              () => 'reached',
              () => 'blocked',
            );
            const directive = await Promise.race([violation, new Promise<string>((ok) => setTimeout(() => ok('none'), 2000))]);
            return { fetched, directive };
          });
          assert(csp.fetched === 'blocked' && csp.directive === 'connect-src', `CSP did not block a foreign fetch: ${JSON.stringify(csp)}`);
        } finally {
          await dp.close();
        }
      },
    },
  ];
}
