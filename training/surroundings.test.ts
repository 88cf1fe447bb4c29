// Issue 22, item 0: a face's score must not depend on what surrounds it. The DFDC training crops
// are tight, so aligned to the 320 template most of their margin was black fill, and the earlier
// models learnt that margin: the same face padded with black or with dark grey moved by 0.16 on
// average. Here the shipped pair, read as the page reads it (loader, alignment, scoring), scores
// half-B crops placed in the middle of a 640x480 frame filled four ways (black, dark grey, light
// grey, seeded noise), each aligned on the keypoints the detector found in the black frame, so only
// the surroundings change; each face's ensemble score must stay within 0.03 of its black-frame
// score. The crops are the first half-B ones whose every pixel of the models' input region lies
// inside the crop (the surroundings are then what a video would show there: not the face). The pair
// shipped before the input region moved by up to 0.9 here. What the detector adds when it looks again
// in each frame (its keypoints move with the background) is printed, not bounded: a measurement
// for docs/decisions.md. Needs ../shared/data/dfdc-faces; skipped without.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFromDir } from '../node/load-node';
import { nodeDetectorSource } from '../node/node-io';
import { detectFaces, loadDetector, type Detector } from '../src/pipeline/detect';
import { alignFaces, alignmentFor, applySimilarity, invertSimilarity } from '../src/pipeline/align';
import type { Face } from '../src/types';
import { buildEnsemble, scoreCrops } from '../src/pipeline/score';
import type { LoadedModel } from '../src/models/types';
import { WHOLE_CROP } from '../src/models/resize-crops';
import { DATA_CONFIG, MODELS_DIR } from './data-config';
import { cropPath, readMetadata } from './data';
import { decodeJpeg } from './decode-jpeg';
import { makePlan } from './crop-cache';
import { createRng } from '../src/pipeline/rng';

const HAVE_FACES = existsSync(join(DATA_CONFIG.dataDir, 'faces_224'));
const MANIFEST = join(MODELS_DIR, 'xception', 'manifest.json');
// The pair shipped now reads the whole aligned crop, and its scores move with the surroundings by
// up to 0.94 here (issue 22, item 0, open): the test gates the first pair that reads an input region.
// A pair that reads an input region or blacks out what lies outside an input window is what it gates.
const HAS_REGION = existsSync(MANIFEST) && ((m: { inputRegion?: unknown; inputWindow?: unknown }) => m.inputRegion !== undefined || m.inputWindow !== undefined)(JSON.parse(readFileSync(MANIFEST, 'utf8')));
if (!HAVE_FACES) console.warn(`surroundings test skipped: ${DATA_CONFIG.dataDir} is absent (../shared/data is not in this repository)`);
else if (!HAS_REGION) console.warn('surroundings test skipped: the shipped pair reads the whole aligned crop (no manifest.inputRegion or inputWindow), which the surroundings reach; measured moves up to 0.94 (issue 22, item 0, open)');

const BOUND = 0.03;
const W = 640;
const H = 480;

/** The 224 crop in the middle of a WxH frame whose other pixels come from `fill(x, y, c)`. */
function framed(crop: tf.Tensor3D, fill: (x: number, y: number, c: number) => number): tf.Tensor3D {
  const [h, w] = crop.shape;
  const src = crop.dataSync();
  const out = new Float32Array(W * H * 3);
  const x0 = (W - w) >> 1;
  const y0 = (H - h) >> 1;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const inside = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
      for (let c = 0; c < 3; c++) out[(y * W + x) * 3 + c] = inside ? src[((y - y0) * w + (x - x0)) * 3 + c]! : fill(x, y, c);
    }
  }
  return tf.tensor3d(out, [H, W, 3]);
}

