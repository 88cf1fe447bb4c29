// The DFDC face-crop dataset (../shared/data/dfdc-faces): metadata parsing, the group-wise
// train/validation split, and the balanced training subset. Pure functions over rows; the only
// file access is readMetadata/writeSplit at the edges.
//
// Why split by `group`: a real video and the fakes made from it share the face, the background and
// the lighting. If they fall on both sides, validation measures recognition of the person, not of the
// manipulation, and the numbers are inflated (data README).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRng, shuffled } from '../src/pipeline/rng';

export interface Row {
  /** Video file name, e.g. "hqqmtxvbjj.mp4"; the crop is faces_224/<stem>.jpg. */
  video: string;
  /** 1 = FAKE, 0 = REAL (P(fake) is the positive class everywhere). */
  label: 0 | 1;
  /** The real video this one belongs with (itself for a real). */
  group: string;
  /** Face size in the source video, pixels. */
  width: number;
  height: number;
}

export function parseMetadata(csv: string): Row[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',') ?? [];
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`metadata.csv: missing column "${name}" (header: ${header.join(',')})`);
    return i;
  };
  const [iVideo, iW, iH, iLabel, iGroup] = ['videoname', 'original_width', 'original_height', 'label', 'group'].map(col);
  return lines.slice(1).map((line, n) => {
    const f = line.split(',');
    const label = f[iLabel!];
    if (label !== 'REAL' && label !== 'FAKE') throw new Error(`metadata.csv line ${n + 2}: label "${label}" is not REAL or FAKE`);
    return {
      video: f[iVideo!]!,
      label: label === 'FAKE' ? 1 : 0,
      group: f[iGroup!] || f[iVideo!]!,
      width: Number(f[iW!]),
      height: Number(f[iH!]),
    };
  });
}

export function readMetadata(dataDir: string): Row[] {
  return parseMetadata(readFileSync(`${dataDir}/metadata.csv`, 'utf8'));
}

/** Path of a row's JPEG crop. */
export function cropPath(dataDir: string, row: Pick<Row, 'video'>): string {
  return `${dataDir}/faces_224/${row.video.replace(/\.mp4$/, '')}.jpg`;
}

export interface Split {
  seed: number;
  valFraction: number;
  /** Sorted names of the groups held out for validation. */
  valGroups: string[];
  train: Row[];
  val: Row[];
}

/** Seeded split by group: the sorted group names are shuffled and the first valFraction held out. */
export function splitByGroup(rows: readonly Row[], valFraction: number, seed: number): Split {
  const groups = [...new Set(rows.map((r) => r.group))].sort();
  const order = shuffled(groups, createRng(seed));
  const valGroups = new Set(order.slice(0, Math.round(groups.length * valFraction)));
  return {
    seed,
    valFraction,
    valGroups: [...valGroups].sort(),
    train: rows.filter((r) => !valGroups.has(r.group)),
    val: rows.filter((r) => valGroups.has(r.group)),
  };
}

/**
 * Balanced subset: up to perClass reals and perClass fakes, drawn at random (seeded). The full set
 * has about 1.8 fakes per real, so balancing by sampling keeps every batch near 50/50 and the loss
 * needs no class weights. perClass = Infinity keeps every real and as many fakes.
 */
export function balancedSubset(rows: readonly Row[], perClass: number, seed: number): Row[] {
  const rng = createRng(seed);
  const real = shuffled(rows.filter((r) => r.label === 0), rng);
  const fake = shuffled(rows.filter((r) => r.label === 1), rng);
  const n = Math.min(perClass, real.length, fake.length);
  return shuffled([...real.slice(0, n), ...fake.slice(0, n)], rng);
}

export interface SplitRecord {
  dataset: string;
  seed: number;
  valFraction: number;
  valGroups: string[];
  counts: { trainRows: number; valRows: number; trainReal: number; trainFake: number; valReal: number; valFake: number };
  /** Videos in the (balanced) training subset actually cached and used. */
  trainSubset: string[];
}

export function splitRecord(dataset: string, split: Split, trainSubset: readonly Row[]): SplitRecord {
  const count = (rows: readonly Row[], label: 0 | 1) => rows.filter((r) => r.label === label).length;
  return {
    dataset,
    seed: split.seed,
    valFraction: split.valFraction,
    valGroups: split.valGroups,
    counts: {
      trainRows: trainSubset.length,
      valRows: split.val.length,
      trainReal: count(trainSubset, 0),
      trainFake: count(trainSubset, 1),
      valReal: count(split.val, 0),
      valFake: count(split.val, 1),
    },
    trainSubset: trainSubset.map((r) => r.video),
  };
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 1));
}
