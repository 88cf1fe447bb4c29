// The on-disk cache of training crops (training/.cache, git-ignored), made in two steps so the slow
// one runs once: detect-crops.ts runs the app's face detector over every chosen crop and appends one
// line per image to faces.jsonl (resumable: finished lines are skipped on restart); align-crops.ts
// warps each image with the app's alignment and stores packed uint8 RGB at each training input side.
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Face } from '../src/types';
import { DATA_CONFIG } from './data-config';
import { readMetadata, splitByGroup, balancedSubset, splitRecord, type Row, type SplitRecord } from './data';
import { createRng, shuffled } from './rng';
import { createHash } from 'node:crypto';

export type SplitName = 'train' | 'val';

/** One line of faces.jsonl: the detector's largest face on one DFDC crop (null: none found). */
export interface DetectionLine {
  video: string;
  split: SplitName;
  label: 0 | 1;
  face: Face | null;
  /** Faces the detector returned (the largest is used, as the app does per frame). */
  count: number;
  ms: number;
}

/** Index of an aligned-crop file: row i of crops-S.u8 is items[i]. */
export interface CropIndex {
  size: number;
  items: { video: string; split: SplitName; label: 0 | 1; found: boolean }[];
}

export const facesFile = (): string => join(DATA_CONFIG.cacheDir, 'faces.jsonl');
export const cropFile = (size: number): string => join(DATA_CONFIG.cacheDir, `crops-${size}.u8`);
export const cropIndexFile = (size: number): string => join(DATA_CONFIG.cacheDir, `crops-${size}.json`);

export interface Plan {
  record: SplitRecord;
  /** Validation rows first (small, needed by every run), then the shuffled training rows, so any
   *  prefix of the detection run is usable. */
  order: { row: Row; split: SplitName }[];
  /** Validation half of each validation video: A fits calibration, B reports (data-config.ts). */
  valHalf: Map<string, 'A' | 'B'>;
  /** The earlier models' balanced 1,500 + 1,500 validation subset (names), for comparisons. */
  legacyVal: Set<string>;
}

/** The seeded group split, every row of it, and the two validation halves. */
export function makePlan(): Plan {
  const rows = readMetadata(DATA_CONFIG.dataDir);
  const split = splitByGroup(rows, DATA_CONFIG.valFraction, DATA_CONFIG.seed);
  const train = shuffled(split.train, createRng(DATA_CONFIG.seed + 1));
  const legacy = balancedSubset(split.val, DATA_CONFIG.legacyValPerClass, DATA_CONFIG.seed + 2);
  const legacyVal = new Set(legacy.map((r) => r.video));
  // The legacy subset first, so a short detection run still covers the crops old numbers used.
  const val = [...legacy, ...split.val.filter((r) => !legacyVal.has(r.video))];
  const halves = valHalves(split.valGroups, DATA_CONFIG.seed + DATA_CONFIG.calibrationHalfSeedOffset);
  const valHalf = new Map(split.val.map((r) => [r.video, halves.get(r.group)!] as const));
  const record = splitRecord(DATA_CONFIG.datasetName, split, train);
  return {
    record,
    order: [...val.map((row) => ({ row, split: 'val' as const })), ...train.map((row) => ({ row, split: 'train' as const }))],
    valHalf,
    legacyVal,
  };
}

/** Validation groups (sorted) shuffled with the seed; the first half is A, the rest B. */
export function valHalves(valGroups: readonly string[], seed: number): Map<string, 'A' | 'B'> {
  const order = shuffled([...valGroups].sort(), createRng(seed));
  const cut = Math.floor(order.length / 2);
  return new Map(order.map((g, i) => [g, i < cut ? 'A' : 'B'] as const));
}

