// Step 2 of the data pipeline for ImageNet-initialised models: every detected DFDC crop is aligned
// by the app's own code (align-crops.ts cropsFor: alignFaces + resizeCrops, as the page does), resized
// to the trunk's input side, scaled to [-1, 1] (Keras Xception), and run through the frozen Xception
// prefix (ImageNet weights, training/imagenet-xception.ts) on onnxruntime-node. The outputs of the
// named stages are stored as float16 NHWC rows:
//   .cache/features-<S>-<stage>.f16  row i = one crop's [h,w,c] activations
//   .cache/features-<S>.jsonl        line i = { video, split, label, found }
// Resumable: rows already written are kept (files are cut back to the index's length on start), and
// the run follows detect-crops.ts (it waits for new detections until the plan is covered).
//   npm run features -- [--size 160] [--stages middle7 (block 12; add ,exit for block 13)] [--batch 32] [--threads 2] [--limit N]
// A stage added later (--stages middle6 --backfill: block 11, for the recipe that also fine-tunes
// block 12) is written for the rows the index already has, in its order, so every stage file keeps
// row i = index line i; it resumes from the file's length.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type * as Ort from 'onnxruntime-node';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { featureFile, featureIndexFile, readFeatureIndex, type CacheKey, type FeatureIndexLine } from './feature-data';
import { buildModel } from '../src/models/arch/index';
import { float32ToFloat16Bits } from '../src/models/weights-io';
import { DATA_CONFIG } from './data-config';
import { cropPath } from './data';
import { decodeJpeg } from './decode-jpeg';
import { makePlan, readDetections, type DetectionLine } from './crop-cache';
import { cropsFor, jitteredFace } from './align-crops';
import { WHOLE_CROP } from '../src/models/resize-crops';
import { importImagenetXception, readImagenetWeights } from './imagenet-xception';
import { xceptionTrunkOnnx } from './onnx-trunk';
import { alignmentFor, applySimilarity } from '../src/pipeline/align';
import { createRng } from '../src/pipeline/rng';
import { selfBlend, viewAugment, type Image } from './sbi';
import { clamp } from './augment';
import { numberFlag, parseFlags } from './args';

const USAGE = 'npm run features -- [--size 160] [--stages middle7[,exit]] [--batch 32] [--threads 2] [--limit N] [--backfill] [--recipe plain|sbi|wj]';
const FLAGS = {
  size: { type: 'string' },
  stages: { type: 'string' },
  batch: { type: 'string' },
  threads: { type: 'string' },
  limit: { type: 'string' },
  backfill: { type: 'boolean' },
  recipe: { type: 'string' },
} as const;

/** RGB uint8 rows [n,S,S,3] -> NCHW float32 in [-1,1] (Keras Xception preprocessing). */
export function toInput(rows: Uint8Array[], size: number): Float32Array {
  const out = new Float32Array(rows.length * 3 * size * size);
  const plane = size * size;
  rows.forEach((r, n) => {
    const base = n * 3 * plane;
    for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) out[base + c * plane + p] = r[p * 3 + c]! / 127.5 - 1;
  });
  return out;
}

/** NCHW [n,c,h,w] -> n rows of NHWC float16 bits. */
export function toRows(t: Ort.Tensor): Uint16Array[] {
  const [n, c, h, w] = t.dims as number[];
  const d = t.data as Float32Array;
  const rows: Uint16Array[] = [];
  const per = c! * h! * w!;
  const nhwc = new Float32Array(per);
  for (let i = 0; i < n!; i++) {
    const base = i * per;
    for (let ch = 0; ch < c!; ch++) for (let p = 0; p < h! * w!; p++) nhwc[p * c! + ch] = d[base + ch * h! * w! + p]!;
    rows.push(float32ToFloat16Bits(nhwc));
  }
  return rows;
}

/** onnxruntime-node is an optional dependency (its install script downloads extras unless
 *  ONNXRUNTIME_NODE_INSTALL=skip; the app never needs it): load it only here, with a clear message. */
export async function loadOrt(): Promise<typeof Ort> {
  try {
    return await import('onnxruntime-node');
  } catch (e) {
    throw new Error(`the feature cache needs the optional package onnxruntime-node: install it with "ONNXRUNTIME_NODE_INSTALL=skip npm ci" (${e instanceof Error ? e.message.split('\n')[0] : e})`);
  }
}

/** The app's alignment of each detection's crop at `size` px (RGB rows). */
function alignedCrops(lines: DetectionLine[], size: number): Uint8Array[] {
  return lines.map((l) => {
    const frame = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, l)));
    const [crop] = cropsFor(frame, l.face, [size]);
    frame.dispose();
    return crop!;
  });
}

