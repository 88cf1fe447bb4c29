// Drives the built page from Node through its public API, window.deepfakeDetector (README, "The
// page's API"): open the page, wait for ready(), hand it a disk-backed File (a detached
// <input type=file> filled by Playwright: nothing is read whole into memory) and await analyze().
// Shared by `deepfake-scan` and the e2e tests.
import { errorText } from '../src/failure';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AnalysisResult } from '../src/types';
import type { DetectorInfo, DetectorProgress, DetectorReport } from '../src/report/api-types';

export interface PageOptions {
  backend: string | null;
  frames: number | null;
  /** WebAssembly threads (?threads=); absent or null = the page's default. */
  threads?: number | null;
}

/** The page URL with automation's parameters. */
export function detectorUrl(baseUrl: string, o: PageOptions): string {
  const url = new URL(baseUrl);
  if (o.backend !== null) url.searchParams.set('backend', o.backend);
  if (o.frames !== null) url.searchParams.set('frames', String(o.frames));
  if (o.threads !== undefined && o.threads !== null) url.searchParams.set('threads', String(o.threads));
  return url.toString();
}

export class DetectorStartError extends Error {}
export class AnalysisTimeout extends Error {}

export interface DetectorPage {
  context: BrowserContext;
  page: Page;
  /** What ready() said: the backend the page settled on, its device, the app's version. */
  info: DetectorInfo;
  /** The backend the page settled on (info.backend). */
  backend: string | null;
  /** Console errors and uncaught exceptions, for diagnostics. */
  errors: string[];
  /** Receives the page's progress events for the analysis in flight. */
  onProgress: ((p: DetectorProgress) => void) | null;
  close(): Promise<void>;
}

/** The first line of an error from page.evaluate, without Playwright's prefix. */
function pageErrorMessage(err: unknown): string {
  const first = errorText(err).split('\n')[0]!;
  return first.replace(/^(page\.evaluate|elementHandle\.\w+|page\.waitForFunction): /, '').replace(/^(Type)?Error: /, '');
}

/** Rejects after `ms`: the bound on a page call that might never settle (a stuck or crashed tab). */
function deadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(onTimeout()), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Opens the page and waits until the models are warm (or ready() rejects with the start-up error). */
export async function openDetector(
  browser: Browser,
  url: string,
  startupTimeoutMs: number,
  /** Runs, and is awaited, before the page loads (e2e tests attach request recorders, CDP sessions
   *  and routes here: a route registered late would miss the worker script). */
  setup?: (context: BrowserContext, page: Page) => void | Promise<void>,
  /** 'block' (the default): automation never installs the page's offline service worker, which
   *  would download every model a second time in the background and take requests out of the
   *  tests' routes. The offline e2e test allows it. */
  serviceWorkers: 'allow' | 'block' = 'block',
): Promise<DetectorPage> {
  const context = await browser.newContext({ serviceWorkers });
  const page = await context.newPage();
  await setup?.(context, page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
  };
  const dp: Omit<DetectorPage, 'info' | 'backend'> = { context, page, errors, onProgress: null, close };
  await page.exposeFunction('__deepfakeScanProgress', (p: DetectorProgress) => dp.onProgress?.(p));
  let ready: { ok: true; info: DetectorInfo } | { ok: false; message: string };
  try {
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'load', timeout: startupTimeoutMs });
    await page.waitForFunction(() => window.deepfakeDetector !== undefined, undefined, { timeout: Math.max(1, startupTimeoutMs - (performance.now() - t0)) });
    ready = await deadline(
      page.evaluate(() =>
        window.deepfakeDetector!.ready().then(
          (info) => ({ ok: true as const, info }),
          (e: unknown) => ({ ok: false as const, message: errorText(e) }),
        ),
      ),
      Math.max(1, startupTimeoutMs - (performance.now() - t0)),
      () => new Error('timed out'),
    );
  } catch (err) {
    await close();
    throw new DetectorStartError(`The detector page did not start within ${Math.round(startupTimeoutMs / 1000)} s (${pageErrorMessage(err)}).`);
  }
  if (!ready.ok) {
    await close();
    throw new DetectorStartError(ready.message || 'The detector could not start.');
  }
  return { ...dp, info: ready.info, backend: ready.info.backend } as DetectorPage;
}

/**
 * Analyses one file in an open page through deepfakeDetector.analyze() and returns its report.
 * The page does not hash the file unless `sha256` (Node hashes a disk file many times faster:
 * deepfake-scan fills input.sha256 itself).
 * Throws AnalysisTimeout after `timeoutMs`, or an Error when the page crashes or analyze() rejects.
 */
export async function analyzeReport(dp: DetectorPage, path: string, timeoutMs: number, frames: number | null = null, sha256 = false): Promise<DetectorReport> {
  const { page } = dp;
  let onCrash: () => void = () => undefined;
  const crashed = new Promise<never>((_, fail) => {
    onCrash = () => fail(new Error('The browser tab crashed while analysing this file (out of memory?).'));
  });
  crashed.catch(() => undefined);
  page.once('crash', onCrash);
  const work = (async () => {
    const input = await page.evaluateHandle(() => {
      const el = document.createElement('input');
      el.type = 'file';
      return el;
    });
    try {
      await input.setInputFiles(path);
      return await page.evaluate(
        ([el, n, hash]) => {
          // No function may be declared in here: the test runner's transform would name it with a
          // helper that does not exist in the page. The exposed binding is the progress callback.
          const onProgress = (window as unknown as { __deepfakeScanProgress?: (p: DetectorProgress) => void }).__deepfakeScanProgress;
          return window.deepfakeDetector!.analyze((el as HTMLInputElement).files![0]!, { ...(n === null ? {} : { frames: n }), sha256: hash, onProgress });
        },
        [input, frames, sha256] as const,
      );
    } finally {
      await input.dispose().catch(() => undefined);
    }
  })();
  try {
    return await deadline(Promise.race([work, crashed]), timeoutMs, () => new AnalysisTimeout(`Timed out after ${Math.round(timeoutMs / 1000)} s.`));
  } catch (err) {
    if (err instanceof AnalysisTimeout) {
      // Analyses queue one after another: stop this one so the page can take the next file.
      await page.evaluate(() => window.deepfakeDetector?.cancel()).catch(() => undefined);
      throw err;
    }
    throw new Error(pageErrorMessage(err));
  } finally {
    page.off('crash', onCrash);
  }
}

/** analyzeReport's `result` (what most e2e checks look at). */
export async function analyzeFile(dp: DetectorPage, path: string, timeoutMs: number): Promise<AnalysisResult> {
  return (await analyzeReport(dp, path, timeoutMs)).result;
}
