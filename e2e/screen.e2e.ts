// "The page a journalist can rely on" (issue 10): any screen (no sideways scroll at phone widths,
// a readable timeline with 24 px targets, the result scrolled into view), keyboard and screen
// readers (one tab stop per widget, Escape, headings, a live region that speaks per step), states
// that look like what they are (cancelled, error), a page-level drop guard, the file:// message,
// axe-core, and offline use after one visit. Fake worker where models do not matter; the real page
// for the idle layout and offline. Every wait is on the page's state, never on time.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { analyzeReport, detectorUrl, openDetector } from '../scan/page-driver';
import { startStaticServer } from '../scan/serve';
import { DIST, GOOD, REAL_VIDEO } from './data';
import { openFake, pick } from './fake-page';
import { expect, shot, test, TO_PASS } from './fixtures';

const PHONE_WIDTHS = [360, 390, 400] as const;
/** A phone's height (an iPhone 12-15 is 390 × 844). */
const PHONE_HEIGHT = 844;
const STARTUP_MS = 600_000;
/** Frames the offline test samples, online and offline. */
const OFFLINE_FRAMES = 4;

/** The paths the built service worker precaches (Workbox's manifest in dist/sw.js). */
function precacheManifest(): Set<string> {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  return new Set([...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]!));
}

/** Sideways overflow of the whole page at the current width (0 = none). */
async function overflow(page: Page): Promise<{ scroll: number; inner: number; widest: string }> {
  return page.evaluate(() => {
    const scroll = document.scrollingElement!.scrollWidth;
    const inner = window.innerWidth;
    // The widest element, to make a failure say what to fix.
    let widest = '';
    let max = 0;
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > max) {
        max = r.right;
        widest = `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').replace(/\s+/g, '.')} (right edge ${Math.round(r.right)} px)`;
      }
    }
    return { scroll, inner, widest };
  });
}

async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  await expect(async () => {
    const o = await overflow(page);
    expect(o.scroll, `${what}: the page scrolls sideways (scrollWidth ${o.scroll} > innerWidth ${o.inner}); widest: ${o.widest}`).toBeLessThanOrEqual(o.inner);
  }).toPass(TO_PASS);
}

/** Runs axe-core on the page; serious or critical violations fail the test. */
async function expectAxeClean(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = results.violations.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact})`);
  console.log(`  axe, ${what}: ${results.passes.length} rules pass, ${bad.length} serious/critical${minor.length ? `, minor: ${minor.join(', ')}` : ''}`);
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`), `axe, ${what}: serious or critical violations`).toEqual([]);
}

/** What the page's live region and progress steps said during an analysis, in order. */
async function recordSpeech(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __said: string[]; __steps: string[]; __details: string[] };
    w.__said = [];
    w.__steps = [];
    w.__details = [];
    const announcer = document.querySelector('[data-testid=announcer]')!;
    new MutationObserver(() => {
      const text = announcer.textContent ?? '';
      if (text && w.__said.at(-1) !== text) w.__said.push(text);
    }).observe(announcer, { childList: true, subtree: true, characterData: true });
    new MutationObserver(() => {
      const step = document.querySelector('[data-testid=analysis-progress] [aria-current=step]')?.getAttribute('data-step');
      if (step && w.__steps.at(-1) !== step) w.__steps.push(step);
      const detail = document.querySelector('[data-testid=progress-detail]')?.textContent;
      if (detail && w.__details.at(-1) !== detail) w.__details.push(detail);
    }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  });
}

