import { describe, expect, it } from 'vitest';
import { APP_CONFIG } from '../config';
import type { InputQuality } from '../types';
import { barsText, formatBitrate, formatBitsPerPixel, issueSentence, qualityLine, qualityRows } from './quality-words';
import { CLEAN, makeResult } from './test-fixtures';


describe('quality words', () => {
  it('formats bitrates and bits per pixel', () => {
    expect(formatBitrate(2_156_000)).toBe('2.2 Mbit/s');
    expect(formatBitrate(301_000)).toBe('301 kbit/s');
    expect(formatBitsPerPixel(0.0347)).toBe('0.035');
    expect(formatBitsPerPixel(0.0048)).toBe('0.0048');
  });
  it('says what each issue means for the verdict, with its numbers and its line', () => {
    const q: InputQuality = { ...CLEAN, bitsPerPixel: 0.004, faceSize: 60, people: [{ track: 1, faceSize: 60, sharpness: 2 }], issues: ['compressed', 'blurry', 'small-faces'] };
    const result = makeResult({ quality: q });
    expect(issueSentence('compressed', q, result)).toMatch(/^This copy is heavily compressed \(0\.0040 bits per pixel, under [\d.]+\): the detector is less reliable on it/);
    expect(issueSentence('small-faces', q, result)).toContain(`about 60 px wide, under ${APP_CONFIG.quality.smallFacePixels} px`);
    expect(issueSentence('blurry', q, result)).toContain('The faces are blurred');
  });
  it('names the bars and the picture inside them', () => {
    const q: InputQuality = { ...CLEAN, bars: { top: 140, bottom: 140, left: 0, right: 0 } };
    expect(barsText(q.bars!)).toBe('letterboxed (black bars of 140 px above and 140 px below)');
    const rows = qualityRows(q);
    expect(rows.find((r) => r.key === 'resolution')!.value).toBe('1920 × 1080, 29.97 frames per second, the picture 1920 px × 800 px inside it');
    expect(rows.find((r) => r.key === 'black-bars')!.value).toMatch(/^letterboxed/);
    expect(qualityRows(CLEAN).find((r) => r.key === 'black-bars')!.value).toBe('none');
  });
  it('shows each person only when there are several, and leaves out what was not measured', () => {
    const two: InputQuality = { ...CLEAN, people: [{ track: 1, faceSize: 180, sharpness: 40 }, { track: 2, faceSize: 60, sharpness: null }] };
    expect(qualityRows(two).find((r) => r.key === 'face-size')!.value).toContain('Person 1 180 px, Person 2 60 px');
    const still: InputQuality = { ...CLEAN, fps: null, bitrate: null, bitrateFrom: null, bitsPerPixel: null, blockiness: null };
    expect(qualityRows(still).map((r) => r.key)).toEqual(['resolution', 'face-size', 'face-sharpness', 'black-bars']);
  });
  it('says when the bitrate is the whole file', () => {
    expect(qualityRows({ ...CLEAN, bitrateFrom: 'file' }).find((r) => r.key === 'bitrate')!.value).toContain('the whole file');
  });
  it('sums the reading in one line for deepfake-scan', () => {
    expect(qualityLine({ ...CLEAN, issues: ['compressed'] })).toBe('1920x1080, 0.035 bits/pixel, blockiness 1.20, faces about 180 px, sharpness 40, poor: compressed');
  });
});
