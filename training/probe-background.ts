// `npx tsx training/probe-background.ts [--videoCache dfl-screen-16] [--threads 2] [--limit N] [--dump DIR] [--minPatchSd 0]`:
// the face-vs-background control of the cross-domain video set (issue 22, fifth session). A statistic
// that knows nothing of deepfakes separates the DeepFaceLive set's halves, and a pixel check had
// found each swapped half smoother over the whole frame: is the set measuring swaps or the rendering
// of the clip? This asks where a pair's difference lives: the same no-training statistic as
// probe-frozen.ts's baseline (activationEnergy of the frozen ImageNet trunk's block 9 / block 11
// output) and the pixels' mean absolute Laplacian, taken on the face input exactly as the video
// cache took it and on background patches of the same frames, the same size and the same
// resampling, where no face and no person is.
//
// The patch: the face's own alignment moved to a corner of the frame (shiftFace), so the patch goes
// through the very warp and input-region resize the face went through (align-crops.ts cropsFor), at
// the same scale and roll: a difference between face and background then cannot come from
// resampling. Corners are the frame's area farthest from a centred webcam subject; a corner is used
// only when the moved region's footprint misses every scored face's head zone (box and aligned
// footprint, widened by a quarter, raised by half for the hair) and its body zone (three face widths
// wide from the chin to the frame's bottom). Both halves of a pair take the geometry of the REAL
// half's detections at each sampled frame (the two halves are the same frames, cut side by side), so
// their patches sit on the same pixels and any difference is the rendering's alone.
//
// Reads the video cache's index (detections) and rows (to check the face rows are reproduced),
// decodes each video's sampled frames as features:videos does, writes one line per video to
// .cache/bg-<videoCache>.jsonl (resumable: finished videos are not redone) and prints the table.
// The answer (docs/training-recipe.md, "Issue 22, fifth session"): in the face; the background does
// not move.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdirSync, appendFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALIGN_SIZE, alignmentFor, applySimilarity, invertSimilarity } from '../src/pipeline/align';
import { float16ToFloat32 } from '../src/models/float16';
import type { InputRegion } from '../src/models/types';
import type { Face } from '../src/types';
import { numberFlag, parseFlags } from './args';
import { cropsFor } from './align-crops';
import { readJsonLines } from './crop-cache';
import { CACHE_RECIPES, DATA_CONFIG } from './data-config';
import { median, pairKey, spearman } from './evaluate-pair';
import { loadVideoFeatureSet, videosDoneFile, type VideoDoneLine, type VideoFeatureLine } from './feature-data';
import { decodeFrames, openTrunk, probe, sampledFrames } from './feature-videos';
import { rocAuc } from './metrics';
import { activationEnergy, poolRow } from './probe-frozen';

const USAGE = 'npx tsx training/probe-background.ts [--videoCache dfl-screen-16] [--threads 2] [--limit N] [--dump DIR] [--minPatchSd 0]';
const FLAGS = { videoCache: { type: 'string' }, threads: { type: 'string' }, limit: { type: 'string' }, dump: { type: 'string' }, minPatchSd: { type: 'string' } } as const;
const STAGES = ['middle4', 'middle6'] as const;
type Stage = (typeof STAGES)[number];
const SHAPE: [number, number, number] = [10, 10, 728];

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
export const CORNERS: readonly Corner[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];

/** Axis-aligned rectangle in frame pixels, [x0, x1) x [y0, y1). */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const overlaps = (a: Rect, b: Rect): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** The face moved by (dx, dy) frame pixels: box and keypoints, so its alignment moves with it. */
export function shiftFace(face: Face, dx: number, dy: number): Face {
  const [a, b, c, d] = face.landmarks.map((p) => ({ x: p.x + dx, y: p.y + dy }));
  return { ...face, box: { ...face.box, x: face.box.x + dx, y: face.box.y + dy }, landmarks: [a!, b!, c!, d!] };
}

/** The frame pixels the model's input reads for this face: the bounding rectangle of the input
 *  region's square of the aligned crop, mapped back into the frame (a rotated square when the face
 *  is rolled). */
