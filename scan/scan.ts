// `npm run scan -- [--out FILE.jsonl] [--backend webgpu|webgl|wasm] [--frames N]
//                  [--timeout-per-file S] PATH...`
// Runs the very page the app ships (dist/, served on 127.0.0.1) in headless Chromium on each file
// and writes one JSON line per input, in input order. One bad file never stops the others: it
// gets a line with its error, and a file that times out or crashes the tab gets a fresh page.
import { existsSync, writeFileSync, appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { parseScanArgs, USAGE, type ScanOptions } from './args';
import { launchChromium } from './browser';
import { analyzeFile, AnalysisTimeout, DetectorStartError, detectorUrl, openDetector, type DetectorPage } from './page-driver';
import { errorLine, lineFromResult, progressText, serializeLine, type ScanLine } from './scan-line';
import { startStaticServer } from './serve';
import { expandInputs } from './walk';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DIST = join(ROOT, 'dist');
/** Loading and checking ~100 MB of weights, then compiling shaders on a software GPU. */
const STARTUP_TIMEOUT_MS = 600_000;

const log = (s: string): void => void process.stderr.write(`${s}\n`);

function makeWriter(out: string | null): (line: ScanLine) => void {
  if (out === null) return (line) => void process.stdout.write(`${serializeLine(line)}\n`);
  writeFileSync(out, '');
  return (line) => appendFileSync(out, `${serializeLine(line)}\n`);
}

/** Returns the process exit code: 0 once every input has its line, 1 when the detector never ran. */
export async function runScan(o: ScanOptions): Promise<number> {
  if (!existsSync(join(DIST, 'index.html'))) {
    log(`scan: the built app is missing (${DIST}/index.html). Run \`npm run build\` first, then scan again.`);
    return 1;
  }
  const inputs = await expandInputs(o.paths);
  const write = makeWriter(o.out);
  const timeoutMs = o.timeoutPerFileS * 1000;
  const server = await startStaticServer(DIST);
  const url = detectorUrl(server.url, { backend: o.backend, frames: o.frames });
  let browser: Browser | null = null;
  let dp: DetectorPage | null = null;
  let startError: string | null = null;
  let code = 0;
  const ensurePage = async (): Promise<DetectorPage | null> => {
    if (dp !== null || startError !== null) return dp;
    try {
      browser ??= await launchChromium();
      const t0 = performance.now();
      dp = await openDetector(browser, url, STARTUP_TIMEOUT_MS);
      log(`scan: detector ready on ${dp.backend ?? 'an unknown backend'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (err) {
      startError = err instanceof DetectorStartError ? err.message : `The detector could not start: ${err instanceof Error ? err.message : String(err)}`;
      log(`scan: ${startError}`);
      code = 1;
    }
    return dp;
  };

  try {
    log(`scan: ${inputs.length} input${inputs.length === 1 ? '' : 's'}, page ${url}`);
    for (const [i, input] of inputs.entries()) {
      let t0 = 0;
      let line: ScanLine;
      if (input.error !== null) {
        line = errorLine(input.path, `Cannot read this path: ${input.error}.`, null, 0);
      } else {
        const page = await ensurePage();
        if (page === null) {
          line = errorLine(input.path, startError ?? 'The detector could not start.', null, 0);
        } else {
          try {
            // The file's own time starts here: the first file must not be charged the page's start-up.
            t0 = performance.now();
            line = lineFromResult(input.path, await analyzeFile(page, resolve(input.path), timeoutMs));
          } catch (err) {
            const msg = err instanceof Error ? err.message : String(err);
            line = errorLine(input.path, err instanceof AnalysisTimeout ? `${msg} Try a larger --timeout-per-file or fewer --frames.` : msg, page.backend, performance.now() - t0);
            // The page may still be busy with (or broken by) this file: the next one gets a fresh page.
            await page.close();
            dp = null;
          }
        }
      }
      write(line);
      log(progressText(i, inputs.length, line));
    }
  } finally {
    await (dp as DetectorPage | null)?.close();
    await (browser as Browser | null)?.close().catch(() => undefined);
    await server.close();
  }
  return code;
}

async function main(): Promise<void> {
  const parsed = parseScanArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (parsed.kind === 'error') {
    log(`scan: ${parsed.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = await runScan(parsed.options);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    log(`scan: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
