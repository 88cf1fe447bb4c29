// Issue 27, languages, on the fake worker: the page speaks the browser's language (Playwright's
// `locale`), or the one picked from the menu (kept across a reload); a result and both readable
// reports in Spanish and in French, axe-clean in each; the JSON report the same whatever the
// language. On the real worker: what the worker side writes (a refused file, a failed start-up, a
// provenance reader's error) in the page's language too, the JSON report keeping its English.
// The other specs read English (playwright.config.ts sets en-US). Screenshots of each result (1280
// and 390 px) and report go to $SHOTS27 when it is set.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { detectorUrl, openDetector } from '../scan/page-driver';
import { en } from '../src/i18n/en';
import { es } from '../src/i18n/es';
import { fr } from '../src/i18n/fr';
import type { DetectorReport } from '../src/report/api-types';
import { english, words } from '../src/i18n/words';
import { pick, useFakeWorker } from './fake-page';
import { expect, test } from './fixtures';

const CATALOGS = { en, es, fr } as const;
type Lang = keyof typeof CATALOGS;

/** Where the closing note's screenshots go (outside the repository), or null. */
const SHOTS = process.env.SHOTS27 ?? null;

async function snap(page: Page, name: string): Promise<void> {
  if (SHOTS === null) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Opens the page on the fake worker in a browser whose language is `locale` (none: the config's). */
async function openIn(browser: Browser, baseUrl: string, locale: string | null): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ serviceWorkers: 'block', ...(locale === null ? {} : { locale }) });
  await useFakeWorker(context);
  // Printing is counted, not done (headless Chromium has no printer to open).
  await context.addInitScript(() => {
    window.print = () => {
      (window.top as unknown as { __printed?: number }).__printed = ((window.top as unknown as { __printed?: number }).__printed ?? 0) + 1;
    };
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${detectorUrl(baseUrl, { backend: null, frames: null })}?backend=wasm&frames=6`);
  await page.waitForFunction(() => window.deepfakeDetector?.status().state === 'ready', undefined, { timeout: 30_000 });
  expect(errors.length === 0, `page errors: ${errors.join('; ')}`).toBe(true);
  return { page, close: () => context.close() };
}

/** axe on the page, or on the part `include` selects. */
async function axeClean(page: Page, what: string, include?: string): Promise<void> {
  const builder = new AxeBuilder({ page });
  const results = await (include === undefined ? builder : builder.include(include)).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  console.log(`  axe, ${what}: ${results.passes.length} rules pass, ${bad.length} serious/critical`);
  expect(bad.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`), `axe, ${what}`).toEqual([]);
}

async function download(page: Page, testId: string): Promise<string> {
  const done = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  return readFile(await (await done).path(), 'utf8');
}

/** English sentences of the catalog (three words or more, values left out) found in `text`. */
function englishLeft(text: string): string[] {
  const sentences: string[] = [];
  const walk = (o: object) => Object.values(o).forEach((v) => (typeof v === 'string' ? sentences.push(v) : walk(v as object)));
  walk(en);
  const pieces = sentences.flatMap((s) => s.split(/\{\{\w+\}\}/)).map((p) => p.trim()).filter((p) => p.split(/\s+/).length >= 3);
  return [...new Set(pieces.filter((p) => text.includes(p)))];
}

/** A result in `lang`: the page, the HTML report and the JSON report, with axe on both pages. */
async function resultIn(page: Page, lang: Exclude<Lang, 'en'>): Promise<DetectorReport> {
  const c = CATALOGS[lang];
  expect((await page.evaluate(() => document.documentElement.lang)) === lang, `<html lang> is not ${lang}`).toBe(true);
  expect((await page.locator('h1').innerText()) === c.app.title, `title: ${await page.locator('h1').innerText()}`).toBe(true);
  await pick(page, 'interview.mp4');
  await page.getByTestId('verdict').waitFor({ timeout: 20_000 });
  const verdict = await page.getByTestId('verdict').innerText();
  const labels = [c.verdict.fake, c.verdict.real, c.verdict.uncertain];
  expect(labels.some((l) => verdict.includes(l)), `${lang} verdict: ${verdict}`).toBe(true);
  expect(verdict.includes(c.verdict.howTitle) && verdict.includes(c.verdict.chance), `${lang} verdict lacks its words: ${verdict}`).toBe(true);
  // Percentages as the language writes them ("63 %", a space before the sign).
  expect(/\d\s%/.test(await page.getByTestId('verdict-score').innerText()), `${lang} percentage: ${await page.getByTestId('verdict-score').innerText()}`).toBe(true);
  const main = await page.locator('main').innerText();
  const left = englishLeft(main);
  expect(left.length === 0, `English left on the ${lang} page: ${left.join(' | ')}`).toBe(true);
  await axeClean(page, `result, ${lang}`);
  if (SHOTS !== null) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewportSize({ width: 1280, height: 900 });
    await snap(page, `result-${lang}-1280`);
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, `result-${lang}-390`);
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  const html = await download(page, 'download-report-html');
  expect(html.includes(`<html lang="${lang}"`), `the ${lang} HTML report is not marked ${lang}`).toBe(true);
  for (const s of [c.report.verdictTitle, c.report.checkTitle, c.report.settingsTitle, c.verdict.howTitle]) expect(html.includes(s), `the ${lang} HTML report lacks "${s}"`).toBe(true);
  const reportText = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const leftInReport = englishLeft(reportText);
  expect(leftInReport.length === 0, `English left in the ${lang} HTML report: ${leftInReport.join(' | ')}`).toBe(true);
  const reader = await page.context().newPage();
  await reader.setContent(html);
  await axeClean(reader, `HTML report, ${lang}`);
  await reader.setViewportSize({ width: 1280, height: 900 });
  await snap(reader, `report-${lang}-1280`);
  await reader.close();

  // The printable report (PDF) is the same page, in the same language.
  await page.getByTestId('print-report').click();
  await page.waitForFunction(() => ((window as unknown as { __printed?: number }).__printed ?? 0) >= 1, undefined, { timeout: 20_000 });
  const printed = await page.getByTestId('print-frame').evaluate((f) => (f as HTMLIFrameElement).srcdoc);
  expect(printed.includes(`<html lang="${lang}"`) && printed.includes(c.report.checkTitle), `the printable report is not in ${lang}`).toBe(true);
  return JSON.parse(await download(page, 'download-report')) as DetectorReport;
}