export function regionFootprint(face: Face, region: InputRegion): Rect {
  const toFrame = invertSimilarity(alignmentFor(face, ALIGN_SIZE));
  const lo = [region.left, region.top].map((v) => v * ALIGN_SIZE);
  const hi = [region.left + region.size, region.top + region.size].map((v) => v * ALIGN_SIZE);
  const pts = [
    { x: lo[0]!, y: lo[1]! },
    { x: hi[0]!, y: lo[1]! },
    { x: lo[0]!, y: hi[1]! },
    { x: hi[0]!, y: hi[1]! },
  ].map((p) => applySimilarity(toFrame, p));
  return { x0: Math.min(...pts.map((p) => p.x)), y0: Math.min(...pts.map((p) => p.y)), x1: Math.max(...pts.map((p) => p.x)), y1: Math.max(...pts.map((p) => p.y)) };
}

/** Where a person is, for each scored face: the head (detection box and input footprint together,
 *  widened by a quarter of their width each side and raised by half their height for hair) and the
 *  body below it (three face-box widths wide, centred on the face, from the box's bottom to the
 *  frame's bottom: an adult's shoulders span about two and a half to three head widths). */
export function keepOutZones(faces: readonly Face[], region: InputRegion, frameHeight: number): Rect[] {
  return faces.flatMap((f) => {
    const r = regionFootprint(f, region);
    const head = { x0: Math.min(r.x0, f.box.x), y0: Math.min(r.y0, f.box.y), x1: Math.max(r.x1, f.box.x + f.box.width), y1: Math.max(r.y1, f.box.y + f.box.height) };
    const w = head.x1 - head.x0;
    const h = head.y1 - head.y0;
    const cx = f.box.x + f.box.width / 2;
    return [
      { x0: head.x0 - w / 4, y0: head.y0 - h / 2, x1: head.x1 + w / 4, y1: head.y1 },
      { x0: cx - 1.5 * f.box.width, y0: f.box.y + f.box.height, x1: cx + 1.5 * f.box.width, y1: Math.max(frameHeight, f.box.y + f.box.height) },
    ];
  });
}

/** Background patches of one frame: the first face's alignment moved so its input footprint sits
 *  `margin` px inside each corner of the frame (the margin keeps the bilinear taps inside it), kept
 *  where that footprint misses every face's keep-out zone. `faces`: the frame's scored faces, largest
 *  first (the first sets the patch's scale and roll, as it is the face the patch is compared with). */
export function backgroundPatches(faces: readonly Face[], width: number, height: number, region: InputRegion, margin = 2): { corner: Corner; face: Face; rect: Rect }[] {
  const first = faces[0];
  if (!first) return [];
  const r = regionFootprint(first, region);
  const w = r.x1 - r.x0;
  const h = r.y1 - r.y0;
  if (w + 2 * margin > width || h + 2 * margin > height) return [];
  const zones = keepOutZones(faces, region, height);
  return CORNERS.flatMap((corner) => {
    const x0 = corner.endsWith('left') ? margin : width - margin - w;
    const y0 = corner.startsWith('top') ? margin : height - margin - h;
    const rect = { x0, y0, x1: x0 + w, y1: y0 + h };
    if (zones.some((z) => overlaps(rect, z))) return [];
    return [{ corner, face: shiftFace(first, x0 - r.x0, y0 - r.y0), rect }];
  });
}

/** An RGB image's luma (BT.601). */
export function luma(rgb: Uint8Array, width: number, height: number): Float32Array {
  const y = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) y[i] = 0.299 * rgb[3 * i]! + 0.587 * rgb[3 * i + 1]! + 0.114 * rgb[3 * i + 2]!;
  return y;
}

/** Standard deviation of an RGB image's luma: how much there is to see (a black or blown-out patch
 *  has nothing that rendering could smooth). */
export function lumaSd(rgb: Uint8Array, width: number, height: number): number {
  const y = luma(rgb, width, height);
  const m = y.reduce((a, b) => a + b, 0) / y.length;
  return Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / y.length);
}

/** Mean absolute 4-neighbour Laplacian of an RGB image's luma, over its interior pixels: the fine
 *  detail the earlier pixel check found lower over the whole swapped half. With `outside`, only over
 *  the pixels (centres x + 0.5, y + 0.5) none of those rectangles covers: the frame without its
 *  people. NaN when no pixel is left. */
export function meanAbsLaplacian(rgb: Uint8Array, width: number, height: number, outside: readonly Rect[] = []): number {
  return laplacianSum(rgb, width, height, outside).mean;
}

