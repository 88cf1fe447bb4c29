// The page's reason and rule say what the worker said: for every case of the video rule the English
// written from the result's numbers is aggregate's sentence word for word, and the other languages
// are then shown; a reason from elsewhere is kept as it is.
import { afterEach, describe, expect, it } from 'vitest';
import { APP_CONFIG } from '../config';
import { i18n } from '../i18n/i18n';
import { aggregate } from '../pipeline/aggregate';
import type { AnalysisResult, FaceResult, FrameResult, VideoInfo } from '../types';
import { makeResult } from './test-fixtures';
import { reasonText, verdictReason, verdictReasonText, verdictRuleText } from './verdict-reason';

const landmarks: FaceResult['landmarks'] = [{ x: 5, y: 5 }, { x: 15, y: 5 }, { x: 10, y: 10 }, { x: 10, y: 15 }];

function face(track: number, pFake: number | null, models: Record<string, number>, width = 100): FaceResult {
  return { box: { x: track * 200, y: 0, width, height: width }, score: 0.9, landmarks, pFake, models: pFake === null ? {} : models, track: pFake === null ? null : track, attention: null };
}

function frame(index: number, faces: FaceResult[], gapMs: number): FrameResult {
  const top = faces.filter((f) => f.pFake !== null).sort((a, b) => b.pFake! - a.pFake!)[0];
  return { index, timeMs: index * gapMs, score: top?.pFake ?? null, box: top?.box ?? null, faces, models: top?.models ?? {} };
}

/** Frames with one face per person per frame at these scores (null: no face; 'small': too small). */
function frames(people: (number | null | 'small')[][], disagree = false): FrameResult[] {
  return people.map((scores, i) =>
    frame(
      i,
      scores.flatMap((s, p) => (s === null ? [] : s === 'small' ? [face(p + 1, null, {}, 20)] : [face(p + 1, s, disagree ? { a: Math.min(1, s + 0.2), b: Math.max(0, s - 0.2) } : { a: s, b: s })])),
      1000,
    ),
  );
}

const video = (durationMs: number): VideoInfo => ({ width: 640, height: 360, durationMs, codec: 'avc1', container: 'mp4', rotation: 0, decoder: 'webcodecs' });

/** What the worker makes of these frames: aggregate's verdict in an AnalysisResult. */
function analysed(fs: FrameResult[], still = false): AnalysisResult {
  const v = aggregate(fs, APP_CONFIG, still);
  return makeResult({ score: v.score, label: v.label, reason: v.reason, frames: fs, models: v.models, tracks: v.tracks, basis: v.basis, video: video(still ? 0 : fs.length * 1000) });
}

const CASES: Record<string, AnalysisResult> = {
  noFace: analysed(frames([[null], [null], [null], [null]])),
  noFaceImage: analysed(frames([[null]]), true),
  tooSmall: analysed(frames([['small'], ['small'], [null]])),
  tooFewSampled: analysed(frames([[0.9], [0.8]])),
  notEnoughSeen: analysed(frames([[0.9], [null], [null], [null], [null], [0.8]])),
  fake: analysed(frames([[0.9], [0.92], [0.88], [0.91], [0.9], [0.93]])),
  real: analysed(frames([[0.05], [0.04], [0.06], [0.05], [0.05], [0.04]])),
  between: analysed(frames([[0.5], [0.45], [0.55], [0.5], [0.52], [0.48]])),
  notBelow: analysed(frames([[0.1], [0.6], [0.05], [0.55], [0.1], [0.2]])),
  notAbove: analysed(frames([[0.95], [0.4], [0.9], [0.45], [0.9], [0.8]])),
  twoPeople: analysed(frames([[0.1, 0.9], [0.1, 0.92], [0.12, 0.88], [0.1, 0.91], [0.1, 0.9]])),
  disagree: analysed(frames([[0.7], [0.72], [0.75], [0.7], [0.71], [0.73]], true)),
  image: analysed(frames([[0.9]]), true),
  imageTwoFaces: analysed(frames([[0.1, 0.9]]), true),
};

afterEach(() => i18n.changeLanguage('en'));

describe('verdict reason', () => {
  it('covers every case of the video rule', () => {
    const kinds = new Set(Object.values(CASES).map((r) => { const v = verdictReason(r); return v?.kind === 'scored' ? v.side : v?.kind; }));
    expect([...kinds].sort()).toEqual(['above', 'below', 'between', 'noFace', 'notAbove', 'notBelow', 'notEnoughSeen', 'tooFewSampled', 'tooSmall']);
    expect(CASES.disagree!.basis!.agreement!.agree).toBe(false);
  });

  it.each(Object.entries(CASES))('writes in English exactly what the worker wrote: %s', (_, r) => {
    const why = verdictReason(r);
    expect(why).not.toBeNull();
    expect(reasonText(why!, 'en')).toBe(r.reason);
    expect(verdictReasonText(r)).toBe(r.reason);
    if (r.basis !== null) expect(verdictRuleText(r)).toBe(r.basis.rule);
  });

  it.each(['es', 'fr'] as const)('says it in %s, with the same numbers', async (lng) => {
    await i18n.changeLanguage(lng);
    for (const r of Object.values(CASES)) {
      const text = verdictReasonText(r)!;
      expect(text).not.toBe(r.reason);
      // Every whole number of the English sentence is in the translation too.
      for (const n of r.reason!.match(/\d+/g) ?? []) expect(text).toContain(n);
    }
    expect(verdictRuleText(CASES.fake!)).not.toBe(CASES.fake!.basis!.rule);
  });

  it('keeps a reason and a rule it did not write (a result from elsewhere) as they are', async () => {
    await i18n.changeLanguage('fr');
    const r = { ...CASES.fake!, reason: 'Most frames look manipulated.', basis: { ...CASES.fake!.basis!, rule: 'Another rule.' } };
    expect(verdictReasonText(r)).toBe('Most frames look manipulated.');
    expect(verdictRuleText(r)).toBe('Another rule.');
    expect(verdictReasonText(makeResult({ error: 'Broken file.', score: null, label: null, reason: null }))).toBeNull();
  });
});
