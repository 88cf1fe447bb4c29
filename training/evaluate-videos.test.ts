import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../src/types';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { makePlan } from './crop-cache';
import { DATA_CONFIG } from './data-config';
import { chooseMargins, halfInputs, labelFromName, lookNoise, marginOutcome, modelsOf, outcomes, parseArgs, readLabels, videoMetrics, wilsonUpper, type LabelledReport } from './evaluate-videos';

/** A report's frames: one person at these scores, one sampled frame a second. */
function frames(scores: number[]): FrameResult[] {
  return scores.map((s, i) => ({
    index: i,
    timeMs: i * 1000,
    score: s,
    box: { x: 0, y: 0, width: 200, height: 200 },
    models: { a: s },
    faces: [{ box: { x: 0, y: 0, width: 200, height: 200 }, score: 0.9, landmarks: [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }, { x: 1, y: 1 }], pFake: s, models: { a: s }, track: 1, attention: null }],
  }));
}

describe('evaluate:videos', () => {
  it('takes videos and flags in any order, and refuses a mistyped flag', () => {
    expect(parseArgs(['a.mp4', '--labels', 'l.csv', 'dir', '--table'])).toMatchObject({ inputs: ['a.mp4', 'dir'], labels: 'l.csv', table: true, margins: false, from: null });
    expect(() => parseArgs(['a.mp4', '--lables', 'l.csv'])).toThrow(/Unknown option '--lables'/);
    expect(() => parseArgs(['--dfdcHalfB', '1'])).toThrow(/2 or more/);
    expect(() => parseArgs(['--table'])).toThrow(/give the videos/);
  });

  it('reads labels from names and from a CSV, and refuses to guess', () => {
    expect(labelFromName('ffpp-real-004.mp4')).toBe(0);
    expect(labelFromName('dir/dfdc-fake-abc.mp4')).toBe(1);
    expect(labelFromName('surreal-clip.mp4')).toBeNull();
    expect(labelFromName('real-vs-fake.mp4')).toBeNull();
    expect(readLabels('a.mp4,REAL,x\nb.mp4,FAKE,y\n')).toEqual(new Map([['a.mp4', 0], ['b.mp4', 1]]));
    expect(() => readLabels('a.mp4,MAYBE')).toThrow('labels line 1');
    const line = JSON.stringify({ input: { name: 'x.mp4' }, result: { score: 0.5, label: 'uncertain', error: null } });
    expect(() => outcomes(line, () => null)).toThrow('x.mp4: no label');
  });

  it('computes AUC, confident errors, coverage and separation', () => {
    const m = videoMetrics([
      { name: 'a', truth: 1, score: 0.9, label: 'fake', error: null },
      { name: 'b', truth: 1, score: 0.4, label: 'uncertain', error: null },
      { name: 'c', truth: 0, score: 0.5, label: 'fake', error: null },
      { name: 'd', truth: 0, score: null, label: null, error: 'bad file' },
    ]);
    expect(m).toMatchObject({ n: 4, scored: 3, confident: 2, confidentWrong: 1, coverage: 0.5, confidentErrorRate: 0.5 });
    expect(m.auc).toBeCloseTo(0.5, 10);
    expect(m.separation).toBeCloseTo(-0.1, 10);
  });

  it('chooses the lines that keep confident verdicts within the bound, with the most coverage', () => {
    const reports: LabelledReport[] = [
      ...[0.05, 0.1, 0.15, 0.3].map((s, i) => ({ name: `r${i}`, truth: 0 as const, frames: frames(Array(8).fill(s)) })),
      ...[0.95, 0.9, 0.6, 0.3].map((s, i) => ({ name: `f${i}`, truth: 1 as const, frames: frames(Array(8).fill(s)) })),
    ];
    // Lines at 40/60: the fake at 0.3 is called real (wrong).
    expect(marginOutcome(reports, 0.4, 0.6).wrong).toBeGreaterThan(0);
    const best = chooseMargins(reports)!;
    expect(best.wrong).toBe(0);
    expect(best.realBelow).toBeLessThan(0.3 + 0.13);
    expect(best.confident).toBeGreaterThanOrEqual(4);
    expect(chooseMargins(reports.map((r) => ({ ...r, truth: (1 - r.truth) as 0 | 1 })))).toBeNull();
  });

  it('gives a Wilson upper bound above the observed rate', () => {
    expect(wilsonUpper(0, 20)).toBeGreaterThan(0.1);
    expect(wilsonUpper(0, 20)).toBeLessThan(0.2);
    expect(wilsonUpper(5, 10)).toBeGreaterThan(0.5);
    expect(wilsonUpper(0, 0)).toBe(1);
  });

  it('measures how one look varies, by time apart', () => {
    const person = Array.from({ length: 40 }, (_, i) => ({ score: i % 2 ? 0.3 : 0.5, timeMs: i * 1000 }));
    const [, , , , any] = lookNoise([person]);
    expect(any!.sd).toBeGreaterThan(0.05);
    expect(lookNoise([person])[0]!.pairs).toBe(0); // no two looks under 0.5 s apart
  });
});

const hasData = existsSync(DATA_CONFIG.dataDir);
describe('evaluate:videos --dfdcHalfA/B', () => {
  it.skipIf(!hasData)('picks crops of one half only, half real and half fake, the same ones every time', () => {
    const plan = makePlan();
    const half = new Map([...plan.valHalf].map(([video, h]) => [video.replace(/\.mp4$/, '.jpg'), h] as const));
    const a = halfInputs('B', 40);
    expect(a.paths).toHaveLength(40);
    expect(a.paths.every((p) => half.get(basename(p)) === 'B')).toBe(true);
    expect([...a.labels.values()].filter((l) => l === 1)).toHaveLength(20);
    expect(halfInputs('B', 40).paths).toEqual(a.paths);
    expect(halfInputs('B', 40, 7).paths).not.toEqual(a.paths);
    expect(halfInputs('A', 40).paths.every((p) => half.get(basename(p)) === 'A')).toBe(true);
  });
  if (!hasData) it.skip(`half-B sample check skipped: ${DATA_CONFIG.dataDir} is absent`, () => {});
});

describe('evaluate:videos modelsOf', () => {
  const line = (sha: string, a: number) => JSON.stringify({ models: [{ name: 'xception', manifestSha256: sha }], settings: { calibration: { platt: { a, b: 0.03 } } } });
  it('names the models behind the lines, and refuses lines from different models', () => {
    expect(modelsOf([line('16fc7521825c97a3', 0.658), line('16fc7521825c97a3', 0.658)].join('\n'))).toBe('xception 16fc7521825c; Platt a 0.658, b 0.030');
    expect(() => modelsOf([line('16fc7521825c97a3', 0.658), line('99c16158242c0b6a', 0.658)].join('\n'))).toThrow(/different models/);
    expect(() => modelsOf([line('16fc7521825c97a3', 0.658), line('16fc7521825c97a3', 0.411)].join('\n'))).toThrow(/different models/);
  });
});
