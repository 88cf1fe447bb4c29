// Privacy: nothing the page does, over its whole life, goes to any origin but its own, under the
// app's server (which sends the CSP header) and under a plain static server that sends no headers
// (where only the page's meta CSP and the worker's own guard hold). Every request and every CSP
// violation is recorded (e2e/privacy-recorder.ts), blocked ones included, while the page starts and
// analyses a video; then every long timer of the analysis worker is run at once, so tasks-vision's
// 60 s usage-logger flush (a POST to Google before issue 24) happens without waiting for it.
// A control request to another origin, made from the worker, must be noticed, and refused, or an
// empty list would prove nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, detectorUrl, openDetector } from '../scan/page-driver';
import { startStaticServer, type StaticServer } from '../scan/serve';
import { DIST, E2E_FRAMES, MEDIA, REAL_VIDEO } from './data';
import { expect, test } from './fixtures';
import { startPlainServer } from './plain-server';
import { PRIVACY_PRELUDE, RUN_LONG_TIMERS, recordPrivacy, type Recorder } from './privacy-recorder';
import { foreignRequests } from './requests';
import { FILE_MS, STARTUP_MS, analysisWorker, patchWorker } from './worker-levers';

const HOSTS: { name: string; start: () => Promise<StaticServer> }[] = [
  { name: "the app's server (CSP header)", start: () => startStaticServer(DIST) },
  { name: 'a plain static server (no headers)', start: () => startPlainServer(DIST) },
];

/** Off-origin on purpose: port 9 is one Chromium never connects to, so even a request that got out
 *  would go nowhere. */
const CONTROL = 'http://127.0.0.2:9/privacy-control';

for (const host of HOSTS) {
  test(`privacy under ${host.name}: no request or attempt leaves the origin, the logger's flush included`, async ({ browser }) => {
    // A real face exercises every stage; without ../shared the face-free fixture still loads every model.
    const file = existsSync(REAL_VIDEO) ? REAL_VIDEO : join(MEDIA, 'good-h264.mp4');
    const server = await host.start();
    const origin = new URL(server.url).origin;
    let recorder: Recorder | null = null;
    const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: E2E_FRAMES }), STARTUP_MS, async (context, page) => {
      await patchWorker(context, PRIVACY_PRELUDE);
      recorder = await recordPrivacy(context, page);
    });
    const attached = recorder as Recorder | null;
    try {
      expect(attached, 'the recorders were not attached').not.toBeNull();
      const rec = attached!;
      const worker = await analysisWorker(dp.page);
      const r = await analyzeFile(dp, file, FILE_MS);
      if (file === REAL_VIDEO) expect(r.error, 'analysis failed').toBeNull();

      // The rest of the page's life, at once: every long timer the worker set (on an unpatched build,
      // tasks-vision's logger flush, one per FaceDetector).
      const sentinel = new URL('index.html?privacy-sentinel', server.url).href;
      const fired = await worker.evaluate<string[]>(`(${RUN_LONG_TIMERS})(${JSON.stringify(sentinel)})`);
      await rec.seen(sentinel);
      // The control: the worker asks for another origin, then the page does.
      const workerControl = await worker.evaluate<string>(`fetch(${JSON.stringify(CONTROL)}).then(() => 'reached', (e) => String(e))`);
      const pageControl = await dp.page.evaluate(async (url) => {
        const violation = new Promise<string>((ok) => document.addEventListener('securitypolicyviolation', (e) => ok(e.effectiveDirective), { once: true }));
        const fetched = await fetch(url).then(
          () => 'reached',
          () => 'blocked',
        );
        // The violation event is dispatched before the blocked fetch rejects; the bound only ends a
        // run in which it never comes.
        const directive = await Promise.race([violation, new Promise<string>((ok) => setTimeout(() => ok('none'), 10_000))]);
        return { fetched, directive };
      }, CONTROL);
      // Whatever the control set off in the worker has reached CDP once a later request has.
      const after = `${sentinel}&after-control`;
      await worker.evaluate(`fetch(${JSON.stringify(after)}).then((r) => r.arrayBuffer())`);
      await rec.seen(after);
      await rec.collectWorker((expression) => worker.evaluate(expression));

      const s = rec.sightings;
      // The recorders saw the worker's own downloads through CDP, so an empty list means nothing left.
      expect(s.filter((x) => x.source === 'cdp-worker' && x.url.includes('/models/')).length, `CDP saw no model download from the worker (${s.length} sightings)`).toBeGreaterThan(0);
      const foreign = s.filter((x) => foreignRequests([x.url], origin).length > 0 && x.url !== CONTROL && x.url !== new URL(CONTROL).origin);
      expect(foreign.map((x) => `${x.source}: ${x.url}${x.detail ? ` (${x.detail})` : ''}`), `requests left, or tried to leave, ${origin}`).toEqual([]);
      // The control was refused by the worker itself, whatever the host sends, and never sent.
      const control = s.filter((x) => x.url === CONTROL || x.url === new URL(CONTROL).origin);
      expect(workerControl, "the worker's guard did not refuse the control request").toMatch(/Blocked a request to http:\/\/127\.0\.0\.2:9 \(fetch\)/);
      expect(control.filter((x) => x.source.startsWith('cdp') || x.source === 'playwright'), 'the control request left the worker').toEqual([]);
      expect(pageControl, "the page's CSP did not block a foreign fetch").toEqual({ fetched: 'blocked', directive: 'connect-src' });

      console.log(`  ${host.name}: ${s.length} sightings, all on ${origin}; long timers run: ${JSON.stringify(fired)}`);
    } finally {
      await dp.close();
      await server.close();
    }
  });
}
