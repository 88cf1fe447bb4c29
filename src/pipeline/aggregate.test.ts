import { describe, expect, it } from 'vitest';
import { APP_CONFIG } from '../config';
import type { FaceResult, FrameResult } from '../types';
import { createRng } from './rng';
import { aggregate, bootstrapMaxMean, buildTracks, modelAgreement, timeBlocks, type Look } from './aggregate';

const landmarks: FaceResult['landmarks'] = [{ x: 5, y: 5 }, { x: 15, y: 5 }, { x: 10, y: 10 }, { x: 10, y: 15 }];

/** A scored face of person `track` (pFake null = detected but not scored). */
function face(track: number | null, pFake: number | null, models: Record<string, number> = {}, width = 100): FaceResult {
  return { box: { x: track ?? 0, y: 0, width, height: width }, score: 0.9, landmarks, pFake, models: pFake === null ? {} : models, track: pFake === null ? null : track, attention: null };
}

/** A frame whose summary fields follow the pipeline's rule (its most suspicious scored face). */
function frame(index: number, faces: FaceResult[]): FrameResult {
  const top = faces.filter((f) => f.pFake !== null).sort((a, b) => b.pFake! - a.pFake!)[0];
  return { index, timeMs: index * 100, score: top?.pFake ?? null, box: top?.box ?? null, faces, models: top?.models ?? {} };
}

/** One person per frame at these scores (null = no face). */
const solo = (scores: (number | null)[], models?: (s: number) => Record<string, number>) =>
  scores.map((s, i) => frame(i, s === null ? [] : [face(1, s, models ? models(s) : { a: s, b: s })]));

