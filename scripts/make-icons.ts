// Renders public/icon.svg to the PNG icons the web app manifest lists (vite.config.ts): browsers
// want PNGs of 192 and 512 px to offer "Install". Run once after changing the SVG:
//   npx tsx scripts/make-icons.ts
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from '../scan/browser';

const PUBLIC = join(import.meta.dirname, '..', 'public');

const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS] });
try {
  const svg = await readFile(join(PUBLIC, 'icon.svg'), 'utf8');
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<html><body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
    await page.screenshot({ path: join(PUBLIC, `icon-${size}.png`), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
