// What the privacy spec records, over a page's whole life: every request the page and its workers
// start (Chrome DevTools Protocol `Network.requestWillBeSent` on the page and, through auto-attach,
// on each worker; plus Playwright's own request events, which it enables before it lets a worker
// run), every request the analysis worker's code attempts (its fetch, wrapped by a prelude, so a
// request a CSP or the app's guard stops before the network is still seen), every Content-Security-
// Policy violation (the `securitypolicyviolation` event in the page and in the worker, blocked
// requests included), and every refusal of the app's own origin guard (the worker's console).
// The worker prelude also holds on to the worker's periodic timers (setInterval, 30 s and more) and
// its one-off timers of 60 s and more, so the spec can run them on demand: tasks-vision's usage
// logger flushes on a 60 s interval, which no test should wait for. (The pipeline's 30 s bounds on
// single steps are left alone: running those early would only abort work that already finished.)
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

/** One thing that went, or tried to go, somewhere. */
export interface Sighting {
  /** Who saw it: 'cdp-page', 'cdp-worker', 'playwright', 'worker-fetch', 'violation-page',
   *  'violation-worker', 'guard'. */
  source: string;
  url: string;
  detail?: string;
}

/** Plain JavaScript prepended to the analysis worker's script (e2e/worker-levers.ts patchWorker):
 *  tsx would add helpers to a compiled function that the worker lacks. */
export const PRIVACY_PRELUDE = `(() => {
  if (self.__privacy) return;
  const p = { timers: [], fetches: [], pending: [], violations: [] };
  self.__privacy = p;
  // Long timers still run on their own schedule; the spec can also run them now (runLongTimers).
  for (const name of ['setInterval', 'setTimeout']) {
    const real = self[name];
    self[name] = function (fn, ms, ...rest) {
      if (typeof fn === 'function' && Number(ms) >= (name === 'setInterval' ? 30000 : 60000)) p.timers.push({ name, ms: Number(ms), fn, rest });
      return real.call(self, fn, ms, ...rest);
    };
  }
  const realFetch = self.fetch;
  self.fetch = function (input, init) {
    const url = typeof input === 'object' && input !== null && 'url' in input ? String(input.url) : String(input);
    p.fetches.push(url);
    const r = realFetch.call(self, input, init);
    p.pending.push(r.catch(() => undefined));
    return r;
  };
  self.addEventListener('securitypolicyviolation', (e) => p.violations.push({ url: e.blockedURI, directive: e.effectiveDirective }));
})();`;

/** Runs, in the worker, every long timer callback registered so far (tasks-vision's logger flush
 *  among them on an unpatched build), waits for every fetch the worker started to settle, then
 *  fetches `sentinel` (same origin) so the spec can wait until the recorders have seen it. */
export const RUN_LONG_TIMERS = `async (sentinel) => {
  const p = self.__privacy;
  const fired = p.timers.map((t) => t.name + ' ' + t.ms);
  for (const t of p.timers) { try { t.fn(...t.rest); } catch (e) { fired.push('threw: ' + e); } }
  // A flush sends on a microtask; give it that turn, then wait for whatever it started.
  await new Promise((ok) => setTimeout(ok, 0));
  await Promise.allSettled(p.pending);
  await fetch(sentinel).then((r) => r.arrayBuffer(), () => undefined);
  return fired;
}`;

export interface Recorder {
  sightings: Sighting[];
  /** Resolves once a request to `url` has been seen by CDP on a worker. */
  seen(url: string): Promise<void>;
  /** The worker prelude's records (attempted fetches and worker violations) added to sightings. */
  collectWorker(evaluate: <T>(expression: string) => Promise<T>): Promise<void>;
}

/** Attaches every recorder to a context and its page before the page loads. */
export async function recordPrivacy(context: BrowserContext, page: Page): Promise<Recorder> {
  const sightings: Sighting[] = [];
  const waiters: { url: string; ok: () => void }[] = [];
  const saw = (s: Sighting) => {
    sightings.push(s);
    if (s.source === 'cdp-worker') for (const w of waiters.filter((x) => x.url === s.url)) w.ok();
  };

  context.on('request', (r) => saw({ source: 'playwright', url: r.url() }));
  page.on('worker', (w) =>
    w.on('console', (m) => {
      const refused = /Blocked a request to (\S+) \(/.exec(m.text());
      if (refused) saw({ source: 'guard', url: refused[1]!, detail: m.text() });
    }),
  );
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __violations?: { url: string; directive: string }[] };
      (w.__violations ??= []).push({ url: e.blockedURI, directive: e.effectiveDirective });
    });
  });

  const cdp: CDPSession = await context.newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (e) => saw({ source: 'cdp-page', url: e.request.url }));
  // Workers: auto-attach, paused until this session has enabled their Network domain. Playwright's
  // CDPSession speaks to one target, so the workers' sessions go through Target.sendMessageToTarget.
  let id = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    const send = (method: string, params: object = {}) => cdp.send('Target.sendMessageToTarget', { sessionId: e.sessionId, message: JSON.stringify({ id: id++, method, params }) }).catch(() => undefined);
    void send('Network.enable').then(() => send('Runtime.runIfWaitingForDebugger'));
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { method?: string; params?: { request?: { url: string } } };
    if (m.method === 'Network.requestWillBeSent' && m.params?.request) saw({ source: 'cdp-worker', url: m.params.request.url });
  });
  await cdp.send('Network.enable');
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });

  return {
    sightings,
    seen: (url) =>
      new Promise<void>((ok) => {
        if (sightings.some((s) => s.source === 'cdp-worker' && s.url === url)) ok();
        else waiters.push({ url, ok });
      }),
    async collectWorker(evaluate) {
      const p = await evaluate<{ fetches: string[]; violations: { url: string; directive: string }[] }>('({ fetches: self.__privacy.fetches, violations: self.__privacy.violations })');
      for (const url of p.fetches) sightings.push({ source: 'worker-fetch', url });
      for (const v of p.violations) sightings.push({ source: 'violation-worker', url: v.url, detail: v.directive });
      const pageViolations = await page.evaluate(() => (window as unknown as { __violations?: { url: string; directive: string }[] }).__violations ?? []);
      for (const v of pageViolations) sightings.push({ source: 'violation-page', url: v.url, detail: v.directive });
    },
  };
}