test('any screen (fake worker): no sideways scroll at 360-400 px, a readable timeline with 24 px targets, the verdict scrolled into view', async ({ browser, server }) => {
  const dp = await openFake(browser, server.url, '?frames=8');
  const { page } = dp;
  try {
    for (const width of PHONE_WIDTHS) {
      await page.setViewportSize({ width, height: PHONE_HEIGHT });
      await page.evaluate(() => window.scrollTo(0, 0));
      await pick(page, `phone-${width}.mp4`);
      await page.waitForFunction((n) => window.deepfakeDetector?.status().results.length === n, PHONE_WIDTHS.indexOf(width) + 1, { timeout: 20_000 });
      // The verdict comes into view by itself (the page scrolls to it, smoothly unless reduced motion is asked for).
      await page.waitForFunction(
        () => {
          const r = document.querySelector('[data-testid=verdict]')?.getBoundingClientRect();
          return r !== undefined && r.top >= 0 && r.top < window.innerHeight / 2;
        },
        undefined,
        { timeout: 10_000 },
      );
      await expectNoSidewaysScroll(page, `result at ${width} px`);
      const chart = page.locator('[data-testid=timeline] svg');
      // (No box, as when the chart is not rendered, reads as 0 px.)
      await expect.poll(async () => (await chart.boundingBox())?.height ?? 0, { message: `timeline height at ${width} px` }).toBeGreaterThanOrEqual(150);
      const targets = page.locator('[data-testid=timeline] .hit');
      await expect(targets, `?frames=8 with one faceless frame should give 7 points at ${width} px`).toHaveCount(7);
      const sides = () => targets.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height]));
      await expect.poll(async () => Math.min(...(await sides()).flat()), { message: `the smallest side of a timeline target at ${width} px` }).toBeGreaterThanOrEqual(24);
      const font = () => page.locator('[data-testid=timeline] text.axis').first().evaluate((t) => t.getBoundingClientRect().height);
      await expect.poll(font, { message: `timeline label height at ${width} px` }).toBeGreaterThanOrEqual(10);
      const svg = await chart.boundingBox();
      const hits = await sides();
      console.log(`  ${width} px: no sideways scroll, timeline ${Math.round(svg!.height)} px tall, targets ${hits[0]!.map(Math.round).join(' × ')} px`);
      await shot(page, `phone-${width}-verdict`);
    }
    // A tap between points picks the nearest frame (the video player sits above the chart: bring it into view first).
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    const first = await page.locator('[data-testid=timeline] [data-frame-index]').first().boundingBox();
    await page.mouse.click(first!.x + first!.width / 2 + 4, first!.y + first!.height + 30);
    await expect(page.getByTestId('frame-preview'), 'a tap near the first point did not show frame 1').toContainText('Frame 1', { useInnerText: true });
    await expectNoSidewaysScroll(page, 'frame preview at 400 px');
  } finally {
    await dp.close();
  }
});

test('any screen (real page): the idle page fits 360-400 px, and engine notes are not above the drop zone', async ({ browser, server }) => {
  const dp = await openDetector(browser, server.url, STARTUP_MS);
  const { page } = dp;
  try {
    // No URL parameter was given: nothing may stand between the title and the drop zone.
    await expect(page.locator('main [data-testid=notices]'), 'notices above the drop zone').toHaveCount(0);
    const engineNotes = await page.locator('header [data-testid=notices] li').allInnerTexts();
    console.log(`  started on ${dp.backend}; engine notes (under the engine status): ${engineNotes.join(' | ') || 'none'}`);
    for (const width of PHONE_WIDTHS) {
      await page.setViewportSize({ width, height: PHONE_HEIGHT });
      await expectNoSidewaysScroll(page, `idle page at ${width} px`);
      // (No box, as when the zone is not rendered, reads as below the fold.)
      const zoneTop = async () => (await page.getByTestId('dropzone').boundingBox())?.y ?? Number.POSITIVE_INFINITY;
      await expect.poll(zoneTop, { message: `the drop zone starts below the fold at ${width} px (its top, px)` }).toBeLessThan(PHONE_HEIGHT);
    }
    await shot(page, 'phone-idle-real');
    await expectAxeClean(page, 'real idle page at 400 px');
  } finally {
    await dp.close();
  }
});

