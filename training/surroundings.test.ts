// Issue 22, item 0: a face's score must not depend on what surrounds it. The DFDC training crops
// are tight, so aligned to the 320 template most of their margin was black fill, and the earlier
// models learnt that margin: the same face padded with black or with dark grey moved by 0.16 on
// average. Here the shipped pair, read as the page reads it (loader, detector, alignment, scoring),
// scores half-B crops placed in the middle of a 640x480 frame filled four ways (black, dark grey,
// light grey, seeded noise); each face's ensemble score must stay within 0.03 of its black-frame
// score. Needs ../shared/data/dfdc-faces; skipped without.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFromDir } from '../node/load-node';
import { nodeDetectorSource } from '../node/node-io';
import { detectFaces, loadDetector, type Detector } from '../src/pipeline/detect';
import { alignFaces } from '../src/pipeline/align';
import { buildEnsemble, scoreCrops } from '../src/pipeline/score';
import type { LoadedModel } from '../src/models/types';
import { DATA_CONFIG } from './data-config';
import { cropPath, readMetadata } from './data';
import { decodeJpeg } from './decode-jpeg';
import { MODELS_DIR } from './export';
import { makePlan } from './crop-cache';
import { createRng } from './rng';

const HAVE_FACES = existsSync(join(DATA_CONFIG.dataDir, 'faces_224'));
if (!HAVE_FACES) console.warn(`surroundings test skipped: ${DATA_CONFIG.dataDir} is absent (../shared/data is not in this repository)`);

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

describe.skipIf(!HAVE_FACES)('a face scores the same whatever surrounds it', () => {
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
    // Three real and three fake crops of validation half B, the first by name.
    const plan = makePlan();
    const rows = readMetadata(DATA_CONFIG.dataDir)
      .filter((r) => plan.valHalf.get(r.video) === 'B')
      .sort((a, b) => (a.video < b.video ? -1 : 1));
    const chosen = [...rows.filter((r) => r.label === 0).slice(0, 3), ...rows.filter((r) => r.label === 1).slice(0, 3)];
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
    const scores: number[] = [];
    for (const row of chosen) {
      const crop = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, row)));
      const byFill: Record<string, number> = {};
      for (const [name, fill] of Object.entries(fills)) {
        const frame = framed(crop, fill);
        const faces = await detectFaces(detector, frame);
        expect(faces.length, `${row.video} on ${name}: the detector found no face`).toBeGreaterThan(0);
        const aligned = alignFaces(frame, [faces[0]!]);
        byFill[name] = (await scoreCrops(ensemble, aligned)).scores[0]!;
        tf.dispose([frame, aligned]);
      }
      crop.dispose();
      scores.push(byFill.black!);
      for (const name of Object.keys(fills)) moves.push({ video: row.video, fill: name, move: Math.abs(byFill[name]! - byFill.black!) });
    }
    const worst = moves.reduce((a, b) => (b.move > a.move ? b : a));
    console.info(`surroundings: largest move ${worst.move.toFixed(4)} (${worst.video} on ${worst.fill}); mean ${(moves.reduce((s, m) => s + m.move, 0) / moves.length).toFixed(4)}`);
    for (const m of moves) expect(m.move, `${m.video} on ${m.fill}`).toBeLessThanOrEqual(BOUND);
    // The faces are not all scored alike (a model that says one number for everything would pass).
    expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(0.1);
  }, 300_000);
});
