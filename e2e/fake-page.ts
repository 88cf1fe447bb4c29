// The page with its analysis worker replaced by e2e/fixtures/fake-worker.ts (fixed, made-up
// numbers, no models), for specs of the page's own behaviour (ui, report-ui and screen e2e).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { detectorUrl, openDetector, type DetectorPage } from '../scan/page-driver';
import { ISOLATION_HEADERS } from '../src/csp';
import { MEDIA } from './data';
import { fakeWorkerSource } from './fixtures/fake-worker-source';

export async function useFakeWorker(context: BrowserContext): Promise<void> {
  const body = await fakeWorkerSource();
  await context.route(/\/assets\/analysis\.worker[^/]*\.js$/, (route) =>
    // A cross-origin-isolated page only runs a worker whose response carries COEP, as the real one does.
    route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', headers: { ...ISOLATION_HEADERS }, body }),
  );
}

/** Opens the page on the fake worker; `setup` runs before the page loads (init scripts, routes). */
export async function openFake(browser: Browser, baseUrl: string, params: string, setup?: (context: BrowserContext) => Promise<void>): Promise<DetectorPage> {
  const url = `${detectorUrl(baseUrl, { backend: null, frames: null })}${params}`;
  const dp = await openDetector(browser, url, 30_000, async (context) => {
    await useFakeWorker(context);
    await setup?.(context);
  });
  // The fake worker answers 'fake device': proof the route caught the worker script.
  await expect(dp.page.getByTestId('engine'), 'the real worker started instead of the fake one').toContainText('fake device', { useInnerText: true });
  return dp;
}

/** The bytes `pick` gives every file: a real, playable 2-second H.264 clip. */
export const PICKED_FILE = join(MEDIA, 'good-h264.mp4');

/** Chooses a file named `name` in the drop zone (the fake worker reacts to the name, not the bytes). */
export async function pick(page: Page, name: string): Promise<void> {
  await page.setInputFiles('input[type=file]', { name, mimeType: 'video/mp4', buffer: await readFile(PICKED_FILE) });
}
