// Keypoint parity between the page's face detector (tasks-vision, src/pipeline/detect-tasks-vision.ts)
// and detect.ts on tfjs, which makes the training crops in Node: if the page's keypoints drifted from
// training's, the page's aligned crops would no longer look like the ones the models learnt from.
// Both run in Chromium, in the bench page's worker (dist-bench/, `npm run build:bench`: the app's
// own modules, each detector through the app's detectFaces seam), on the same sampled frames of two
// shared clips and on a handful of training crops. Compared on every face per frame
// (bench/detect-compare.ts, compareAll): each face one detector found is paired with one the other
// found in the same frame (boxes overlap, IoU >= 0.5), none is left over, and the pairs' four
// alignment keypoints agree to within the tolerances below, in eye distances of detect.ts's face.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { compareAll, type FaceSetAgreement } from '../bench/detect-compare';
import { BENCH_DIST, pickSpread } from '../bench/page-runs';
import type { BenchTask, DetectorKind, FoundFace, TaskAnswer } from '../bench/page/protocol';
import { startStaticServer } from '../scan/serve';
import { E2E_FRAMES, ROOT, sharedVideos } from './data';
import { expect, test } from './fixtures';

/** Measured with `npm run bench -- --only detect` (docs/decisions.md, "Face detector"): medians
 *  0.04-0.11, maxima 0.09-0.25 eye distances over 32 frames of six clips and 64 crops. */
const MEDIAN_TOLERANCE = 0.15;
const MAX_TOLERANCE = 0.35;
const TARGET_CLIP = resolve(ROOT, '..', 'shared', 'data', 'videos', 'dfdc-fake-brtujopkby.mp4');
const CROPS_DIR = resolve(ROOT, '..', 'shared', 'data', 'dfdc-faces', 'faces_224');
const CROPS = 8;

async function everyFace(page: Page, detector: DetectorKind, files: string | string[], source: 'video' | 'images'): Promise<FoundFace[][]> {
  await page.setInputFiles('#file', files);
  const task: BenchTask = { kind: 'detect', backend: 'wasm', threads: null, frames: E2E_FRAMES, detector, input: 'rgba', source };
  const a = (await page.evaluate((t) => window.benchRun(t), task)) as TaskAnswer;
  expect(a.ok, `${detector} on ${source}: ${a.error}`).toBe(true);
  return (a.result as { faces: FoundFace[][] }).faces;
}

function check(what: string, a: FaceSetAgreement): void {
  const { onlyReference, onlyOther, ...counts } = a;
  console.log(`  ${what}: ${JSON.stringify(counts)}`);
  const list = (xs: { frame: number; face: FoundFace }[]) => JSON.stringify(xs.map(({ frame, face }) => ({ frame, score: face.score.toFixed(2), box: face.box })));
  expect(a.matched, `${what}: no face found by both detectors: nothing compared`).toBeGreaterThan(0);
  expect(onlyReference.length, `${what}: faces only detect.ts (tfjs) found: ${list(onlyReference)}`).toBe(0);
  expect(onlyOther.length, `${what}: faces only tasks-vision found: ${list(onlyOther)}`).toBe(0);
  expect(a.keypointErrorMedian, `${what}: keypoint error median, eye distances`).toBeLessThanOrEqual(MEDIAN_TOLERANCE);
  expect(a.keypointErrorMax, `${what}: keypoint error max, eye distances`).toBeLessThanOrEqual(MAX_TOLERANCE);
}

test('face detector parity: tasks-vision finds the faces detect.ts finds, keypoints within tolerance (two clips, training crops)', async ({ browser }) => {
  if (!existsSync(join(BENCH_DIST, 'index.html'))) throw new Error(`The bench page is missing (${BENCH_DIST}); run \`npm run build:bench\` first.`);
  const { real } = sharedVideos();
  const clips = [TARGET_CLIP, real].filter((p) => existsSync(p));
  expect(clips, `${TARGET_CLIP} is missing`).toHaveLength(2);
  expect(existsSync(CROPS_DIR), `${CROPS_DIR} is missing`).toBe(true);
  const crops = pickSpread(readdirSync(CROPS_DIR).filter((f) => f.endsWith('.jpg')).sort(), CROPS).map((f) => join(CROPS_DIR, f));
  const server = await startStaticServer(BENCH_DIST);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.benchRun === 'function');
    for (const clip of clips) {
      const ref = await everyFace(page, 'blazeface-tfjs', clip, 'video');
      check(basename(clip), compareAll(ref, await everyFace(page, 'mediapipe-two-stage', clip, 'video')));
    }
    const ref = await everyFace(page, 'blazeface-tfjs', crops, 'images');
    check(`${crops.length} training crops`, compareAll(ref, await everyFace(page, 'mediapipe-two-stage', crops, 'images')));
  } finally {
    await context.close();
    await server.close();
  }
});