test('keyboard and screen readers (fake worker): one tab stop per widget, arrows inside, Escape and focus return, heading, live region per step, forward-only progress', async ({ browser, server }) => {
  const dp = await openFake(browser, server.url, '?frames=6');
  const { page } = dp;
  try {
    await recordSpeech(page);
    await pick(page, 'interview.mp4');
    await page.getByTestId('verdict').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=announcer]')?.textContent?.startsWith('Result'), undefined, { timeout: 10_000 });
    const { said, steps, details } = await page.evaluate(() => {
      const w = window as unknown as { __said: string[]; __steps: string[]; __details: string[] };
      return { said: w.__said, steps: w.__steps, details: w.__details };
    });
    console.log(`  live region said: ${said.join(' / ')}`);
    console.log(`  steps shown: ${steps.join(' -> ')}; ${details.length} progress lines`);
    expect(said.length, `the live region spoke per frame: ${said.join(' / ')}`).toBeLessThanOrEqual(4);
    expect(said.filter((s) => /frame \d|\d+ of \d+ frames/i.test(s)), 'the live region spoke per frame').toEqual([]);
    expect(said.at(-1), 'last announcement').toMatch(/^Result for interview\.mp4: Likely manipulated/);
    const order = ['open', 'frames', 'verdict'];
    for (let i = 1; i < steps.length; i++) expect(order.indexOf(steps[i]!), `progress went back: ${steps.join(' -> ')}`).toBeGreaterThan(order.indexOf(steps[i - 1]!));
    const frameNumbers = details.map((d) => Number(/^(\d+) of \d+ frames/.exec(d)?.[1] ?? NaN)).filter(Number.isFinite);
    for (let i = 1; i < frameNumbers.length; i++) expect(frameNumbers[i]!, `the frame counter went back: ${details.join(' | ')}`).toBeGreaterThanOrEqual(frameNumbers[i - 1]!);

    // The verdict is a heading.
    const heading = page.getByRole('heading', { name: 'Likely manipulated' });
    await expect(heading, 'the verdict is not a heading').toHaveCount(1);

    // Tab stops: one per widget (timeline, crops, most suspicious frames, people, the stills for a
    // reverse search), whatever the number of frames.
    for (const widget of ['timeline', 'face-crops', 'evidence-gallery', 'people', 'keyframes']) {
      const focusable = page.locator(`[data-testid=${widget}] button, [data-testid=${widget}] [role=button]`);
      await expect.poll(() => focusable.count(), { message: `${widget}: items that take focus` }).toBeGreaterThan(1);
      await expect(page.locator(`[data-testid=${widget}] [tabindex="0"]`), `${widget}: tab stops`).toHaveCount(1);
    }
    // Walk the whole page with Tab and count the stops.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // The video player's own controls are several stops on one element (its shadow DOM): counted
    // as one here (newsroom.e2e.ts bounds them); the walk ends when it comes back to a seen stop.
    const seen: string[] = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => {
        const el = document.activeElement;
        if (el === null || el === document.body) return 'body';
        return `${el.tagName}|${el.getAttribute('aria-label') ?? el.getAttribute('data-testid') ?? el.textContent?.slice(0, 30)}`;
      });
      if (id === seen.at(-1) && id.startsWith('VIDEO|')) continue;
      if (seen.includes(id)) break;
      seen.push(id);
    }
    console.log(`  ${seen.length} tab stops on a page with a 6-frame result: ${seen.join(' ; ')}`);
    // (16 since issue 27's provenance panel: its list of every metadata field and its stills, one stop each.)
    expect(seen.length, `${seen.length} tab stops: ${seen.join(' ; ')}`).toBeLessThanOrEqual(16);

    // Arrows, Home and End move inside the timeline; Enter opens the frame; Escape closes it and
    // focus returns to the point that opened it.
    const stop = page.locator('[data-testid=timeline] [tabindex="0"]');
    await stop.focus();
    const focusedFrame = () => page.evaluate(() => document.activeElement?.getAttribute('data-frame-index'));
    const start = await focusedFrame();
    await page.keyboard.press('ArrowRight');
    await expect(async () => {
      const next = await focusedFrame();
      expect(next, `ArrowRight did not move along the timeline (${start} -> ${next})`).not.toBeNull();
      expect(next, `ArrowRight did not move along the timeline (${start} -> ${next})`).not.toBe(start);
    }).toPass(TO_PASS);
    await page.keyboard.press('End');
    await expect.poll(focusedFrame, { message: 'End went to another frame' }).toBe('5');
    await page.keyboard.press('Home');
    await expect.poll(focusedFrame, { message: 'Home went to another frame' }).toBe('0');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('frame-preview'), 'Enter did not open the focused frame').toContainText('Frame 2', { useInnerText: true });
    await expectAxeClean(page, 'frame preview open');
    await page.keyboard.press('Escape');
    await page.getByTestId('frame-preview').waitFor({ state: 'detached', timeout: 5_000 });
    await expect.poll(focusedFrame, { message: 'after Escape focus is not on the point that opened the preview (its data-frame-index)' }).toBe('1');

    // Crops: the same, and the Close button returns focus too.
    await page.locator('[data-testid=face-crops] [tabindex="0"]').focus();
    await page.keyboard.press('ArrowRight');
    const crop = await focusedFrame();
    await page.keyboard.press('Enter');
    await page.getByTestId('frame-preview').waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('frame-preview').waitFor({ state: 'detached', timeout: 5_000 });
    const back = () => page.evaluate(() => [document.activeElement?.closest('[data-testid=face-crops]') !== null, document.activeElement?.getAttribute('data-frame-index')]);
    await expect.poll(back, { message: 'after Close focus is not on the crop that opened the preview ([in the crops, data-frame-index])' }).toEqual([true, crop]);
    await expectAxeClean(page, 'page with a result');
  } finally {
    await dp.close();
  }
});

