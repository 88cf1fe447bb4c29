import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parseMetadata, splitByGroup, balancedSubset, readMetadata, type Row } from './data';
import { DATA_CONFIG } from './data-config';

const CSV = [
  'videoname,original_width,original_height,label,original,group',
  ...Array.from({ length: 40 }, (_, g) => [
    `r${g}.mp4,100,100,REAL,,r${g}.mp4`,
    `f${g}a.mp4,100,100,FAKE,r${g}.mp4,r${g}.mp4`,
    `f${g}b.mp4,100,100,FAKE,r${g}.mp4,r${g}.mp4`,
  ]).flat(),
].join('\n');

function noGroupOnBothSides(train: readonly Row[], val: readonly Row[]): void {
  const trainGroups = new Set(train.map((r) => r.group));
  expect(val.filter((r) => trainGroups.has(r.group))).toEqual([]);
}

describe('data split', () => {
  it('parses labels and groups, and rejects an unknown label', () => {
    const rows = parseMetadata(CSV);
    expect(rows).toHaveLength(120);
    expect(rows[1]).toMatchObject({ video: 'f0a.mp4', label: 1, group: 'r0.mp4' });
    expect(() => parseMetadata('videoname,original_width,original_height,label,original,group\na.mp4,1,1,MAYBE,,a.mp4')).toThrow(/MAYBE/);
  });

  it('keeps every group on one side, is seeded, and holds out about valFraction of the groups', () => {
    const rows = parseMetadata(CSV);
    const a = splitByGroup(rows, 0.25, 7);
    noGroupOnBothSides(a.train, a.val);
    expect(a.valGroups).toHaveLength(10);
    expect(a.train.length + a.val.length).toBe(120);
    expect(splitByGroup(rows, 0.25, 7).valGroups).toEqual(a.valGroups);
    expect(splitByGroup(rows, 0.25, 8).valGroups).not.toEqual(a.valGroups);
  });

  it('balanced subsets hold as many reals as fakes', () => {
    const sub = balancedSubset(parseMetadata(CSV), 15, 3);
    expect(sub.filter((r) => r.label === 0)).toHaveLength(15);
    expect(sub.filter((r) => r.label === 1)).toHaveLength(15);
  });

  const hasData = existsSync(`${DATA_CONFIG.dataDir}/metadata.csv`);
  it.skipIf(!hasData)('the real split (../shared/data) has no group on both sides and matches training/split.json', () => {
    const rows = readMetadata(DATA_CONFIG.dataDir);
    const split = splitByGroup(rows, DATA_CONFIG.valFraction, DATA_CONFIG.seed);
    noGroupOnBothSides(split.train, split.val);
    if (existsSync(DATA_CONFIG.splitFile)) {
      const recorded = JSON.parse(readFileSync(DATA_CONFIG.splitFile, 'utf8')) as { valGroups: string[] };
      expect(recorded.valGroups).toEqual(split.valGroups);
    }
  });
  if (!hasData) it.skip(`real-data split check skipped: ${DATA_CONFIG.dataDir} is absent`, () => {});
});
