// The same file gives the same numbers: analysed twice in one page, and by the page and by
// `deepfake-scan`, on the same backend (WebAssembly), and WebGL against WebAssembly, with real
// models. Tolerances in src/report/report.ts (SAME_BACKEND_TOLERANCE 0: the same page on the same
// backend is deterministic; CROSS_BACKEND_TOLERANCE, since every backend reads a frame's pixels
// the same way), measured in docs/decisions.md, "The report a colleague can check (issue 10)".
// Few frames and the shortest real clip keep it cheap.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeReport, detectorUrl, openDetector } from '../scan/page-driver';
import type { DetectorReport } from '../src/report/api-types';
import { CROSS_BACKEND_TOLERANCE, SAME_BACKEND_TOLERANCE } from '../src/report/report';
import { agreeWithin, compareResults } from '../src/report/report-compare';
import { sharedVideos } from './data';
import { expect, test } from './fixtures';
import { runScan } from './scan-cli';

const FRAMES = 4;

test(`agreement: one file twice in the page, and page vs deepfake-scan, give the same numbers (WASM, ${FRAMES} frames, tolerance ${SAME_BACKEND_TOLERANCE})`, async ({ browser, server }) => {
  const { real } = sharedVideos();
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: FRAMES }), 600_000);
  let first: DetectorReport;
  let second: DetectorReport;
  try {
    first = await analyzeReport(dp, real, 600_000, FRAMES);
    second = await analyzeReport(dp, real, 600_000, FRAMES);
  } finally {
    await dp.close();
  }
  expect(first.result.error, 'the page found no score').toBeNull();
  expect(first.result.score, `the page found no score: ${first.result.reason}`).not.toBeNull();
  const twice = compareResults(first.result, second.result);
  expect(agreeWithin(twice, 0), `the same file twice in one page differs: ${JSON.stringify(twice)}`).toBe(true);

  const dir = await mkdtemp(join(tmpdir(), 'agreement-'));
  try {
    const out = join(dir, 'r.jsonl');
    const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', String(FRAMES), '-q', real], 900_000);
    expect(res.code, `scan's exit code:\n${res.stderr}`).toBe(0);
    const line = JSON.parse((await readFile(out, 'utf8')).trim()) as DetectorReport;
    expect(line.environment.backend, "scan's backend, against the page's").toBe(first.environment.backend);
    expect(line.app.commit, "scan's app commit, against the page's").toBe(first.app.commit);
    const d = compareResults(first.result, line.result);
    console.log(`  page ${first.result.score} vs scan ${line.result.score}: ${JSON.stringify(d)}`);
    expect(agreeWithin(d, SAME_BACKEND_TOLERANCE), `page and scan differ beyond ${SAME_BACKEND_TOLERANCE}: ${JSON.stringify(d)}`).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const GL_FRAMES = 2;

test(`agreement: WebGL and WebAssembly give the same numbers within ${CROSS_BACKEND_TOLERANCE} (${GL_FRAMES} frames)`, async ({ browser, server }) => {
  const { real } = sharedVideos();
  const reports: DetectorReport[] = [];
  for (const backend of ['wasm', 'webgl']) {
    const dp = await openDetector(browser, detectorUrl(server.url, { backend, frames: GL_FRAMES }), 600_000);
    try {
      reports.push(await analyzeReport(dp, real, 600_000, GL_FRAMES));
    } finally {
      await dp.close();
    }
  }
  const [wasm, webgl] = reports as [DetectorReport, DetectorReport];
  expect([wasm.environment.backend, webgl.environment.backend], 'backends').toEqual(['wasm', 'webgl']);
  expect(wasm.result.score, `no score on wasm: ${wasm.result.error ?? wasm.result.reason}`).not.toBeNull();
  const d = compareResults(wasm.result, webgl.result);
  console.log(`  wasm ${wasm.result.score} vs webgl ${webgl.result.score}: ${JSON.stringify(d)}`);
  expect(agreeWithin(d, CROSS_BACKEND_TOLERANCE), `WebGL and WebAssembly differ beyond ${CROSS_BACKEND_TOLERANCE}: ${JSON.stringify(d)}`).toBe(true);
});
