import { describe, expect, it } from 'vitest';
import {
  faceCountText,
  formatBytes,
  formatEta,
  formatPercent,
  formatTime,
  stageStatuses,
  verdictText,
} from './format';
import { makeResult } from './test-fixtures';

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

describe('stageStatuses', () => {
  it('marks earlier stages done and later ones pending', () => {
    expect(stageStatuses('detect')).toEqual({ decode: 'done', detect: 'active', score: 'pending' });
    expect(stageStatuses(null)).toEqual({ decode: 'pending', detect: 'pending', score: 'pending' });
    expect(stageStatuses('done')).toEqual({ decode: 'done', detect: 'done', score: 'done' });
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
