import { describe, expect, it } from 'vitest';
import {
  displayFileName,
  faceCountText,
  formatBytes,
  formatEta,
  formatPercent,
  formatTime,
  announcement,
  partialNote,
  progressDetail,
  stepStatuses,
  verdictText,
  basisText,
  formatInterval,
} from './format';
import { makeFrame, makeResult } from './test-fixtures';

describe('displayFileName', () => {
  it('writes out every bidirectional control character and leaves other names alone', () => {
    expect(displayFileName('clip\u202Egpj.mp4')).toBe('clip[U+202E]gpj.mp4');
    expect(displayFileName('a\u2066b\u2069\u200F\u061C.mov')).toBe('a[U+2066]b[U+2069][U+200F][U+061C].mov');
    expect(displayFileName('مقابلة.mp4')).toBe('مقابلة.mp4');
    expect(displayFileName('interview (1).mp4')).toBe('interview (1).mp4');
  });
  it('in the announcements too', () => {
    expect(announcement({ fileName: 'x\u202Egpj.mp4', status: 'analyzing', stage: null, total: 8, result: null })).toBe('Analysing x[U+202E]gpj.mp4: opening the file.');
  });
});

describe('formatPercent', () => {
  it('rounds to whole percent and marks the extremes', () => {
    expect(formatPercent(0.834)).toBe('83%');
    expect(formatPercent(0.005)).toBe('<1%');
    expect(formatPercent(0.995)).toBe('>99%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(Number.NaN)).toBe('–');
  });
});

describe('formatTime', () => {
  it('writes m:ss and h:mm:ss', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(65_400)).toBe('1:05');
    expect(formatTime(3_723_000)).toBe('1:02:03');
    expect(formatTime(3_250, true)).toBe('0:03.2');
  });
});

describe('formatEta', () => {
  it('says seconds, then minutes', () => {
    expect(formatEta(null)).toBe('estimating time left…');
    expect(formatEta(800)).toBe('almost done');
    expect(formatEta(12_100)).toBe('about 13 s left');
    expect(formatEta(150_000)).toBe('about 3 min left');
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
    expect(formatBytes(3_200_000_000)).toBe('3.2 GB');
    expect(formatBytes(45_000)).toBe('45 KB');
  });
});

describe('stepStatuses', () => {
  it('follows the file, not the frame: every per-frame stage is the frames step', () => {
    expect(stepStatuses(null)).toEqual({ open: 'active', frames: 'pending', verdict: 'pending' });
    for (const stage of ['decode', 'detect', 'score'] as const) expect(stepStatuses(stage)).toEqual({ open: 'done', frames: 'active', verdict: 'pending' });
    expect(stepStatuses('done')).toEqual({ open: 'done', frames: 'done', verdict: 'active' });
  });
  it('says which frame and what is done to it', () => {
    expect(progressDetail(null, 0, 0)).toBe('Opening the file…');
    expect(progressDetail('detect', 2, 8)).toBe('2 of 8 frames done · frame 3: finding faces');
    expect(progressDetail('decode', 8, 8)).toBe('8 of 8 frames analysed; combining them into a verdict…');
  });
});

describe('verdictText', () => {
  it('labels fake, real and uncertain in plain words', () => {
    expect(verdictText(makeResult())).toMatchObject({ kind: 'fake', title: 'Likely manipulated', score: '83%' });
    expect(verdictText(makeResult({ label: 'real', score: 0.1 }))).toMatchObject({
      kind: 'real',
      title: 'No manipulation detected',
      score: '10%',
    });
    const u = verdictText(makeResult({ label: 'uncertain', score: 0.5, reason: 'Faces are too small.' }));
    expect(u).toEqual({ kind: 'uncertain', title: "Can't tell", score: '50%', detail: 'Faces are too small.' });
  });
  it('shows the error sentence and no score on failure', () => {
    const e = verdictText(makeResult({ score: null, label: null, error: 'This file is empty. Try another file.' }));
    expect(e).toEqual({
      kind: 'error',
      title: 'Could not analyse this file',
      score: null,
      detail: 'This file is empty. Try another file.',
    });
  });
});