/** meanAbsLaplacian with the pixels it averaged. */
export function laplacianSum(rgb: Uint8Array, width: number, height: number, outside: readonly Rect[] = []): { mean: number; pixels: number } {
  if (width < 3 || height < 3) return { mean: NaN, pixels: 0 };
  const y = luma(rgb, width, height);
  let sum = 0;
  let pixels = 0;
  for (let r = 1; r < height - 1; r++) {
    for (let c = 1; c < width - 1; c++) {
      if (outside.length > 0 && outside.some((z) => c + 0.5 >= z.x0 && c + 0.5 < z.x1 && r + 0.5 >= z.y0 && r + 0.5 < z.y1)) continue;
      const i = r * width + c;
      sum += Math.abs(4 * y[i]! - y[i - 1]! - y[i + 1]! - y[i - width]! - y[i + width]!);
      pixels++;
    }
  }
  return { mean: pixels === 0 ? NaN : sum / pixels, pixels };
}

/** Pearson's correlation. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 2) return NaN;
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** The complete pairs of per-video values (a clip's REAL and FAKE halves, matched by pairKey). */
export function pairsOf(values: ReadonlyMap<string, { label: 0 | 1; value: number }>): { key: string; real: number; fake: number }[] {
  const pairs = new Map<string, { real?: number; fake?: number }>();
  for (const [name, v] of values) {
    const p = pairs.get(pairKey(name)) ?? {};
    p[v.label === 1 ? 'fake' : 'real'] = v.value;
    pairs.set(pairKey(name), p);
  }
  return [...pairs].flatMap(([key, p]) => (p.real === undefined || p.fake === undefined ? [] : [{ key, real: p.real, fake: p.fake }])).sort((a, b) => a.key.localeCompare(b.key));
}

/** One measure of face and background over the set: each one's AUC (FAKE positive) and pairs with
 *  the swapped half above its original; then per pair the relative differences dFace = fake/real - 1
 *  and dBack (relative, so the face's and the background's different levels compare), their
 *  correlations, the least-squares line dFace = a + b dBack, and the pairs whose face difference
 *  exceeds the background's (the face beyond what the frame's rendering moved: no fitted parameter).
 *  Also the per-video face/background ratio, the face measured against its own frame. */
export function faceVsBackground(videos: readonly { video: string; label: 0 | 1; face: number; back: number }[]) {
  const labels = videos.map((v) => v.label);
  const side = (f: (v: (typeof videos)[number]) => number) => {
    const pairs = pairsOf(new Map(videos.map((v) => [v.video, { label: v.label, value: f(v) }])));
    return { auc: rocAuc(videos.map(f), labels), above: pairs.filter((p) => p.fake > p.real).length, pairs };
  };
  const face = side((v) => v.face);
  const back = side((v) => v.back);
  const ratio = side((v) => v.face / v.back);
  const dFace = face.pairs.map((p) => p.fake / p.real - 1);
  const dBack = back.pairs.map((p) => p.fake / p.real - 1);
  if (face.pairs.some((p, i) => p.key !== back.pairs[i]!.key)) throw new Error('faceVsBackground: face and background pairs differ');
  const mb = dBack.reduce((a, b) => a + b, 0) / dBack.length;
  const mf = dFace.reduce((a, b) => a + b, 0) / dFace.length;
  const slope = dBack.reduce((s, b, i) => s + (b - mb) * (dFace[i]! - mf), 0) / dBack.reduce((s, b) => s + (b - mb) ** 2, 0);
  return {
    n: videos.length,
    pairs: face.pairs.length,
    face: { auc: face.auc, above: face.above, medianDiff: median(dFace) },
    back: { auc: back.auc, above: back.above, medianDiff: median(dBack) },
    ratio: { auc: ratio.auc, above: ratio.above },
    pearson: pearson(dFace, dBack),
    spearman: spearman(dFace, dBack),
    line: { intercept: mf - slope * mb, slope },
    faceBeyondBack: dFace.filter((d, i) => d > dBack[i]!).length,
  };
}

/** One crop's measures: activationEnergy at each stage, the luma Laplacian and standard deviation. */
export interface CropMeasures {
  /** Index of the sampled frame. */
  frame: number;
  middle4: number;
  middle6: number;
  laplacian: number;
  lumaSd: number;
}

