// The plan of training crops and the detections made for them (training/.cache, git-ignored):
// detect-crops.ts runs the app's face detector over every chosen crop and appends one line per image
// to faces.jsonl (resumable: finished lines are skipped on restart); feature-cache.ts aligns each
// image with the app's alignment (align-crops.ts) and caches the frozen trunk's activations.
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Face } from '../src/types';
import { DATA_CONFIG } from './data-config';
import { readMetadata, splitByGroup, balancedSubset, splitRecord, type Row, type SplitRecord } from './data';
import { createRng, shuffled } from '../src/pipeline/rng';
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

export const facesFile = (): string => join(DATA_CONFIG.cacheDir, 'faces.jsonl');

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