describe.skipIf(!HAVE_FACES || !HAS_REGION)('a face scores the same whatever surrounds it', () => {
  const models = new Map<string, LoadedModel>();
  let detector: Detector;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    const cache = new Map();
    for (const name of ['xception', 'wsdan-xception']) models.set(name, await loadModelFromDir(join(MODELS_DIR, name), { cache }));
    detector = await loadDetector(nodeDetectorSource());
  }, 120_000);
  afterAll(() => {
    for (const m of models.values()) m.dispose();
  });

  it(`moves no face's score by more than ${BOUND} between black, grey and noise`, async () => {
    // Three real and three fake crops of validation half B, the first by name whose input region
    // (the whole crop, for a pair without one) lies inside the crop.
    const plan = makePlan();
    const rows = readMetadata(DATA_CONFIG.dataDir)
      .filter((r) => plan.valHalf.get(r.video) === 'B')
      .sort((a, b) => (a.video < b.video ? -1 : 1));
    // The part of the aligned crop the models read: the window (black outside it) or the region.
    const manifest = models.get('xception')!.manifest;
    const r = manifest.inputRegion ?? WHOLE_CROP;
    const w = manifest.inputWindow;
    const region = w
      ? { left: Math.max(r.left, w.left), top: Math.max(r.top, w.top), right: Math.min(r.left + r.size, w.left + w.width), bottom: Math.min(r.top + r.size, w.top + w.height) }
      : { left: r.left, top: r.top, right: r.left + r.size, bottom: r.top + r.size };
    const whole = region.left === 0 && region.top === 0 && region.right === 1 && region.bottom === 1;
    const covered = async (row: (typeof rows)[number]): Promise<boolean> => {
      // On the keypoints the scoring below uses: those found in the black frame (the detector
      // finds the face a few pixels differently there than in the bare crop).
      const crop = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, row)));
      const [h, w] = crop.shape;
      const black = framed(crop, () => 0);
      crop.dispose();
      const [face] = await detectFaces(detector, black);
      black.dispose();
      if (!face) return false;
      const back = invertSimilarity(alignmentFor(face, 320));
      const x0 = (W - w!) >> 1;
      const y0 = (H - h!) >> 1;
      const { left, top, right, bottom } = region;
      return [[left, top], [right, top], [right, bottom], [left, bottom]].every(([x, y]) => {
        const p = applySimilarity(back, { x: x! * 320, y: y! * 320 });
        return p.x >= x0 && p.y >= y0 && p.x <= x0 + w! && p.y <= y0 + h!;
      });
    };
    const chosen: typeof rows = [];
    for (const label of [0, 1]) {
      let n = 0;
      for (const r of rows) if (r.label === label && n < 3 && (whole || (await covered(r)))) (chosen.push(r), n++);
    }
    const noise = createRng(7);
    const noiseField = new Float32Array(W * H * 3).map(() => noise.next() * 255);
    const fills: Record<string, (x: number, y: number, c: number) => number> = {
      black: () => 0,
      'dark grey': () => 0x40,
      'light grey': () => 0xc0,
      noise: (x, y, c) => noiseField[(y * W + x) * 3 + c]!,
    };
    const ensemble = buildEnsemble([{ name: 'xception', weight: 0.2 }, { name: 'wsdan-xception', weight: 0.7 }], models);
    const moves: { video: string; fill: string; move: number }[] = [];
    const redetected: number[] = [];
    const scores: number[] = [];
    const score = async (frame: tf.Tensor3D, face: Face) => {
      const aligned = alignFaces(frame, [face]);
      const s = (await scoreCrops(ensemble, aligned)).scores[0]!;
      aligned.dispose();
      return s;
    };
    for (const row of chosen) {
      const crop = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, row)));
      const black = framed(crop, fills.black!);
      const [face] = await detectFaces(detector, black);
      expect(face, `${row.video}: the detector found no face`).toBeDefined();
      const base = await score(black, face!);
      black.dispose();
      scores.push(base);
      for (const [name, fill] of Object.entries(fills)) {
        const frame = framed(crop, fill);
        moves.push({ video: row.video, fill: name, move: Math.abs((await score(frame, face!)) - base) });
        const [again] = await detectFaces(detector, frame);
        if (again) redetected.push(Math.abs((await score(frame, again)) - base));
        frame.dispose();
      }
      crop.dispose();
    }
    const worst = moves.reduce((a, b) => (b.move > a.move ? b : a));
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    console.info(`surroundings: largest move ${worst.move.toFixed(4)} (${worst.video} on ${worst.fill}); mean ${mean(moves.map((m) => m.move)).toFixed(4)}; with the detector run again in each frame: largest ${Math.max(...redetected).toFixed(4)}, mean ${mean(redetected).toFixed(4)}`);
    for (const m of moves) expect(m.move, `${m.video} on ${m.fill}`).toBeLessThanOrEqual(BOUND);
    // The faces are not all scored alike (a model that says one number for everything would pass).
    expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(0.1);
  }, 300_000);
});
