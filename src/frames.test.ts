import { describe, expect, it } from 'vitest';
import { APP_CONFIG } from './config';
import { DEFAULT_FRAMES, FRAMES_RULE, MAX_FRAMES, isFrameCount, parseFrames } from './frames';

describe('frames', () => {
  it('has one default and one limit, the default inside it', () => {
    expect(DEFAULT_FRAMES).toBe(APP_CONFIG.frames);
    expect(isFrameCount(DEFAULT_FRAMES)).toBe(true);
    expect(FRAMES_RULE).toBe(`a whole number from 1 to ${MAX_FRAMES}`);
  });

  it('parses whole numbers in range and nothing else', () => {
    expect(parseFrames('1')).toBe(1);
    expect(parseFrames(String(MAX_FRAMES))).toBe(MAX_FRAMES);
    for (const bad of ['0', String(MAX_FRAMES + 1), '2.5', '-3', '', ' 8', '8 ', '1e2', 'eight']) expect(parseFrames(bad)).toBeNull();
  });
});