test('states (fake worker): a cancelled analysis is marked partial, an error looks like one, a file dropped anywhere is analysed', async ({ browser, server }) => {
  const dp = await openFake(browser, server.url, '?frames=4');
  const { page } = dp;
  try {
    await expectAxeClean(page, 'idle page');
    await pick(page, 'slow.mp4');
    await page.locator('[data-testid=timeline] [data-frame-index]').first().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('cancelled'), 'cancel note').toContainText('Cancelled after 1 of 4 frames', { useInnerText: true, timeout: 10_000 });
    await expect(page.locator('[data-testid=timeline].partial'), 'the partial timeline is not marked').toHaveCount(1);
    await expect(page.locator('.crops.partial'), 'the partial crops are not marked').toHaveCount(1);
    await expect(page.locator('[data-testid=timeline] .partial-badge'), 'no "Partial" badge on the timeline').toContainText('Partial', { useInnerText: true });
    await shot(page, 'cancelled-partial');

    await pick(page, 'not-a-video.mp4');
    const verdict = page.getByTestId('verdict');
    await expect(verdict, 'an error result looks like a verdict: class').toHaveClass(/verdict-error/, { timeout: 10_000 });
    await expect(verdict, 'an error result looks like a verdict: no background').not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
    await shot(page, 'error-result');

    // A file dropped on the footer, far from the drop zone: analysed, and the browser is kept from opening it.
    const prevented = await page.evaluate(async () => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(64)], 'dropped-on-footer.mp4', { type: 'video/mp4' }));
      const target = document.querySelector('.app-footer')!;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      return !target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    expect(prevented, 'a drop outside the drop zone was left to the browser (it would open the file and lose the page)').toBe(true);
    await page.waitForFunction(() => window.deepfakeDetector?.status().results.some((r) => r.file === 'dropped-on-footer.mp4'), undefined, { timeout: 20_000 });
    // A drop with no file says so instead of doing nothing.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'just text');
      document.querySelector('.app-footer')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.getByText('Nothing was dropped that looks like a file').waitFor({ timeout: 5_000 });
  } finally {
    await dp.close();
  }
});

test('dist/index.html opened from disk says how to serve it', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(DIST, 'index.html')).href);
    const note = page.getByTestId('file-protocol');
    await expect(note, 'file:// message').toContainText('npm start', { useInnerText: true, timeout: 10_000 });
    await expect(note, 'file:// message').toContainText('file://', { useInnerText: true });
    await expect(note, 'file:// message').not.toContainText(/this browser cannot/i, { useInnerText: true });
  } finally {
    await context.close();
  }
});

