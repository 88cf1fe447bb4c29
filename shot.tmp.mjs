import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: 390, height: 844 } });
await p.setContent(readFileSync('/work/shots27/report.html', 'utf8'));
console.log(await p.evaluate(() => [document.documentElement.scrollHeight, document.querySelectorAll('h1').length]));
await p.screenshot({ path: '/tmp/r390-a.png', clip: { x: 0, y: 0, width: 390, height: 2200 } });
await p.screenshot({ path: '/tmp/r390-b.png', clip: { x: 0, y: 6600, width: 390, height: 2200 }, fullPage: true });
await b.close();
