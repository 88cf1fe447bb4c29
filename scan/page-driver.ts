// Drives the built page from Node: open it, wait for the detector to warm up, hand it a file
// through its <input type=file> (a disk-backed File: nothing is read whole into memory), and
// read the result from window.__detector. Shared by `scan` and the e2e tests.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AnalysisResult } from '../src/types';
import type { DetectorAutomation } from '../src/worker/protocol';

export interface PageOptions {
  backend: string | null;
  frames: number | null;
}

/** The page URL with automation's parameters. */
export function detectorUrl(baseUrl: string, o: PageOptions): string {
  const url = new URL(baseUrl);
  if (o.backend !== null) url.searchParams.set('backend', o.backend);
  if (o.frames !== null) url.searchParams.set('frames', String(o.frames));
  return url.toString();
}

export class DetectorStartError extends Error {}

export interface DetectorPage {
  context: BrowserContext;
  page: Page;
  /** The backend the page settled on. */
  backend: string | null;
  /** Console errors and uncaught exceptions, for diagnostics. */
  errors: string[];
  close(): Promise<void>;
}

async function automation(page: Page): Promise<DetectorAutomation | null> {
  return page.evaluate(() => (window.__detector ? { ...window.__detector, results: [] } : null));
}

/** Opens the page and waits until the models are warm (or the page reports a fatal start-up error). */
export async function openDetector(
  browser: Browser,
  url: string,
  startupTimeoutMs: number,
  /** Runs, and is awaited, before the page loads (e2e tests attach request recorders and routes
   *  here: a route registered late would miss the worker script). */
  setup?: (context: BrowserContext) => void | Promise<void>,
): Promise<DetectorPage> {
  const context = await browser.newContext();
  await setup?.(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
  };
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__detector?.state === 'ready' || window.__detector?.state === 'fatal', undefined, {
      timeout: startupTimeoutMs,
      polling: 250,
    });
  } catch (err) {
    await close();
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new DetectorStartError(`The detector page did not start within ${Math.round(startupTimeoutMs / 1000)} s (${detail}).`);
  }
  const a = await automation(page);
  if (a?.state === 'fatal') {
    await close();
    throw new DetectorStartError(a.fatal ?? 'The detector could not start.');
  }
  return { context, page, backend: a?.backend ?? null, errors, close };
}

export class AnalysisTimeout extends Error {}

/**
 * Analyses one file in an open page and returns the page's result. Throws AnalysisTimeout after
 * `timeoutMs`, or an Error when the page crashes or reports a fatal error.
 */
export async function analyzeFile(dp: DetectorPage, path: string, timeoutMs: number): Promise<AnalysisResult> {
  const { page } = dp;
  const before = await page.evaluate(() => window.__detector?.results.length ?? 0);
  let crashed = false;
  const onCrash = (): void => {
    crashed = true;
  };
  page.once('crash', onCrash);
  try {
    // One deadline for both steps, so a file never gets more than timeoutMs in all.
    const deadline = performance.now() + timeoutMs;
    await page.setInputFiles('input[type=file]', path, { timeout: timeoutMs });
    await page.waitForFunction(
      (n) => (window.__detector?.results.length ?? 0) > n || window.__detector?.state === 'fatal',
      before,
      { timeout: Math.max(1, deadline - performance.now()), polling: 200 },
    );
  } catch (err) {
    if (crashed) throw new Error('The browser tab crashed while analysing this file (out of memory?).');
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError') throw new AnalysisTimeout(`Timed out after ${Math.round(timeoutMs / 1000)} s.`);
    throw err;
  } finally {
    page.off('crash', onCrash);
  }
  const out = await page.evaluate((n) => ({ result: window.__detector?.results[n] ?? null, fatal: window.__detector?.fatal ?? null }), before);
  if (out.result === null) throw new Error(out.fatal ?? 'The detector stopped without a result.');
  return out.result;
}
