// Step 2 of the crop cache: warp every detected DFDC crop with the app's own alignment
// (src/pipeline/align.ts alignFaces + src/models/resize-crops.ts resizeCrops, the very calls the page makes) and store packed
// uint8 RGB at each training input side: training/.cache/crops-<S>.u8 + crops-<S>.json.
// Images where the detector found no face fall back to the whole crop resized (counted and stored
// as found=false), because the DFDC crop is itself a face crop; the app would skip such a frame.
//   npx tsx training/align-crops.ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { alignFaces } from '../src/pipeline/align';
import { resizeCrops } from '../src/models/resize-crops';
import type { InputRegion } from '../src/models/types';
import { DATA_CONFIG } from './data-config';
import { cropPath } from './data';
import { decodeJpeg } from './decode-jpeg';
import { readDetections, cropFile, cropIndexFile, writeAtomic, type CropIndex } from './crop-cache';

/** The aligned (or, without a face, centre-resized) crop of one image at each size, as uint8. */
export function cropsFor(frame: tf.Tensor3D, face: Parameters<typeof alignFaces>[1][number] | null, sizes: readonly number[], region?: InputRegion): Uint8Array[] {
  const resized = tf.tidy(() => {
    // With an input region, the tight DFDC crop's outside is filled with its edge pixels, not black.
    const big = face
      ? alignFaces(frame, [face], DATA_CONFIG.alignSize, region ? 'edge' : 'black')
      : (tf.expandDims(tf.cast(frame, 'float32'), 0) as tf.Tensor4D);
    return sizes.map((s) => tf.cast(tf.clipByValue(tf.round(resizeCrops(big, s, region)), 0, 255), 'int32'));
  });
  const out = resized.map((t) => Uint8Array.from(t.dataSync()));
  tf.dispose(resized);
  return out;
}

/** Crops already in the cache at one size, by video name. */
function previousCrops(size: number): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (!existsSync(cropIndexFile(size)) || !existsSync(cropFile(size))) return out;
  const index = JSON.parse(readFileSync(cropIndexFile(size), 'utf8')) as CropIndex;
  const data = readFileSync(cropFile(size));
  const per = size * size * 3;
  if (data.length !== index.items.length * per) return out;
  index.items.forEach((it, i) => out.set(it.video, data.subarray(i * per, (i + 1) * per)));
  return out;
}

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  const lines = readDetections();
  // A video detected twice (a restart between append and exit) is kept once.
  const seen = new Set<string>();
  const unique = lines.filter((l) => !seen.has(l.video) && seen.add(l.video));
  const sizes = DATA_CONFIG.cacheSizes;
  const buffers = sizes.map((s) => new Uint8Array(unique.length * s * s * 3));
  // Crops aligned by an earlier run are copied, not recomputed (the detection run grows the list).
  const previous = sizes.map((s) => previousCrops(s));
  const t0 = Date.now();
  for (const [i, line] of unique.entries()) {
    const old = previous.map((p) => p.get(line.video));
    if (old.every((o) => o !== undefined)) {
      old.forEach((o, k) => buffers[k]!.set(o!, i * o!.length));
      continue;
    }
    const frame = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, line)));
    const crops = cropsFor(frame, line.face, sizes);
    frame.dispose();
    crops.forEach((c, k) => buffers[k]!.set(c, i * c.length));
    if (i % 1000 === 999) process.stderr.write(`align ${i + 1}/${unique.length}  ${((i + 1) / ((Date.now() - t0) / 1000)).toFixed(0)} img/s\n`);
  }
  const items = unique.map((l) => ({ video: l.video, split: l.split, label: l.label, found: l.face !== null }));
  sizes.forEach((s, k) => {
    writeAtomic(cropFile(s), buffers[k]!);
    writeAtomic(cropIndexFile(s), JSON.stringify({ size: s, items } satisfies CropIndex));
  });
  const noFace = (split: string) => {
    const rows = unique.filter((l) => l.split === split);
    return `${split} ${rows.length} (no face ${rows.filter((l) => !l.face).length}, ${(100 * rows.filter((l) => !l.face).length / Math.max(1, rows.length)).toFixed(1)}%)`;
  };
  const ms = unique.map((l) => l.ms).sort((a, b) => a - b);
  console.log(`aligned ${unique.length} crops at ${sizes.join(', ')} px in ${((Date.now() - t0) / 1000).toFixed(0)} s; ${noFace('train')}; ${noFace('val')}; detector median ${ms[ms.length >> 1]} ms/img`);
}

// Run only as a script: feature-cache.ts imports cropsFor.
if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