test('offline equals online: after one visit the page loads from the precache alone (everything an online analysis fetched is in it), says it is offline, and gives the same file the same result byte for byte; still cross-origin isolated; installable', async ({ browser }) => {
  // A server of this test's own, closed after the first visit: offline for real, not only emulated.
  const own = await startStaticServer(DIST);
  let closed = false;
  // Every request the page and its analysis worker make online; the service worker's own (its
  // precache downloads, its imported scripts) are not the page's.
  const fetched = new Set<string>();
  const dp = await openDetector(browser, detectorUrl(own.url, { backend: 'wasm', frames: OFFLINE_FRAMES }), STARTUP_MS, (context) => {
    context.on('request', (r) => {
      if (r.serviceWorker() === null && !closed) fetched.add(r.url());
    });
  }, 'allow');
  const { page } = dp;
  try {
    // navigator.serviceWorker.ready resolves once the worker is active, after its precache is complete.
    const cached = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      const names = await caches.keys();
      let entries = 0;
      for (const name of names) entries += (await (await caches.open(name)).keys()).length;
      return { scope: reg.scope, entries };
    });
    console.log(`  service worker active for ${cached.scope}; ${cached.entries} files cached`);
    const cdp = await page.context().newCDPSession(page);
    const installability = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    // 'in-incognito': Playwright's contexts are off-the-record profiles, where Chromium never offers
    // to install; every other check (manifest, icons, service worker) is about the app.
    const errors = installability.installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[]; url: string };
    console.log(`  manifest ${manifest.url}; installability errors besides in-incognito: ${errors.join(', ') || 'none'}`);
    expect([...errors, ...manifest.errors.map((e) => e.message)], 'not installable').toEqual([]);

    // Online: the clip analysed by the page as first served (not yet controlled by the service worker).
    // A clip with a face when ../shared is there (the models score it), else the bundled clip.
    const clip = existsSync(REAL_VIDEO) ? REAL_VIDEO : GOOD;
    const online = await analyzeReport(dp, clip, STARTUP_MS, OFFLINE_FRAMES);
    // Everything fetched is precached: the page's address is the precached index.html (any address
    // of the page opens it), sw.js is the service worker itself, never precached.
    const precached = precacheManifest();
    const missing = [...fetched]
      .filter((u) => u.startsWith(own.url))
      .map((u) => new URL(u).pathname.slice(1))
      .filter((path) => path !== '' && path !== 'sw.js' && !precached.has(path));
    expect([...fetched].filter((u) => u.includes('.tflite')).length, `the recorder missed the face detector's downloads (${fetched.size} requests)`).toBeGreaterThan(0);
    expect(missing, 'fetched online but not precached, so offline differs').toEqual([]);
    console.log(`  online: ${fetched.size} requests, every one precached (${precached.size} files)`);

    await own.close();
    closed = true;
    await dp.context.setOffline(true);
    const response = await page.reload({ waitUntil: 'load' });
    expect(response?.fromServiceWorker(), 'the reload did not come from the service worker').toBe(true);
    await page.waitForFunction(() => window.deepfakeDetector?.status().state === 'ready', undefined, { timeout: STARTUP_MS });
    await expect.poll(() => page.evaluate(() => window.crossOriginIsolated), { message: 'served from the service worker the page is not cross-origin isolated (no threads)' }).toBe(true);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { message: 'the reloaded page is not controlled by the service worker' }).toBe(true);
    const onLine = await page.evaluate(() => navigator.onLine);
    await expect(page.getByTestId('notices').filter({ hasText: /offline/i }), `an offline start does not say so (navigator.onLine ${onLine})`).not.toHaveCount(0);

    const offline = await analyzeReport(dp, clip, STARTUP_MS, OFFLINE_FRAMES);
    // The same detector and models, so the same result: everything but the timings, byte for byte.
    const same = (r: typeof online) => JSON.stringify({ ...r.result, timings: null, faceDetector: r.faceDetector, models: r.models, environment: r.environment.backend });
    expect(offline.result.error, 'offline analysis').toBeNull();
    expect(offline.result.frames, 'offline analysis: frames').toHaveLength(OFFLINE_FRAMES);
    if (clip === REAL_VIDEO) expect(offline.result.score, 'offline: the models did not score the real clip').not.toBeNull();
    expect(same(offline), 'offline differs from online').toBe(same(online));
    console.log(`  online and offline: ${offline.result.file} ${offline.result.label} ${offline.result.score} on ${offline.result.backend}, ${offline.faceDetector.name.split(' ')[0]} detector, identical`);
  } finally {
    // Back online, the service worker gone, before the context closes (the next test's browser is the same).
    await dp.context.setOffline(false).catch(() => undefined);
    await page.evaluate(async () => Promise.all((await navigator.serviceWorker.getRegistrations()).map((r) => r.unregister()))).catch(() => undefined);
    await dp.close();
    if (!closed) await own.close();
  }
});