/** Detections not yet in `done`, each video once, in faces.jsonl's order. */
function pendingDetections(done: ReadonlySet<string>): DetectionLine[] {
  const todo: DetectionLine[] = [];
  const seen = new Set<string>();
  for (const l of readDetections()) if (!done.has(l.video) && !seen.has(l.video) && seen.add(l.video)) todo.push(l);
  return todo;
}

/**
 * New detections as detect-crops.ts appends them (the caller adds what it took to `done`); ends when
 * the plan is covered, when `enough()` says so, or after 20 waits of 30 s without a new one.
 */
async function* newDetections(done: ReadonlySet<string>, enough: () => boolean): AsyncGenerator<DetectionLine[]> {
  const total = makePlan().order.length;
  for (let idle = 0; ; ) {
    const todo = pendingDetections(done);
    if (todo.length > 0 && !enough()) {
      idle = 0;
      yield todo;
      continue;
    }
    if (done.size >= total || enough() || idle++ > 20) return;
    await new Promise((r) => setTimeout(r, 30_000)); // detect-crops.ts is still filling faces.jsonl
  }
}

/** Every stage file of cache `key` cut back to the index's `rows` (a killed run may have written
 *  past it) and opened for appending. */
export function openStageFiles(key: CacheKey, outputs: { stage: string; shape: number[] }[], rows: number): number[] {
  return outputs.map((o) => {
    const f = featureFile(key, o.stage);
    const rowBytes = o.shape.slice(1).reduce((a, b) => a * b, 1) * 2;
    if (!existsSync(f)) appendFileSync(f, new Uint8Array(0));
    if (statSync(f).size < rows * rowBytes) throw new Error(`${f} is shorter than its index (${rows} rows): delete the features-${key}* files and rebuild`);
    truncateSync(f, rows * rowBytes);
    return openSync(f, 'a');
  });
}

/** Write `outputs` for index rows [file length, index length), in index order. */
async function backfillStages(ort: typeof Ort, session: Ort.InferenceSession, outputs: { stage: string; name: string; shape: number[] }[], index: FeatureIndexLine[], size: number, batch: number): Promise<void> {
  const rowBytes = outputs.map((o) => o.shape.slice(1).reduce((a, b) => a * b, 1) * 2);
  const files = outputs.map((o) => featureFile(size, o.stage));
  files.forEach((f) => existsSync(f) || appendFileSync(f, new Uint8Array(0)));
  const have = files.map((f, k) => Math.floor(statSync(f).size / rowBytes[k]!));
  const start = Math.min(...have, index.length);
  files.forEach((f, k) => truncateSync(f, start * rowBytes[k]!));
  const byVideo = new Map<string, DetectionLine>();
  for (const l of readDetections()) if (!byVideo.has(l.video)) byVideo.set(l.video, l);
  const lines = index.slice(start).map((l) => {
    const d = byVideo.get(l.video);
    if (!d) throw new Error(`backfill: ${l.video} is in the feature index but not in the detections`);
    return d;
  });
  const fds = files.map((f) => openSync(f, 'a'));
  const t0 = Date.now();
  let next = alignedCrops(lines.slice(0, batch), size);
  for (let i = 0; i < lines.length; i += batch) {
    const part = lines.slice(i, i + batch);
    const running = session.run({ image: new ort.Tensor('float32', toInput(next, size), [part.length, 3, size, size]) });
    if (i + batch < lines.length) next = alignedCrops(lines.slice(i + batch, i + 2 * batch), size);
    const out = await running;
    outputs.forEach((o, k) => {
      for (const row of toRows(out[o.name]!)) writeSync(fds[k]!, row);
    });
    const n = i + part.length;
    if ((i / batch) % 10 === 9 || n === lines.length) {
      const rate = n / ((Date.now() - t0) / 1000);
      process.stderr.write(`backfill ${start + n}/${index.length}  ${rate.toFixed(1)} img/s  ETA ${((lines.length - n) / rate / 60).toFixed(1)} min\n`);
    }
  }
  fds.forEach((fd) => closeSync(fd));
  console.log(`feature cache: stages ${outputs.map((o) => o.stage).join(', ')} backfilled to ${index.length} rows at ${size} px`);
}

/**
 * The SBI recipe's cache (`--recipe sbi`, key "<size>-sbi"): every crop with a face, aligned with
 * the edge fill and cut to DATA_CONFIG.inputRegion (what its models read), in the detections' order
 * (validation first). Validation rows: the crop as it is. Training rows: each real crop twice, once
 * augmented (viewAugment, label 0) and once self-blended then augmented (label 1, view 'sbi'); each
 * fake crop once, augmented, only while fewer fakes than reals are in, so the DFDC fakes stay a
 * sample as large as the reals. Seeded per crop (its row in the plan), so a resumed run writes
 * the very rows an uninterrupted one would. Resumable like the plain cache.
 */