/** One video's measures, as written to .cache/bg-<videoCache>.jsonl. */
export interface BackgroundLine {
  video: string;
  label: 0 | 1;
  /** The video whose detections placed the patches (the pair's REAL half when there is one). */
  geometryFrom: string;
  /** Each scored face (the cache's rows, in order) and each background patch. */
  faces: (CropMeasures & { face: number })[];
  patches: (CropMeasures & { corner: Corner })[];
  /** Largest |difference| between the recomputed face rows and the cache's (float values). */
  faceCheck: number;
  /** Each sampled frame's whole-frame luma Laplacian. */
  frameLaplacian: { frame: number; laplacian: number }[];
  /** The same over the frame's pixels outside every keep-out zone (the geometry video's faces at
   *  that frame; frames where it has none are left out), and how many pixels that was. */
  outsideLaplacian: { frame: number; laplacian: number; pixels: number }[];
  /** Sampled frames whose time differs from the geometry video's at the same index. */
  timeMismatches: number;
}

export const backgroundFile = (videoCache: string): string => join(DATA_CONFIG.cacheDir, `bg-${videoCache}.jsonl`);

/** A binary PPM of an RGB image (for --dump: look at where the patches fell). */
function ppm(rgb: Uint8Array, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P6\n${width} ${height}\n255\n`), Buffer.from(rgb.buffer, rgb.byteOffset, width * height * 3)]);
}

/** The frame with each rectangle's outline drawn in (r, g, b). */
function outlined(rgb: Uint8Array, width: number, height: number, rects: readonly { rect: Rect; color: [number, number, number] }[]): Uint8Array {
  const out = Uint8Array.from(rgb);
  for (const { rect, color } of rects) {
    const [x0, y0, x1, y1] = [rect.x0, rect.y0, rect.x1 - 1, rect.y1 - 1].map((v, i) => Math.round(Math.min(Math.max(v, 0), (i % 2 ? height : width) - 1)));
    const put = (x: number, y: number) => out.set(color, 3 * (y * width + x));
    for (let x = x0!; x <= x1!; x++) [y0!, y1!].forEach((y) => put(x, y));
    for (let y = y0!; y <= y1!; y++) [x0!, x1!].forEach((x) => put(x, y));
  }
  return out;
}

async function measure(videoCache: string, threads: number, limit: number, dump: string | undefined): Promise<void> {
  const rows = Object.fromEntries(STAGES.map((s) => [s, loadVideoFeatureSet(videoCache, s, SHAPE)])) as Record<Stage, ReturnType<typeof loadVideoFeatureSet>>;
  const { lines, videos, marker } = rows.middle4;
  if (marker.stages.join(',') !== STAGES.join(',')) throw new Error(`cache "${videoCache}" holds stages ${marker.stages.join(',')}, this control reads ${STAGES.join(',')}`);
  const recipe = CACHE_RECIPES[marker.recipe];
  if (!recipe) throw new Error(`cache "${videoCache}" follows recipe ${marker.recipe}, which feature-videos.ts no longer knows`);
  const per = SHAPE[0] * SHAPE[1] * SHAPE[2];
  const rowOf = (stage: Stage, i: number) => float16ToFloat32(chunkRow(rows[stage].set.chunks, i, per));
  const byVideo = new Map<string, { line: VideoFeatureLine; row: number }[]>();
  lines.forEach((line, row) => byVideo.set(line.video, [...(byVideo.get(line.video) ?? []), { line, row }]));
  const names = new Set(videos.map((v) => v.video));
  const realOf = (name: string) => [...names].find((n) => n !== name && pairKey(n) === pairKey(name) && videos.find((v) => v.video === n)!.label === 0);

  const done = new Set(readJsonLines<BackgroundLine>(backgroundFile(videoCache)).map((l) => l.video));
  const todo = videos.filter((v) => !done.has(v.video) && (byVideo.get(v.video)?.length ?? 0) > 0).slice(0, limit);
  console.error(`probe-background ${videoCache}: ${videos.length} videos, ${done.size} done, ${todo.length} to do (videos without a scored face are skipped: no face to compare)`);
  await tf.setBackend('wasm');
  const trunk = await openTrunk(recipe.size, [...STAGES], threads);
  if (dump) mkdirSync(dump, { recursive: true });
  for (const [k, v] of todo.entries()) {
    const t0 = Date.now();
    const own = byVideo.get(v.video)!;
    const geometryFrom = v.label === 1 ? (realOf(v.video) ?? v.video) : v.video;
    const geometry = byVideo.get(geometryFrom) ?? [];
    const file = join(marker.source, v.video);
    const p = probe(file);
    const samples = sampledFrames(p.ptsMs, p.durationMs, marker.frames);
    const images = decodeFrames(file, [...new Set(samples.map((s) => s.frame))].sort((a, b) => a - b));
    const faceCrops: { frame: number; face: number; crop: Uint8Array }[] = [];
    const backCrops: { frame: number; corner: Corner; crop: Uint8Array }[] = [];
    const frameLaplacian: BackgroundLine['frameLaplacian'] = [];
    const outsideLaplacian: BackgroundLine['outsideLaplacian'] = [];
    let timeMismatches = 0;
    let dumped = false;
    for (const [index, s] of samples.entries()) {
      const img = images.get(s.frame);
      if (!img) continue;
      frameLaplacian.push({ frame: index, laplacian: meanAbsLaplacian(img.data, img.width, img.height) });
      const mine = own.filter((o) => o.line.frame === index);
      const placed = geometry.filter((g) => g.line.frame === index).sort((a, b) => a.line.face - b.line.face);
      if (placed.length > 0 && Math.abs(placed[0]!.line.timeMs - s.timeMs) > 1e-3) timeMismatches++;
      const patches = backgroundPatches(placed.map((g) => g.line.det), img.width, img.height, recipe.region);
      if (placed.length > 0) {
        const o = laplacianSum(img.data, img.width, img.height, keepOutZones(placed.map((g) => g.line.det), recipe.region, img.height));
        if (o.pixels > 0) outsideLaplacian.push({ frame: index, laplacian: o.mean, pixels: o.pixels });
      }
      if (mine.length === 0 && patches.length === 0) continue;
      const frame = tf.tensor3d(Int32Array.from(img.data), [img.height, img.width, 3], 'int32');
      try {
        // The face exactly as features:videos cut it (its detection, the page's black fill).
        for (const o of mine) faceCrops.push({ frame: index, face: o.line.face, crop: cropsFor(frame, o.line.det, [recipe.size], recipe.region, 'black')[0]! });
        for (const patch of patches) backCrops.push({ frame: index, corner: patch.corner, crop: cropsFor(frame, patch.face, [recipe.size], recipe.region, 'black')[0]! });
      } finally {
        frame.dispose();
      }
      if (dump && !dumped && patches.length > 0) {
        dumped = true;
        const stem = join(dump, v.video.replace(/\.[^.]+$/, ''));
        const rects = [...keepOutZones(placed.map((g) => g.line.det), recipe.region, img.height).map((rect) => ({ rect, color: [0, 0, 255] as [number, number, number] })), ...patches.map((q) => ({ rect: q.rect, color: [255, 0, 0] as [number, number, number] }))];
        writeFileSync(`${stem}-frame.ppm`, ppm(outlined(img.data, img.width, img.height, rects), img.width, img.height));
        if (mine.length > 0) writeFileSync(`${stem}-face.ppm`, ppm(faceCrops[faceCrops.length - 1]!.crop, recipe.size, recipe.size));
        backCrops.slice(-patches.length).forEach((q) => writeFileSync(`${stem}-${q.corner}.ppm`, ppm(q.crop, recipe.size, recipe.size)));
      }
    }
    const faceOut = await trunk.run(faceCrops.map((f) => f.crop));
    const backOut = await trunk.run(backCrops.map((b) => b.crop));
    const stageAt = (s: Stage) => trunk.graph.outputs.findIndex((o) => o.stage === s);
    const energy = (out: Uint16Array[][], s: Stage, i: number) => activationEnergy(poolRow(float16ToFloat32(out[stageAt(s)]![i]!), SHAPE));
    const measures = (out: Uint16Array[][], i: number, frame: number, crop: Uint8Array): CropMeasures => ({
      frame,
      middle4: energy(out, 'middle4', i),
      middle6: energy(out, 'middle6', i),
      laplacian: meanAbsLaplacian(crop, recipe.size, recipe.size),
      lumaSd: lumaSd(crop, recipe.size, recipe.size),
    });
    // The face rows must be the cache's: same crops, same trunk (else this is not the cache's face).
    let faceCheck = 0;
    faceCrops.forEach((f, i) => {
      const row = own.find((o) => o.line.frame === f.frame && o.line.face === f.face)!.row;
      for (const s of STAGES) {
        const mine = float16ToFloat32(faceOut[stageAt(s)]![i]!);
        const cached = rowOf(s, row);
        for (let j = 0; j < mine.length; j++) faceCheck = Math.max(faceCheck, Math.abs(mine[j]! - cached[j]!));
      }
    });
    const line: BackgroundLine = {
      video: v.video,
      label: v.label,
      geometryFrom,
      faces: faceCrops.map((f, i) => ({ ...measures(faceOut, i, f.frame, f.crop), face: f.face })),
      patches: backCrops.map((b, i) => ({ ...measures(backOut, i, b.frame, b.crop), corner: b.corner })),
      faceCheck,
      frameLaplacian,
      outsideLaplacian,
      timeMismatches,
    };
    appendFileSync(backgroundFile(videoCache), JSON.stringify(line) + '\n');
    const corners = CORNERS.map((c) => [c, line.patches.filter((q) => q.corner === c).length] as const).filter(([, n]) => n > 0);
    console.error(`${done.size + k + 1}/${videos.length} ${v.video}: ${line.faces.length} faces, ${line.patches.length} patches (${corners.map(([c, n]) => `${c} ${n}`).join(', ')}), geometry ${geometryFrom}, face check ${faceCheck.toExponential(1)}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

/** Row `i` of a cache split into chunks of equal row counts. */
function chunkRow(chunks: readonly Uint16Array[], i: number, per: number): Uint16Array {
  let at = i;
  for (const c of chunks) {
    const n = c.length / per;
    if (at < n) return c.subarray(at * per, (at + 1) * per);
    at -= n;
  }
  throw new Error(`row ${i} is past the cache's end`);
}

/** The patches each video's background is measured on: those at a (frame, corner) both halves of a
 *  pair hold (the same pixels of the clip), and with at least `minSd` luma standard deviation in
 *  both halves (a flat patch, black or blown out, has no detail for a rendering to change; it only
 *  dilutes the mean). A video without a partner keeps its own textured patches. */
export function keptPatches(lines: readonly BackgroundLine[], minSd: number): Map<string, BackgroundLine['patches']> {
  const key = (q: { frame: number; corner: Corner }) => `${q.frame} ${q.corner}`;
  const byPair = new Map<string, BackgroundLine[]>();
  for (const l of lines) byPair.set(pairKey(l.video), [...(byPair.get(pairKey(l.video)) ?? []), l]);
  const out = new Map<string, BackgroundLine['patches']>();
  for (const l of lines) {
    const partner = (byPair.get(pairKey(l.video)) ?? []).find((o) => o.video !== l.video && o.label !== l.label);
    const theirs = new Map((partner?.patches ?? []).map((q) => [key(q), q]));
    out.set(
      l.video,
      l.patches.filter((q) => {
        if (q.lumaSd < minSd) return false;
        if (!partner) return true;
        const other = theirs.get(key(q));
        return other !== undefined && other.lumaSd >= minSd;
      }),
    );
  }
  return out;
}

const meanOf = <T>(items: readonly T[], f: (t: T) => number): number => (items.length === 0 ? NaN : items.reduce((s, t) => s + f(t), 0) / items.length);

function report(videoCache: string, minSd: number): void {
  const all = readJsonLines<BackgroundLine>(backgroundFile(videoCache));
  const kept = keptPatches(all, minSd);
  const used = all.filter((l) => l.faces.length > 0 && kept.get(l.video)!.length > 0);
  const fmt = (x: number, d = 3) => x.toFixed(d);
  const patches = used.flatMap((l) => kept.get(l.video)!);
  console.log(`${videoCache}: ${all.length} videos measured, ${used.length} with a face and a background patch of luma SD >= ${minSd} (held by both halves of a pair); ${used.reduce((s, l) => s + l.faces.length, 0)} faces, ${patches.length} of ${all.reduce((s, l) => s + l.patches.length, 0)} patches kept (${CORNERS.map((c) => `${c} ${patches.filter((q) => q.corner === c).length}`).join(', ')}); largest face-row difference from the cache ${Math.max(...all.map((l) => l.faceCheck)).toExponential(2)}; frame-time mismatches ${all.reduce((s, l) => s + l.timeMismatches, 0)}`);
  console.log('| measure | face AUC | face: swapped above | background AUC | background: swapped above | face/background AUC | face/background: swapped above | median dFace | median dBack | Pearson / Spearman (dFace, dBack) | dFace = a + b dBack | dFace > dBack |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  const stat = (pick: (m: CropMeasures) => number, back: (l: BackgroundLine) => number) => (l: BackgroundLine) => ({ video: l.video, label: l.label, face: meanOf(l.faces, pick), back: back(l) });
  const patchMean = (pick: (m: CropMeasures) => number) => (l: BackgroundLine) => meanOf(kept.get(l.video)!, pick);
  const measures: [string, (l: BackgroundLine) => { video: string; label: 0 | 1; face: number; back: number }][] = [
    ['block 9 (middle4) activationEnergy', stat((m) => m.middle4, patchMean((m) => m.middle4))],
    ['block 11 (middle6) activationEnergy', stat((m) => m.middle6, patchMean((m) => m.middle6))],
    ['luma mean abs. Laplacian (160 px input)', stat((m) => m.laplacian, patchMean((m) => m.laplacian))],
    ['luma mean abs. Laplacian, face vs whole frame', stat((m) => m.laplacian, (l) => meanOf(l.frameLaplacian, (f) => f.laplacian))],
    ['luma mean abs. Laplacian, face vs frame outside every person zone', stat((m) => m.laplacian, (l) => meanOf(l.outsideLaplacian, (f) => f.laplacian))],
  ];
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const row = (name: string, r: ReturnType<typeof faceVsBackground>) =>
    console.log(`| ${name} | ${fmt(r.face.auc)} | ${r.face.above}/${r.pairs} | ${fmt(r.back.auc)} | ${r.back.above}/${r.pairs} | ${fmt(r.ratio.auc)} | ${r.ratio.above}/${r.pairs} | ${pct(r.face.medianDiff)} | ${pct(r.back.medianDiff)} | ${fmt(r.pearson, 2)} / ${fmt(r.spearman, 2)} | ${pct(r.line.intercept)} + ${fmt(r.line.slope, 2)} dBack | ${r.faceBeyondBack}/${r.pairs} |`);
  // Every row on the same videos (those with a kept patch), so the rows compare.
  for (const [name, of] of measures) row(name, faceVsBackground(used.map(of)));
  console.log(`(${used.length} videos, FAKE positive; "swapped above": complete pairs whose FAKE half's value is above its REAL half's; dX = fake/real - 1 per pair)`);
  // The rows that need no patch, on every video with a face (and pixels outside its people): the
  // pixel measures on all the complete pairs, and the face rows against the fourth session's numbers.
  const faced = all.filter((l) => l.faces.length > 0 && l.outsideLaplacian.length > 0);
  for (const [name, of] of measures.filter(([n]) => n.includes('frame'))) row(`${name} (all videos with a face)`, faceVsBackground(faced.map(of)));
  const size = new Map(readJsonLines<VideoDoneLine>(videosDoneFile(videoCache)).map((v) => [v.video, (v.width - 2) * (v.height - 2)]));
  const share = median(faced.flatMap((l) => l.outsideLaplacian.map((f) => f.pixels / size.get(l.video)!)));
  console.log(`(${faced.length} videos; outside the person zones: median ${(100 * share).toFixed(0)}% of a frame's interior pixels)`);
  for (const s of STAGES) {
    const r = faceVsBackground(all.filter((l) => l.faces.length > 0).map((l) => ({ video: l.video, label: l.label, face: meanOf(l.faces, (m) => m[s]), back: 1 })));
    console.log(`face ${s} activationEnergy on all ${r.n} videos with a face: AUC ${fmt(r.face.auc)}, swapped above original ${r.face.above}/${r.pairs}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseFlags(process.argv.slice(2), FLAGS, USAGE);
  const videoCache = values.videoCache ?? 'dfl-screen-16';
  if (!/^[\w.-]+$/.test(videoCache)) throw new Error(`--videoCache is a name, got "${videoCache}"`);
  const threads = numberFlag(values.threads, 'threads', 2);
  const limit = numberFlag(values.limit, 'limit', Infinity);
  if (!existsSync(DATA_CONFIG.cacheDir)) throw new Error(`no cache folder ${DATA_CONFIG.cacheDir}`);
  await measure(videoCache, threads, limit, values.dump === undefined ? undefined : resolve(values.dump));
  report(videoCache, numberFlag(values.minPatchSd, 'minPatchSd', 0));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
