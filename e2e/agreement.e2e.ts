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
import { assert } from './assert';
import { sharedVideos } from './data';
import { test } from './fixtures';
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
  assert(first.result.error === null && first.result.score !== null, `the page found no score: ${first.result.error ?? first.result.reason}`);
  const twice = compareResults(first.result, second.result);
  assert(agreeWithin(twice, 0), `the same file twice in one page differs: ${JSON.stringify(twice)}`);

  const dir = await mkdtemp(join(tmpdir(), 'agreement-'));
  try {
    const out = join(dir, 'r.jsonl');
    const res = await runScan(['--out', out, '--backend', 'wasm', '--frames', String(FRAMES), '-q', real], 900_000);
    assert(res.code === 0, `scan exited ${res.code}:\n${res.stderr}`);
    const line = JSON.parse((await readFile(out, 'utf8')).trim()) as DetectorReport;
    assert(line.environment.backend === first.environment.backend && line.app.commit === first.app.commit, `scan ran ${line.environment.backend} at ${line.app.commit}, the page ${first.environment.backend} at ${first.app.commit}`);
    const d = compareResults(first.result, line.result);
    console.log(`  page ${first.result.score} vs scan ${line.result.score}: ${JSON.stringify(d)}`);
    assert(agreeWithin(d, SAME_BACKEND_TOLERANCE), `page and scan differ beyond ${SAME_BACKEND_TOLERANCE}: ${JSON.stringify(d)}`);
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
  assert(wasm.environment.backend === 'wasm' && webgl.environment.backend === 'webgl', `backends: ${wasm.environment.backend}, ${webgl.environment.backend}`);
  assert(wasm.result.score !== null, `no score on wasm: ${wasm.result.error ?? wasm.result.reason}`);
  const d = compareResults(wasm.result, webgl.result);
  console.log(`  wasm ${wasm.result.score} vs webgl ${webgl.result.score}: ${JSON.stringify(d)}`);
  assert(agreeWithin(d, CROSS_BACKEND_TOLERANCE), `WebGL and WebAssembly differ beyond ${CROSS_BACKEND_TOLERANCE}: ${JSON.stringify(d)}`);
});