async function buildViewCache(recipe: 'sbi' | 'wj', ort: typeof Ort, session: Ort.InferenceSession, outputs: { stage: string; name: string; shape: number[] }[], size: number, batch: number, limit: number): Promise<void> {
  const key = `${size}-${recipe}`;
  const region = DATA_CONFIG.inputRegion;
  const index = readFeatureIndex(key);
  const fds = openStageFiles(key, outputs, index.length);
  const planRow = new Map(makePlan().order.map((o, i) => [o.row.video, i] as const));
  const done = new Set(index.map((l) => l.video));
  let reals = index.filter((l) => l.split === 'train' && l.label === 0 && l.view === 'crop').length;
  let fakes = index.filter((l) => l.split === 'train' && l.label === 1 && l.view === 'crop').length;
  // Keypoints in the input region's pixels: template coordinates, then the region's corner and scale.
  const toRegion = (p: { x: number; y: number }) => ({ x: (p.x - region.left * DATA_CONFIG.alignSize) * (size / (region.size * DATA_CONFIG.alignSize)), y: (p.y - region.top * DATA_CONFIG.alignSize) * (size / (region.size * DATA_CONFIG.alignSize)) });
  type View = { line: FeatureIndexLine; pixels: Uint8Array };
  const viewsOf = (l: DetectionLine): View[] => (recipe === 'wj' ? windowJitterView(l) : sbiViews(l));
  // The window-jitter recipe (`--recipe wj`): the whole crop with black outside the input window, as
  // the page shows a model whose manifest has one; a training crop is aligned on keypoints moved by
  // one random similarity (jitteredFace) and mirrored half the time (the frame flipped before the
  // alignment, so the window stays where the page puts it); validation crops as the page sees them.
  const windowJitterView = (l: DetectionLine): View[] => {
    let frame = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, l)));
    const base = { video: l.video, split: l.split, found: true, label: l.label, view: 'crop' } as const;
    let face = l.face!;
    if (l.split === 'train') {
      const rng = createRng(DATA_CONFIG.seed * 11 + planRow.get(l.video)!);
      const mirror = rng.next() < 0.5;
      face = jitteredFace(face, rng, frame.shape[1], mirror);
      if (mirror) {
        const flipped = tf.tidy(() => tf.reverse(frame, 1) as tf.Tensor3D);
        frame.dispose();
        frame = flipped;
      }
    }
    const [crop] = cropsFor(frame, face, [size], WHOLE_CROP, 'black', DATA_CONFIG.inputWindow);
    frame.dispose();
    return [{ line: base, pixels: crop! }];
  };
  const sbiViews = (l: DetectionLine): View[] => {
    const frame = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, l)));
    const [crop] = cropsFor(frame, l.face, [size], region);
    frame.dispose();
    const base = { video: l.video, split: l.split, found: true } as const;
    if (l.split === 'val') return [{ line: { ...base, label: l.label, view: 'crop' }, pixels: crop! }];
    const rng = createRng(DATA_CONFIG.seed * 7 + planRow.get(l.video)!);
    const img: Image = { data: Float32Array.from(crop!), width: size, height: size };
    const toU8 = (im: Image) => Uint8Array.from(im.data, (v) => Math.round(clamp(v)));
    const out: View[] = [{ line: { ...base, label: l.label, view: 'crop' }, pixels: toU8(viewAugment(img, rng)) }];
    if (l.label === 0) {
      const t = alignmentFor(l.face!, DATA_CONFIG.alignSize);
      const keys = l.face!.landmarks.map((p) => toRegion(applySimilarity(t, p)));
      out.push({ line: { ...base, label: 1, view: 'sbi' }, pixels: toU8(viewAugment(selfBlend(img, keys, rng).image, rng)) });
    }
    return out;
  };
  const t0 = Date.now();
  let written = 0;
  for await (const todo of newDetections(done, () => written >= limit)) {
    // Batches of views, a crop's views always in one batch (a stop between batches never splits
    // them); the next batch is prepared while onnxruntime runs this one on its own threads.
    const batches: DetectionLine[][] = [[]];
    let views = 0;
    for (const l of todo) {
      done.add(l.video);
      if (!l.face) continue; // the page scores no frame without a face
      if (l.split === 'train' && l.label === 1) {
        if (fakes >= reals) continue;
        fakes++;
      }
      if (l.split === 'train' && l.label === 0) reals++;
      batches[batches.length - 1]!.push(l);
      views += recipe === 'sbi' && l.split === 'train' && l.label === 0 ? 2 : 1;
      if (views >= batch) {
        batches.push([]);
        views = 0;
      }
      if (written + batches.length * batch >= limit) break;
    }
    let next = batches[0]!.flatMap(viewsOf);
    for (let b = 0; b < batches.length; b++) {
      const pending = next;
      if (pending.length === 0) {
        next = b + 1 < batches.length ? batches[b + 1]!.flatMap(viewsOf) : [];
        continue;
      }
      const running = session.run({ image: new ort.Tensor('float32', toInput(pending.map((v) => v.pixels), size), [pending.length, 3, size, size]) });
      next = b + 1 < batches.length ? batches[b + 1]!.flatMap(viewsOf) : [];
      const out = await running;
      outputs.forEach((o, k) => {
        for (const row of toRows(out[o.name]!)) writeSync(fds[k]!, row);
      });
      appendFileSync(featureIndexFile(key), pending.map((v) => JSON.stringify(v.line)).join('\n') + '\n');
      written += pending.length;
      if (b % 10 === 9) process.stderr.write(`${recipe} features ${index.length + written} rows (train reals ${reals}, fakes ${fakes} so far)  ${(written / ((Date.now() - t0) / 1000)).toFixed(1)} rows/s\n`);
    }
  }
  fds.forEach((fd) => closeSync(fd));
  console.log(`feature cache ${key}: ${index.length + written} rows (train reals ${reals}, DFDC fakes ${fakes})`);
}

