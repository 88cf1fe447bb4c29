// The Playwright Test fixtures every spec uses: `server`, the built app (dist/) on 127.0.0.1, one
// per worker (the suite runs one worker). The browser is Playwright's own `browser` fixture,
// launched as playwright.config.ts says (Debian's Chromium, our flags).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startStaticServer, type StaticServer } from '../scan/serve';
import { DIST, SCREENSHOTS } from './data';

export const test = base.extend<object, { server: StaticServer }>({
  server: [
    async ({}, use) => {
      if (!existsSync(join(DIST, 'index.html'))) throw new Error(`The built app is missing (${DIST}); run \`npm run build\` first.`);
      const server = await startStaticServer(DIST);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';

/** The bound for a block of checks retried until it passes (`expect(async () => ...).toPass(TO_PASS)`):
 *  toPass does not take the config's expect timeout, so it is the same 30 s here. */
export const TO_PASS = { timeout: 30_000 } as const;

/** Saves a screenshot to $E2E_SCREENSHOTS (for docs), when set. */
export async function shot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS !== null) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
