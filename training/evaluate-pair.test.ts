// evaluate-pair's command line: the shipped folders by default, a named checkpoint, or (a bare
// --checkpoint, as before the strict parser) the default run's best one.
import { describe, expect, it } from 'vitest';
import { evaluateFlags, median, pageFaceScore, pairKey, pairWins, screenVideoScores, spearman, type ScreenFace } from './evaluate-pair';
import type { VideoDoneLine, VideoFeatureLine } from './feature-data';
import { bestJointPath } from './joint-checkpoint';

describe('evaluateFlags', () => {
  it('reads the checkpoint and --write', () => {
    const none = { videoCache: null, platt: 'fit', pageReport: null, valCache: null };
    expect(evaluateFlags([])).toEqual({ checkpoint: null, write: false, ...none });
    expect(evaluateFlags(['--checkpoint', '/tmp/a.ckpt', '--write'])).toEqual({ checkpoint: '/tmp/a.ckpt', write: true, ...none });
  });

  it('takes a bare --checkpoint as the default run\'s best', () => {
    const none = { videoCache: null, platt: 'fit', pageReport: null, valCache: null };
    expect(evaluateFlags(['--checkpoint'])).toEqual({ checkpoint: bestJointPath(), write: false, ...none });
    expect(evaluateFlags(['--checkpoint', '--write'])).toEqual({ checkpoint: bestJointPath(), write: true, ...none });
  });

  it('reads --valCache (another cache\'s view of the validation crops) and keeps it off the screen', () => {
    expect(evaluateFlags(['--checkpoint', 'a.ckpt', '--valCache', '160-wj'])).toMatchObject({ checkpoint: 'a.ckpt', valCache: '160-wj', videoCache: null });
    expect(() => evaluateFlags(['--checkpoint', 'a.ckpt', '--valCache', '160-wj', '--videoCache', 'v'])).toThrow(/--valCache/);
  });

  it('refuses a mistyped flag', () => {
    expect(() => evaluateFlags(['--checkpint', '/tmp/a.ckpt'])).toThrow(/Unknown option '--checkpint'/);
  });
});

describe('the screen\'s flags', () => {
  it('reads the video cache, Platt and the page report', () => {
    expect(evaluateFlags(['--checkpoint', 'a.ckpt', '--videoCache', 'dfl-screen-16'])).toMatchObject({ checkpoint: 'a.ckpt', videoCache: 'dfl-screen-16', platt: 'fit', pageReport: null });
    expect(evaluateFlags(['--checkpoint', 'a.ckpt', '--videoCache', 'v', '--platt', '0.97,0.05', '--pageReport', 'p.jsonl'])).toMatchObject({ platt: { a: 0.97, b: 0.05 }, pageReport: 'p.jsonl' });
    expect(evaluateFlags(['--checkpoint', 'a.ckpt', '--videoCache', 'v', '--platt', 'none']).platt).toBeNull();
  });
  it('refuses what does not fit', () => {
    expect(() => evaluateFlags(['--checkpoint', 'a.ckpt', '--videoCache', 'v', '--platt', '1'])).toThrow(/--platt/);
    expect(() => evaluateFlags(['--checkpoint', 'a.ckpt', '--videoCache', 'v', '--platt', '1,x'])).toThrow(/--platt/);
    expect(() => evaluateFlags(['--checkpoint', 'a.ckpt', '--videoCache', 'v', '--write'])).toThrow(/never writes/);
    expect(() => evaluateFlags(['--checkpoint', 'a.ckpt', '--platt', 'none'])).toThrow(/--videoCache/);
  });
});

