import { describe, expect, it } from 'vitest';
import { agreementSentence, codecName, frameScoreText, intervalSentence, modelPlainName } from './plain-words';
import { makeFrame, makeResult } from './test-fixtures';

const basis = (interval: [number, number] | null, spread: number, agree: boolean) => ({ rule: 'r', track: 1, interval, agreement: { spread, agree } });

describe('plain words', () => {
  it('names the shipped models by letter and by what they look at', () => {
    expect(modelPlainName('xception', 0)).toBe('Model A: Xception, looks at the whole face');
    expect(modelPlainName('wsdan-xception', 1)).toMatch(/^Model B: WS-DAN .*parts of the face/);
    expect(modelPlainName('mystery', 2)).toBe('Model C: mystery');
    expect(modelPlainName('renamed', 0, 'xception')).toBe('Model A: Xception, looks at the whole face');
  });

  it('says a frame score is how suspicious the frame looks, not a share of the face', () => {
    expect(frameScoreText(0.52)).toBe('how suspicious this frame looks: 52%');
    expect(frameScoreText(null)).toBe('no usable face');
  });

  it('puts the interval in a sentence, and none for a single image or an error', () => {
    const frames = [makeFrame(0, 0.6), makeFrame(1, 0.7)];
    expect(intervalSentence(makeResult({ frames, basis: basis([0.61, 0.66], 0.05, true) }))).toContain('between 61% and 66%');
    expect(intervalSentence(makeResult({ frames: [frames[0]!], basis: basis([0.61, 0.66], 0.05, true) }))).toBeNull();
    expect(intervalSentence(makeResult({ frames, basis: null }))).toBeNull();
  });

  it('says that the models agree, with the spread in points (a disagreement is the reason sentence\'s)', () => {
    const models = { xception: 0.6, 'wsdan-xception': 0.64 };
    expect(agreementSentence(makeResult({ models, basis: basis([0.5, 0.7], 0.04, true) }))).toContain('agree: their scores for this person are within 4 percentage points');
    expect(agreementSentence(makeResult({ models, basis: basis([0.5, 0.7], 0.3, false) }))).toBeNull();
    expect(agreementSentence(makeResult({ models: { xception: 0.6 }, basis: basis([0.5, 0.7], 0, true) }))).toBeNull();
  });

  it('names codecs as people know them, keeping the exact string', () => {
    expect(codecName('avc1.64001f')).toBe('H.264 (avc1.64001f)');
    expect(codecName('avc')).toBe('H.264 (avc)');
    expect(codecName('vp09.00.10.08')).toBe('VP9 (vp09.00.10.08)');
    expect(codecName('AV1')).toBe('AV1');
    expect(codecName('mpeg4')).toBe('MPEG-4 Part 2 (mpeg4)');
    expect(codecName('h263')).toBe('H.263 (h263)');
    expect(codecName('mjpeg')).toBe('Motion JPEG (mjpeg)');
    expect(codecName('mpeg2video')).toBe('MPEG-2 (mpeg2video)');
    expect(codecName('theora')).toBe('theora');
  });
});