/** What a JSON report says, without what changes from run to run. */
function neutral(r: DetectorReport): unknown {
  return { result: { ...r.result, timings: null }, warnings: r.warnings, settings: r.settings, models: r.models };
}

test('languages (fake worker): French from the browser, Spanish from the browser then the menu, the choice kept; a result and the reports in each, axe-clean; the JSON report the same in every language', async ({ browser, server }) => {
  // The suite's default: English, whatever this machine's locale.
  const english = await openIn(browser, server.url, null);
  let jsonEn: DetectorReport;
  try {
    expect((await english.page.evaluate(() => document.documentElement.lang)) === 'en', 'the default page is not English').toBe(true);
    await pick(english.page, 'interview.mp4');
    await english.page.getByTestId('verdict').waitFor({ timeout: 20_000 });
    jsonEn = JSON.parse(await download(english.page, 'download-report')) as DetectorReport;
  } finally {
    await english.close();
  }

  const french = await openIn(browser, server.url, 'fr-FR');
  try {
    const jsonFr = await resultIn(french.page, 'fr');
    expect(JSON.stringify(neutral(jsonFr)) === JSON.stringify(neutral(jsonEn)), 'the JSON report changes with the page language').toBe(true);
  } finally {
    await french.close();
  }

  const spanish = await openIn(browser, server.url, 'es-419');
  try {
    const { page } = spanish;
    const jsonEs = await resultIn(page, 'es');
    expect(JSON.stringify(neutral(jsonEs)) === JSON.stringify(neutral(jsonEn)), 'the JSON report changes with the page language').toBe(true);
    // The menu: French now, the result re-worded in place, and kept after a reload.
    const menu = page.getByTestId('language-menu');
    expect((await menu.inputValue()) === 'es', `menu shows ${await menu.inputValue()}`).toBe(true);
    await menu.selectOption('fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    const verdict = await page.getByTestId('verdict').innerText();
    expect([fr.verdict.fake, fr.verdict.real, fr.verdict.uncertain].some((l) => verdict.includes(l)), `after the menu, the verdict: ${verdict}`).toBe(true);
    expect((await page.getByRole('button', { name: fr.reportButton.json }).count()) === 1, 'the report button is not French after the menu').toBe(true);
    await page.reload();
    await page.waitForFunction(() => window.deepfakeDetector?.status().state === 'ready', undefined, { timeout: 30_000 });
    expect((await page.evaluate(() => document.documentElement.lang)) === 'fr', 'the menu choice was not kept across a reload').toBe(true);
    expect((await page.locator('h1').innerText()) === fr.app.title, 'the page is not French after the reload').toBe(true);
    await axeClean(page, 'start page, French from the menu');
    await page.getByTestId('language-menu').selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect((await page.locator('h1').innerText()) === en.app.title, 'back to English from the menu').toBe(true);
  } finally {
    await spanish.close();
  }
});

/** The page's text with its language's words for what the worker side wrote, and nothing in English. */
async function saidIn(page: Page, lang: Exclude<Lang, 'en'>, sentence: string, where: string): Promise<void> {
  const main = await page.locator('main').innerText();
  expect(main.includes(sentence), `${where}: "${sentence}" is not on the ${lang} page:\n${main}`).toBe(true);
  const left = englishLeft(main);
  expect(left.length === 0, `${where}: English left on the ${lang} page: ${left.join(' | ')}`).toBe(true);
}

test('languages (real worker): a file the worker refuses and a provenance reader error in French, then Spanish; the JSON report keeps its English', async ({ browser, server }) => {
  // Files made here, one name per language (the same file chosen twice would not be read again).
  const dir = mkdtempSync(join(tmpdir(), 'languages-'));
  const file = (name: string, bytes: string) => (writeFileSync(join(dir, name), bytes), join(dir, name));
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: 4 }), 180_000);
  const { page } = dp;
  try {
    for (const lang of ['fr', 'es'] as const) {
      const c = CATALOGS[lang];
      await page.getByTestId('language-menu').selectOption(lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);

      // An empty file: the worker refuses it (worker.empty) and the metadata reader has nothing to
      // read (worker.metadataEmpty, provenance-client.ts).
      const empty = file(`empty-${lang}.mp4`, '');
      await page.setInputFiles('input[type=file]', empty);
      await page.getByTestId('file-name').filter({ hasText: `empty-${lang}.mp4` }).waitFor({ timeout: 60_000 });
      await page.locator('[data-testid=verdict][data-label=error]').waitFor({ timeout: 60_000 });
      await page.locator('[data-testid=provenance][aria-busy=false]').waitFor({ timeout: 120_000 });
      expect((await page.getByTestId('metadata-error').innerText()).trim(), `${lang}: the metadata reader's error`).toBe(c.worker.metadataEmpty);
      await saidIn(page, lang, c.worker.empty, 'an empty file');
      await axeClean(page, `a refused file, ${lang}`);
      await snap(page, `refused-${lang}`);
      // The readable report says what failed in the page's language; the JSON report in English,
      // with the words a reader in another language needs.
      const html = await download(page, 'download-report-html');
      expect(html.includes(c.worker.empty), `the ${lang} HTML report does not say what failed in ${lang}`).toBe(true);
      expect(html.includes(c.worker.metadataEmpty), `the ${lang} HTML report does not give the metadata error in ${lang}`).toBe(true);
      const json = JSON.parse(await download(page, 'download-report')) as DetectorReport;
      expect(json.result.error, 'the JSON report is not English').toBe(en.worker.empty);
      expect(json.result.errorWords, 'the JSON report lacks the words').toEqual({ key: 'empty' });
      expect(json.provenance?.metadata.error, 'the JSON report is not English').toBe(en.worker.metadataEmpty);

      // A file that is not media at all: the worker's refusal, in the language.
      const garbage = file(`garbage-${lang}.mp4`, 'this is not a video, only text\n'.repeat(40));
      await page.setInputFiles('input[type=file]', garbage);
      await page.getByTestId('file-name').filter({ hasText: `garbage-${lang}.mp4` }).waitFor({ timeout: 60_000 });
      await page.locator('[data-testid=verdict][data-label=error]').waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('verdict'), `${lang}: the refusal`).toContainText(c.worker.notMedia, { useInnerText: true, timeout: 30_000 });
      await page.locator('[data-testid=provenance][aria-busy=false]').waitFor({ timeout: 120_000 });
      await saidIn(page, lang, c.worker.notMedia, 'a file that is not media');
      await axeClean(page, `a file that is not media, ${lang}`);
    }
    // A language change re-words what the worker said, in place.
    await page.getByTestId('language-menu').selectOption('fr');
    await expect(page.getByTestId('verdict'), 'the refusal is not re-worded in French').toContainText(fr.worker.notMedia, { useInnerText: true });
  } finally {
    await dp.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('languages (fake worker): a failed start-up is said in Spanish, and the automation API keeps its English', async ({ browser, server }) => {
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'es-ES' });
  try {
    await useFakeWorker(context);
    const page = await context.newPage();
    // The fake worker fails its start-up when asked for WebGL (e2e/fixtures/fake-worker.ts).
    await page.goto(`${detectorUrl(server.url, { backend: null, frames: null })}?backend=webgl`);
    await page.waitForFunction(() => window.deepfakeDetector?.status().state === 'fatal', undefined, { timeout: 20_000 });
    const said = es.worker.noBackend.replace('{{tried}}', es.worker.notAvailable.replace('{{backend}}', 'WebGL').replace('{{why}}', 'fake'));
    await expect(page.getByRole('alert'), 'the failed start-up in Spanish').toContainText(said, { useInnerText: true });
    await expect(page.getByRole('alert'), 'the failed start-up in Spanish').toContainText(es.app.fatalTitle, { useInnerText: true });
    const fatal = await page.evaluate(() => window.deepfakeDetector!.status().fatal);
    expect(fatal, 'the API says the failure in English (scripts read it)').toBe(english(words('noBackend', { tried: [words('notAvailable', { backend: 'WebGL', why: 'fake' })] })));
    // The whole page: the drop zone, disabled without a detector, keeps its words readable.
    await axeClean(page, 'a failed start-up, es');
  } finally {
    await context.close();
  }
});