/** What training/split.json holds: the rule, the validation groups, halves and hashes. */
export function splitSummary(plan: Plan) {
  const hash = (names: string[]) => createHash('sha256').update(names.join('\n')).digest('hex');
  const names = (s: SplitName) => plan.order.filter((o) => o.split === s).map((o) => o.row.video);
  const half = (h: 'A' | 'B') => plan.order.filter((o) => plan.valHalf.get(o.row.video) === h).map((o) => o.row);
  const count = (rows: Row[], label: 0 | 1) => rows.filter((r) => r.label === label).length;
  return {
    dataset: plan.record.dataset,
    rule:
      'groups (metadata "group") sorted, shuffled with mulberry32(seed), first round(valFraction * groups) ' +
      'are validation; every row is used; validation groups sorted and shuffled with seed+3, first half = A ' +
      '(calibration), rest = B (reported numbers); legacyVal = data.ts balancedSubset(val, 1500, seed+2), the ' +
      'subset earlier models were measured on',
    seed: plan.record.seed,
    valFraction: plan.record.valFraction,
    counts: plan.record.counts,
    halves: Object.fromEntries((['A', 'B'] as const).map((h) => [h, { rows: half(h).length, real: count(half(h), 0), fake: count(half(h), 1) }])),
    trainSha256: hash(names('train')),
    valSha256: hash(names('val')),
    legacyValSha256: hash([...plan.legacyVal]),
    valGroups: plan.record.valGroups,
  };
}

export function readDetections(): DetectionLine[] {
  return readJsonLines<DetectionLine>(facesFile());
}

/** The objects of a JSON-lines file ([] when absent); a line cut short by an interrupted run is
 *  dropped, so that row is redone. */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as T];
      } catch {
        return [];
      }
    });
}

/** Write a file whole or not at all (a killed process leaves the previous version). */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export interface CachedSplit {
  size: number;
  /** [n, size, size, 3] uint8 RGB. */
  pixels: Uint8Array;
  labels: Uint8Array;
  videos: string[];
  found: boolean[];
  /** Modification time of the index when loaded (see cropCacheVersion). */
  version: number;
}

/** Changes whenever align-crops.ts rewrites the cache at this size. */
export function cropCacheVersion(size: number): number {
  return existsSync(cropIndexFile(size)) ? statSync(cropIndexFile(size)).mtimeMs : 0;
}

/** Load one split of the aligned-crop cache at one input side. */
export function loadCropCache(size: number, split: SplitName): CachedSplit {
  if (!existsSync(cropIndexFile(size))) {
    throw new Error(`No aligned crops at ${size} px in ${DATA_CONFIG.cacheDir}: run "npx tsx training/detect-crops.ts" then "npx tsx training/align-crops.ts".`);
  }
  const version = cropCacheVersion(size);
  const index = JSON.parse(readFileSync(cropIndexFile(size), 'utf8')) as CropIndex;
  const all = readFileSync(cropFile(size));
  const per = size * size * 3;
  const rows = index.items.map((it, i) => ({ it, i })).filter(({ it }) => it.split === split);
  const pixels = new Uint8Array(rows.length * per);
  rows.forEach(({ i }, j) => pixels.set(all.subarray(i * per, (i + 1) * per), j * per));
  return {
    size,
    pixels,
    labels: Uint8Array.from(rows.map(({ it }) => it.label)),
    videos: rows.map(({ it }) => it.video),
    found: rows.map(({ it }) => it.found),
    version,
  };
}

/** Where a training process gets its images: the aligned-crop cache, or (benchmarks and tests,
 *  which must not need ../shared/data) seeded random pixels with alternating labels. */
export type DataSource = { kind: 'cache'; size: number } | { kind: 'random'; size: number; n: number; seed: number };

export function openData(src: DataSource): CachedSplit {
  if (src.kind === 'cache') return loadCropCache(src.size, 'train');
  const per = src.size * src.size * 3;
  const pixels = new Uint8Array(src.n * per);
  let s = src.seed >>> 0;
  for (let i = 0; i < pixels.length; i++) {
    // xorshift32: fast enough for a few MB of noise, and the same bytes in every process.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    pixels[i] = s & 255;
  }
  const labels = Uint8Array.from({ length: src.n }, (_, i) => i % 2);
  return { size: src.size, pixels, labels, videos: Array.from({ length: src.n }, (_, i) => `random-${i}`), found: Array(src.n).fill(true), version: 0 };
}