describe('bootstrapMaxMean', () => {
  const cfg = APP_CONFIG.bootstrap;
  /** Scores seen `gapMs` apart. */
  const looks = (scores: number[], gapMs = 1000): Look[] => scores.map((score, i) => ({ score, timeMs: i * gapMs }));
  const width = (g: Look[][]) => {
    const [lo, hi] = bootstrapMaxMean(g, cfg);
    return hi - lo;
  };

  it('is deterministic for a seed and changes with it', () => {
    const g = [looks([0.1, 0.5, 0.3, 0.9, 0.2])];
    expect(bootstrapMaxMean(g, cfg)).toEqual(bootstrapMaxMean(g, cfg));
    expect(bootstrapMaxMean(g, { ...cfg, seed: cfg.seed + 1 })).not.toEqual(bootstrapMaxMean(g, cfg));
  });

  it('brackets the mean with the width its standard error gives', () => {
    const scores = Array.from({ length: 30 }, (_, i) => (i % 10) / 10);
    const [lo, hi] = bootstrapMaxMean([looks(scores)], cfg);
    const m = scores.reduce((s, v) => s + v, 0) / scores.length;
    expect(lo).toBeLessThan(m);
    expect(hi).toBeGreaterThan(m);
    // 30 independent looks, sd 0.29 (above lookSd, so no floor): standard error 0.053, +-0.10.
    expect(hi - lo).toBeGreaterThan(0.15);
    expect(hi - lo).toBeLessThan(0.25);
  });

  it('gives a repeated still image an interval of about +-2 lookSd, not a point (issue 22)', () => {
    // 32 identical frames over 2 s: two looks at one picture.
    const still = looks(Array.from({ length: 32 }, () => 0.01), 62.5);
    const [lo, hi] = bootstrapMaxMean([still], cfg);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(0.01 + (1.96 * cfg.lookSd) / Math.sqrt(2) - 0.03);
    // The same constant seen once a second for 30 s: 30 looks, a narrow interval.
    expect(width([looks(Array.from({ length: 30 }, () => 0.5))])).toBeLessThan((2 * 1.96 * cfg.lookSd) / Math.sqrt(30) + 0.02);
  });

  it('counts neighbouring frames as one look: the same scores packed into fewer seconds widen', () => {
    const scores = Array.from({ length: 32 }, (_, i) => (i % 2 ? 0.2 : 0.6));
    expect(width([looks(scores, 100)])).toBeGreaterThan(width([looks(scores, 1000)]) * 1.5);
  });

  it('widens with fewer faces', () => {
    const many = Array.from({ length: 32 }, (_, i) => (i % 2 ? 0.2 : 0.6));
    expect(width([looks(many.slice(0, 4))])).toBeGreaterThan(width([looks(many)]));
  });

  it('of a maximum: a clearly higher group decides', () => {
    const [lo] = bootstrapMaxMean([looks([0.1, 0.12, 0.08, 0.1, 0.11, 0.09]), looks([0.8, 0.82, 0.78, 0.8, 0.81, 0.79])], cfg);
    expect(lo).toBeGreaterThan(0.65);
  });

  it('cuts a person into blocks of blockMs from each block\'s first face', () => {
    const b = timeBlocks(looks([1, 2, 3, 4, 5], 400), 1000);
    expect(b).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('the seeded generator is uniform enough and in [0,1)', () => {
    const r = createRng(1);
    const xs = Array.from({ length: 10_000 }, () => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, v) => s + v, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe('buildTracks', () => {
  it('groups faces by track with score, interval, models, peak frame and face size; most suspicious first', () => {
    const frames = [
      frame(0, [face(1, 0.2, { a: 0.1 }, 100), face(2, 0.7, { a: 0.9 }, 60)]),
      frame(1, [face(1, 0.4, { a: 0.3 }, 120), face(2, 0.9, { a: 0.7 }, 60)]),
      frame(2, [face(1, 0.3, { a: 0.2 }, 140), face(null, null)]),
    ];
    const tracks = buildTracks(frames, APP_CONFIG);
    expect(tracks.map((t) => t.id)).toEqual([2, 1]);
    expect(tracks[0]).toMatchObject({ frames: [0, 1], peakFrame: 1, faceSize: 60 });
    expect(tracks[0]!.score).toBeCloseTo(0.8, 10);
    expect(tracks[0]!.models.a).toBeCloseTo(0.8, 10);
    expect(tracks[1]).toMatchObject({ frames: [0, 1, 2], peakFrame: 1, faceSize: 120 });
    expect(tracks[1]!.interval[0]).toBeLessThanOrEqual(tracks[1]!.score);
    expect(tracks[1]!.interval[1]).toBeGreaterThanOrEqual(tracks[1]!.score);
  });
});

describe('modelAgreement', () => {
  it('is the spread of the models, agreeing within the limit', () => {
    expect(modelAgreement({ a: 0.34, b: 0.57 }, 0.2)).toEqual({ spread: expect.closeTo(0.23, 10), agree: false });
    expect(modelAgreement({ a: 0.34, b: 0.47 }, 0.2).agree).toBe(true);
    expect(modelAgreement({ a: 0.9 }, 0.2)).toEqual({ spread: 0, agree: true });
  });
});

describe('aggregate', () => {
  it('labels only when the whole interval clears the line', () => {
    expect(aggregate(solo([0.1, 0.1, 0.12, 0.08]), APP_CONFIG).label).toBe('real');
    expect(aggregate(solo([0.9, 0.85, 0.95]), APP_CONFIG).label).toBe('fake');
    // Issue 10: 39% on average, one point under the line, but its interval crosses it.
    const close = aggregate(solo([0.3, 0.48, 0.36, 0.42, 0.39]), APP_CONFIG);
    expect(close.score).toBeCloseTo(0.39, 10);
    expect(close.label).toBe('uncertain');
    expect(close.basis!.interval![1]).toBeGreaterThan(APP_CONFIG.realBelow);
    expect(close.reason).toContain('not entirely below the 40% line');
    // Same for fake: 65% on average with an interval reaching below 60%.
    const nearFake = aggregate(solo([0.5, 0.8, 0.55, 0.75]), APP_CONFIG);
    expect(nearFake.score).toBeCloseTo(0.65, 10);
    expect(nearFake.label).toBe('uncertain');
  });

  it('writes percentages as the page does: a near-zero score is "<1%", never "0%"', () => {
    const v = aggregate(solo([0.001, 0.002, 0.001, 0.003]), APP_CONFIG);
    expect(v.reason).toContain('<1%');
    expect(v.reason).not.toMatch(/(^|[^\d.])0%/);
  });

  it('is uncertain when the models disagree, and says so', () => {
    const v = aggregate(solo([0.1, 0.1, 0.1], () => ({ xception: 0.34, 'wsdan-xception': 0.57 })), APP_CONFIG);
    // Three frames 0.1 s apart are one look: the interval is the lookSd floor's, around 10%.
    expect(v.basis!.interval![0]).toBeLessThan(0.1);
    expect(v.basis!.interval![1]).toBeGreaterThan(0.1);
    expect(v.basis!.agreement).toEqual({ spread: expect.closeTo(0.23, 10), agree: false });
    expect(v.label).toBe('uncertain');
    expect(v.reason).toContain('The models disagree (xception 34%, wsdan-xception 57%)');
  });

  it('takes the most suspicious person with enough frames: one fake among real people is not averaged away', () => {
    const frames = Array.from({ length: 8 }, (_, i) => frame(i, [face(1, 0.05), face(2, 0.1), face(3, 0.92)]));
    const v = aggregate(frames, APP_CONFIG);
    expect(v.label).toBe('fake');
    expect(v.basis!.track).toBe(3);
    expect(v.score).toBeCloseTo(0.92, 10);
    expect(v.tracks.map((t) => t.id)).toEqual([3, 2, 1]);
    expect(v.reason).toContain('most suspicious of 3 people (person 3, in 8 of 8 sampled frames)');
  });

  it('ignores a person glimpsed in fewer frames than needed', () => {
    const frames = Array.from({ length: 8 }, (_, i) => frame(i, i < 2 ? [face(1, 0.05), face(2, 0.99)] : [face(1, 0.05)]));
    const v = aggregate(frames, APP_CONFIG);
    expect(v.basis!.track).toBe(1);
    expect(v.label).toBe('real');
    expect(v.tracks[0]?.id).toBe(2); // still listed, most suspicious first
  });

  it('is uncertain, with a score, when no person has enough frames', () => {
    const frames = [...solo([0.95, 0.95]), ...Array.from({ length: 30 }, (_, i) => frame(i + 2, []))];
    const v = aggregate(frames, { ...APP_CONFIG, minFramesWithFace: 3 });
    expect(v.label).toBe('uncertain');
    expect(v.score).toBeCloseTo(0.95, 10);
    expect(v.reason).toMatch(/^No person was seen in at least 3 of the 32 sampled frames \(the most: 2\)/);
  });

  it('does not judge a video from fewer sampled frames than a person needs', () => {
    const two = aggregate(solo([0.1, 0.12]), APP_CONFIG);
    expect(two.label).toBe('uncertain');
    expect(two.score).toBeCloseTo(0.11, 10);
    expect(two.reason).toBe('Only 2 frames were sampled; a person must be seen in at least 3 to judge a video, so sample more frames.');
    // One frame of a video is not a still image.
    expect(aggregate(solo([0.1]), APP_CONFIG, false).label).toBe('uncertain');
  });

  it('judges a still image from its single face', () => {
    const v = aggregate(solo([0.05]), APP_CONFIG);
    expect(v.label).toBe('real');
    expect(v.reason).toMatch(/^The face in the image scores 5%/);
    const two = aggregate([frame(0, [face(1, 0.05), face(2, 0.95)])], APP_CONFIG);
    expect(two.reason).toMatch(/^The most suspicious of 2 faces in the image scores 95%/);
    expect(two.label).toBe('fake');
  });

  it('gives no score and its own message when no frame has a face', () => {
    const v = aggregate(solo([null, null]), APP_CONFIG);
    expect(v).toEqual({ score: null, label: null, reason: 'No face was found in the 2 sampled frames, so there is nothing to judge.', models: {}, tracks: [], basis: null });
  });

  it('gives no score, no label and its own message when every face was too small', () => {
    const v = aggregate([frame(0, [face(null, null)]), frame(1, [])], APP_CONFIG);
    expect(v.score).toBeNull();
    expect(v.label).toBeNull();
    expect(v.reason).toContain(`narrower than ${APP_CONFIG.minFacePixels} pixels`);
  });

  it('gives identical numbers for identical scores (page and scan)', () => {
    const frames = Array.from({ length: 20 }, (_, i) => frame(i, [face(1, (i * 37) % 100 / 100), face(2, (i * 53) % 100 / 100)]));
    expect(JSON.stringify(aggregate(frames, APP_CONFIG))).toBe(JSON.stringify(aggregate(structuredClone(frames), APP_CONFIG)));
  });
});