describe('screenVideoScores (the page\'s aggregation)', () => {
  const box = (x: number) => ({ x, y: 10, width: 100, height: 100 });
  const det = (x: number) => ({ box: box(x), score: 0.9, landmarks: [{ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }] as VideoFeatureLine['det']['landmarks'] });
  const lines: VideoFeatureLine[] = [];
  const faces: ScreenFace[] = [];
  const add = (video: string, frame: number, face: number, x: number, score: number) => {
    lines.push({ video, split: 'eval', evalOnly: true, label: 0, person: '', frame, timeMs: frame * 1000, face, det: det(x) });
    faces.push({ xception: score, wsdan: score, descriptor: null });
  };
  const done = (video: string, frames: number): VideoDoneLine => ({ video, label: 0, person: '', frames, decoded: Array.from({ length: frames }, (_, i) => ({ index: i, timeMs: i * 1000, faces: 1 })), rows: 0, width: 640, height: 360, durationMs: frames * 1000 });
  // one: one person in 4 frames -> the mean of its scores.
  [0.1, 0.2, 0.3, 0.4].forEach((s, f) => add('one', f, 0, 10, s));
  // two: person 1 (left) in 4 frames at 0.2; person 2 (right, no overlap) in 2 frames at 0.9: too
  // few frames to decide, so the video is person 1's 0.2, not the most suspicious face's 0.9.
  [0, 1, 2, 3].forEach((f) => add('two', f, 0, 10, 0.2));
  [1, 2].forEach((f) => add('two', f, 1, 400, 0.9));
  // three: two people both in 3 frames: the more suspicious one decides.
  [0, 1, 2].forEach((f) => add('three', f, 0, 10, 0.3));
  [0, 1, 2].forEach((f) => add('three', f, 1, 400, 0.7));
  const scores = screenVideoScores([done('one', 4), done('two', 4), done('three', 3), done('none', 4)], lines, faces, null);

  it('scores a person by the mean of its faces', () => expect(scores.get('one')).toBeCloseTo(0.25, 6));
  it('decides on a person seen in at least 3 frames', () => expect(scores.get('two')).toBeCloseTo(0.2, 6));
  it('takes the most suspicious such person', () => expect(scores.get('three')).toBeCloseTo(0.7, 6));
  it('gives no score without a face', () => expect(scores.get('none')).toBeNull());
  it('applies the ensemble weights, then Platt', () => {
    expect(pageFaceScore(1, 0, null)).toBeCloseTo(0.2 / 0.9, 9);
    expect(pageFaceScore(0.5, 0.5, { a: 1, b: Math.log(3) })).toBeCloseTo(0.75, 9);
    const calibrated = screenVideoScores([done('one', 4)], lines, faces, { a: 2, b: 0 }).get('one')!;
    expect(calibrated).toBeCloseTo([0.1, 0.2, 0.3, 0.4].map((p) => pageFaceScore(p, p, { a: 2, b: 0 })).reduce((a, b) => a + b) / 4, 6);
  });
});

describe('pairWins', () => {
  it('pairs a swapped half with its original by name', () => {
    expect(pairKey('dfl-fake-Ava_de_Addario_0.mp4')).toBe(pairKey('dfl-real-Ava_de_Addario_0.mp4'));
    expect(pairKey('dfl-fake-Ava_de_Addario_0.mp4')).not.toBe(pairKey('dfl-real-Ava_de_Addario_1.mp4'));
  });
  it('counts complete pairs and those where the swap scores higher', () => {
    const rows = [
      { name: 'dfl-real-A_0.mp4', truth: 0 as const, score: 0.3 },
      { name: 'dfl-fake-A_0.mp4', truth: 1 as const, score: 0.5 },
      { name: 'dfl-real-A_1.mp4', truth: 0 as const, score: 0.6 },
      { name: 'dfl-fake-A_1.mp4', truth: 1 as const, score: 0.4 },
      { name: 'dfl-real-B_0.mp4', truth: 0 as const, score: null },
      { name: 'dfl-fake-B_0.mp4', truth: 1 as const, score: 0.9 },
      { name: 'dfl-fake-C_0.mp4', truth: 1 as const, score: 0.9 },
    ];
    expect(pairWins(rows)).toEqual({ complete: 2, fakeAbove: 1 });
  });
});

describe('median and spearman', () => {
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('spearman ranks, with ties at their mean rank', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3, 4], [1, 100, 2, 3])).toBeCloseTo(0.4, 12);
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(0.8660254, 6);
  });
});