describe('faceCountText', () => {
  it('counts frames with a score', () => {
    const frame = { index: 0, timeMs: 0, box: null, faces: [], models: {} };
    const r = makeResult({
      frames: [
        { ...frame, score: 0.2 },
        { ...frame, index: 1, score: null },
      ],
    });
    expect(faceCountText(r)).toBe('1 of 2 sampled frames had a face');
  });
});

describe('formatInterval', () => {
  it('writes both ends, or one when they round alike', () => {
    expect(formatInterval([0.331, 0.452])).toBe('33–45%');
    expect(formatInterval([0.3, 0.3])).toBe('30%');
  });
});

describe('basisText', () => {
  const basis = { rule: 'The rule.', track: 2, interval: [0.33, 0.45] as [number, number], agreement: { spread: 0.23, agree: false } };
  const tracks = [1, 2].map((id) => ({ id, frames: [0, 1, 2], score: 0.4, interval: [0.3, 0.5] as [number, number], models: {}, peakFrame: 0, faceSize: 90 }));
  const frames = [0, 1, 2, 3].map((i) => makeFrame(i, 0.4));

  it('gives the interval, the person and the rule (the disagreement is in the reason, once)', () => {
    const r = makeResult({ basis, tracks, frames, models: { xception: 0.34, 'wsdan-xception': 0.57 } });
    expect(basisText(r)).toEqual({
      interval: '95% interval 33–45%',
      person: 'From person 2 of 2 (seen in 3 of 4 frames), the most suspicious with enough frames.',
      rule: 'The rule.',
    });
  });

  it('says nothing of a person when only one was seen, nor of an interval for one image', () => {
    const r = makeResult({ basis: { ...basis, track: 1, agreement: { spread: 0.05, agree: true } }, tracks: tracks.slice(0, 1), frames: frames.slice(0, 1) });
    expect(basisText(r)).toMatchObject({ interval: null, person: null });
  });

  it('is empty without a basis or on an error', () => {
    expect(basisText(makeResult())).toEqual({ interval: null, person: null, rule: null });
    expect(basisText(makeResult({ basis, error: 'bad', score: null, label: null }))).toEqual({ interval: null, person: null, rule: null });
  });
});

describe('announcement', () => {
  const job = { fileName: 'a.mp4', status: 'analyzing' as const, stage: null, total: 0, result: null };
  it('changes with the step, not with each frame', () => {
    const said = new Set<string>();
    said.add(announcement(job));
    for (let done = 0; done < 8; done++) for (const stage of ['decode', 'detect', 'score'] as const) said.add(announcement({ ...job, stage, total: 8 }));
    said.add(announcement({ ...job, stage: 'done', total: 8 }));
    expect([...said]).toEqual(['Analysing a.mp4: opening the file.', 'Analysing 8 frames of a.mp4.', 'All frames analysed; combining them into a verdict.']);
  });
  it('says the outcome: the verdict, an error, or a cancel', () => {
    expect(announcement({ ...job, status: 'done', result: makeResult({ score: 0.9, label: 'fake' }) })).toMatch(/^Result for a.mp4: Likely manipulated, 90% estimated chance/);
    expect(announcement({ ...job, status: 'done', result: makeResult({ error: 'Not a video.', score: null, label: null }) })).toBe('Could not analyse this file: Not a video.');
    expect(announcement({ ...job, status: 'cancelled' })).toMatch(/cancelled/);
    expect(announcement(null)).toBe('');
  });
});

describe('partialNote', () => {
  it('marks only a cancelled job, with how far it got', () => {
    expect(partialNote('cancelled', 1, 4)).toBe('Cancelled after 1 of 4 frames: no verdict was reached, and these frames are not the whole video.');
    expect(partialNote('cancelled', 1, 0)).toMatch(/^Cancelled after 1 frame:/);
    expect(partialNote('done', 4, 4)).toBeNull();
    expect(partialNote('analyzing', 1, 4)).toBeNull();
  });
});
