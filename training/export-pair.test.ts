// The shipped pair, read the way the page reads it, gives what training measured. Each manifest
// lists a few half-B crops with the probability the training side gave them (feature cache from the
// onnxruntime trunk, float32 checkpoint: export-pair.ts referenceCrops). Here each image goes through
// the app's own detector (detect.ts, as training's detect-crops.ts ran it), alignment (align.ts at
// 320 px), loader (node/load-node.ts -> load.ts: SHA-256, float16 decode, resize to 160, Keras
// normalisation, the shared backbone) and scoring (score.ts). A wrong weight mapping, a shard out of
// order, a head on the wrong backbone or preprocessing that differs moves these far past the bound.
// Needs ../shared/data/dfdc-faces and manifests with config.reference; skipped without.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFromDir } from '../node/load-node';
import { nodeDetectorSource } from '../node/node-io';
import { detectFaces, loadDetector } from '../src/pipeline/detect';
import { alignFaces } from '../src/pipeline/align';
import { buildEnsemble, scoreCrops } from '../src/pipeline/score';
import type { LoadedModel } from '../src/models/types';
import { DATA_CONFIG, MODELS_DIR } from './data-config';
import { cropPath } from './data';
import { decodeJpeg } from './decode-jpeg';
import type { ReferenceCrops } from './export-pair';

type Ref = { about: string; crops: { video: string; label: 0 | 1; pFake: number }[] };
const referenceOf = (name: string): Ref | null => {
  const file = join(MODELS_DIR, name, 'manifest.json');
  if (!existsSync(file)) return null;
  return ((JSON.parse(readFileSync(file, 'utf8')) as { config: { reference?: Ref } }).config.reference ?? null);
};
const REFS = { xception: referenceOf('xception'), 'wsdan-xception': referenceOf('wsdan-xception') };
const HAVE_FACES = existsSync(join(DATA_CONFIG.dataDir, 'faces_224'));
const READY = HAVE_FACES && REFS.xception !== null && REFS['wsdan-xception'] !== null;
if (!HAVE_FACES) console.warn(`export-pair test skipped: ${DATA_CONFIG.dataDir} is absent (../shared/data is not in this repository)`);
else if (!READY) console.warn('export-pair test skipped: the shipped manifests carry no config.reference (exported before it existed)');

// Measured: largest difference 0.019 on the 238,080-image pair, 0.0085 on the blocks 12-13 pair (float16 weights, the page's float
// resize from 320 px against training's rounded 160 px crops, tfjs against onnxruntime); 0.032 on
// the SBI pair (2026-12-07), whose input region is upscaled 1.18x from the 320 crop, so training's
// rounding to whole grey levels weighs a little more. A wrong weight, shard or preprocessing moves
// these by 0.1 and more.
const BOUND = 0.04;

describe.skipIf(!READY)('the exported pair through the page path', () => {
  const models = new Map<string, LoadedModel>();
  beforeAll(async () => {
    await tf.setBackend('wasm');
    const cache = new Map();
    for (const name of ['xception', 'wsdan-xception']) models.set(name, await loadModelFromDir(join(MODELS_DIR, name), { cache }));
  }, 120_000);
  afterAll(() => {
    for (const m of models.values()) m.dispose();
  });

  it('gives the probabilities training measured on the reference crops', async () => {
    const detector = await loadDetector(nodeDetectorSource());
    const refs = REFS as Record<'xception' | 'wsdan-xception', Ref>;
    const crops = refs.xception.crops satisfies Pick<ReferenceCrops['crops'][number], 'video' | 'label'>[];
    expect(crops.length).toBeGreaterThanOrEqual(4);
    expect(refs['wsdan-xception'].crops.map((c) => c.video)).toEqual(crops.map((c) => c.video));
    const aligned: tf.Tensor4D[] = [];
    for (const c of crops) {
      const frame = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, c)));
      const faces = await detectFaces(detector, frame);
      expect(faces.length, `${c.video}: the detector found no face`).toBeGreaterThan(0);
      // A pair that reads an input region was trained on crops whose outside was filled with their
      // edge pixels (align-crops.ts cropsFor): align these the same way, so both sides see one image.
      aligned.push(alignFaces(frame, [faces[0]!], DATA_CONFIG.alignSize, models.get('xception')!.manifest.inputRegion ? 'edge' : 'black'));
      frame.dispose();
    }
    const batch = tf.concat(aligned) as tf.Tensor4D;
    tf.dispose(aligned);
    // Both members through score.ts, weights as the page's config would give them; the per-model
    // probabilities are raw (calibration applies to the ensemble only).
    const ensemble = buildEnsemble([{ name: 'xception', weight: 0.2 }, { name: 'wsdan-xception', weight: 0.7 }], models);
    const out = await scoreCrops(ensemble, batch);
    batch.dispose();
    const diffs = crops.map((c, i) => ({
      video: c.video,
      xception: Math.abs(out.models[i]!.xception! - refs.xception.crops[i]!.pFake),
      wsdan: Math.abs(out.models[i]!['wsdan-xception']! - refs['wsdan-xception'].crops[i]!.pFake),
    }));
    const worst = Math.max(...diffs.map((d) => Math.max(d.xception, d.wsdan)));
    console.info(`export-pair: largest |page - training| over ${crops.length} crops x 2 models: ${worst.toFixed(4)}`);
    for (const d of diffs) {
      expect(d.xception, `${d.video} (xception)`).toBeLessThan(BOUND);
      expect(d.wsdan, `${d.video} (wsdan-xception)`).toBeLessThan(BOUND);
    }
    // The references are not all alike (a test on constant outputs would prove nothing).
    const p = refs.xception.crops.map((c) => c.pFake);
    expect(Math.max(...p) - Math.min(...p)).toBeGreaterThan(0.2);
  }, 180_000);
});