async function main(): Promise<void> {
  const { values: flags } = parseFlags(process.argv.slice(2), FLAGS, USAGE);
  const size = numberFlag(flags.size, 'size', 160);
  const stages = (flags.stages ?? 'middle7').split(',');
  const batch = numberFlag(flags.batch, 'batch', 32);
  const threads = numberFlag(flags.threads, 'threads', 2);
  const limit = numberFlag(flags.limit, 'limit', Infinity);
  const backfill = flags.backfill === true;
  const recipe = flags.recipe ?? 'plain';
  if (recipe !== 'plain' && recipe !== 'sbi' && recipe !== 'wj') throw new Error(`--recipe is plain, sbi or wj, got "${recipe}"`);
  const ort = await loadOrt();
  await tf.setBackend('wasm');
  const model = buildModel('xception', { inputSize: size, widthMultiplier: 1, middleBlocks: 8 });
  importImagenetXception(model, readImagenetWeights());
  const graph = xceptionTrunkOnnx(model, size, stages);
  model.dispose();
  const session = await ort.InferenceSession.create(graph.bytes, { intraOpNumThreads: threads, graphOptimizationLevel: 'all' });

  if (recipe === 'sbi' || recipe === 'wj') return buildViewCache(recipe, ort, session, graph.outputs, size, batch, limit);
  const index = readFeatureIndex(size);
  if (backfill) return backfillStages(ort, session, graph.outputs, index, size, batch);
  const done = new Set(index.map((l) => l.video));
  const fds = openStageFiles(size, graph.outputs, index.length);
  const total = makePlan().order.length;
  const t0 = Date.now();
  let written = 0;
  for await (const todo of newDetections(done, () => written >= limit)) {
    // Prepare batch k+1 on this thread while onnxruntime computes batch k on its own threads.
    const prepare = (lines: DetectionLine[]) => alignedCrops(lines, size);
    const batches: DetectionLine[][] = [];
    for (let i = 0; i < Math.min(todo.length, limit - written); i += batch) batches.push(todo.slice(i, Math.min(i + batch, todo.length, i + limit - written)));
    let next = prepare(batches[0]!);
    for (const [b, lines] of batches.entries()) {
      const running = session.run({ image: new ort.Tensor('float32', toInput(next, size), [lines.length, 3, size, size]) });
      if (b + 1 < batches.length) next = prepare(batches[b + 1]!);
      const out = await running;
      graph.outputs.forEach((o, k) => {
        for (const row of toRows(out[o.name]!)) writeSync(fds[k]!, row);
      });
      appendFileSync(featureIndexFile(size), lines.map((l) => JSON.stringify({ video: l.video, split: l.split, label: l.label, found: l.face !== null } satisfies FeatureIndexLine)).join('\n') + '\n');
      for (const l of lines) done.add(l.video);
      written += lines.length;
      if (b % 10 === 9 || b === batches.length - 1) {
        const rate = written / ((Date.now() - t0) / 1000);
        process.stderr.write(`features ${done.size}/${total}  ${rate.toFixed(1)} img/s  ETA ${((total - done.size) / rate / 60).toFixed(1)} min\n`);
      }
    }
  }
  fds.forEach((fd) => closeSync(fd));
  console.log(`feature cache: ${done.size} of ${total} crops at ${size} px, stages ${stages.join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
