// The page converts a frame's YUV planes to RGB itself, only where it reads them (src/pipeline/
// cpu-image.ts), instead of asking the browser for the whole frame as RGBA. That is only a speed-up
// if the pixels are the browser's own: here the same file is analysed with the planes and then with
// plane copies refused (the page then takes VideoFrame.copyTo(RGBA), its path before), in one page,
// and every face, box and score must be identical. A lever on copyTo counts which path each frame
// took, so the test also fails if the planes were never used.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeReport, detectorUrl, openDetector } from '../scan/page-driver';
import type { DetectorReport } from '../src/report/api-types';
import { SHARED_VIDEOS } from './data';
import { expect, test } from './fixtures';
import { taggedFaceClip } from './fixtures/runtime-fixtures';
import { skip } from './skip';
import { analysisWorker, FILE_MS, patchWorker, STARTUP_MS } from './worker-levers';

const FRAMES = 4;

/** Counts the worker's copyTo calls by kind; `self.__refusePlanes` makes plane copies fail, as a
 *  browser that cannot copy them would. Plain JavaScript (it runs in the worker before the app). */
const COPY_LEVER = `(() => {
  const counts = { planes: 0, rgbaFrames: 0, rgbaBlocks: 0 };
  self.__copies = counts;
  self.__refusePlanes = false;
  const copyTo = VideoFrame.prototype.copyTo;
  VideoFrame.prototype.copyTo = function (dest, options) {
    if (!options || !options.format) {
      if (self.__refusePlanes) return Promise.reject(new TypeError('plane copy refused by the test'));
      counts.planes++;
    } else if (options.rect && options.rect.width * options.rect.height < this.displayWidth * this.displayHeight) counts.rgbaBlocks++;
    else counts.rgbaFrames++;
    return copyTo.call(this, dest, options);
  };
})()`;

type Copies = { planes: number; rgbaFrames: number; rgbaBlocks: number };

/** What must not move: every face of every frame (box, keypoints, scores) and the video's score. */
const faces = (r: DetectorReport) => JSON.stringify({ score: r.result.score, frames: r.result.frames.map((f) => ({ index: f.index, faces: f.faces.map((x) => [x.box, x.landmarks, x.pFake, x.models]) })) });

test(`pixels: converting the YUV planes in the page gives the browser's own pixels: same faces and scores as copyTo(RGBA) (I420, I444; BT.709, BT.601, full range; ${FRAMES} frames)`, async ({ browser, server }) => {
  // The 1080p DFDC clip (I420), an FF++ clip (I444), both BT.709 as Chromium reads them; faceClip
  // tagged BT.601 limited and BT.709 full range (made with ffmpeg).
  const shared = [join(SHARED_VIDEOS, 'dfdc-fake-brtujopkby.mp4'), join(SHARED_VIDEOS, 'ffpp-real-004.mp4')];
  for (const c of shared) if (!existsSync(c)) skip(`${c} is absent (../shared/data is not beside this checkout)`);
  const clips = [...shared, await taggedFaceClip('bt601'), await taggedFaceClip('bt709-full')];
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: FRAMES }), STARTUP_MS, (c) => patchWorker(c, COPY_LEVER));
  try {
    const worker = await analysisWorker(dp.page);
    const copies = async () => (await worker.evaluate('({ ...self.__copies })')) as Copies;
    for (const clip of clips) {
      const before = await copies();
      const planes = await analyzeReport(dp, clip, FILE_MS, FRAMES);
      const mid = await copies();
      await worker.evaluate('self.__refusePlanes = true');
      const rgba = await analyzeReport(dp, clip, FILE_MS, FRAMES);
      await worker.evaluate('self.__refusePlanes = false');
      const after = await copies();
      const name = clip.split('/').pop();
      const n = planes.result.frames.length;
      console.log(`  ${name}: ${n} frames; planes run ${mid.planes - before.planes} plane copies, ${mid.rgbaFrames - before.rgbaFrames} whole-frame RGBA; refused run ${after.rgbaFrames - mid.rgbaFrames} whole-frame RGBA; score ${planes.result.score}`);
      expect(planes.result.error, `${name}: no faces to compare`).toBeNull();
      expect(n, `${name}: no faces to compare (no frames)`).toBeGreaterThan(0);
      expect(planes.result.frames.filter((f) => f.faces.length > 0).length, `${name}: no faces to compare`).toBeGreaterThan(0);
      const planesRun = `${name}: the page did not read the planes (${JSON.stringify({ before, mid })})`;
      expect(mid.planes - before.planes, planesRun).toBeGreaterThanOrEqual(n);
      expect(mid.rgbaFrames, planesRun).toBe(before.rgbaFrames);
      const refusedRun = `${name}: with plane copies refused the page did not take copyTo(RGBA) (${JSON.stringify({ mid, after })})`;
      expect(after.rgbaFrames - mid.rgbaFrames, refusedRun).toBeGreaterThanOrEqual(n);
      expect(after.planes, refusedRun).toBe(mid.planes);
      expect(faces(rgba), `${name}: the two paths differ (planes, then rgba)`).toBe(faces(planes));
    }
  } finally {
    await dp.close();
  }
});
