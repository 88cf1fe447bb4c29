import { describe, expect, it } from 'vitest';
import { makeFrame, makeResult } from '../src/ui/test-fixtures';
import { errorLine, lineFromResult, progressText, serializeLine } from './scan-line';

describe('lineFromResult', () => {
  it('keeps the issue-2 fields and the path as given', () => {
    const r = makeResult({ file: 'clip.mp4', frames: [makeFrame(0, 0.8), makeFrame(1, null)], models: { xception: 0.7 }, backend: 'webgpu' });
    const line = JSON.parse(serializeLine(lineFromResult('videos/clip.mp4', r)));
    expect(Object.keys(line).sort()).toEqual(['backend', 'error', 'file', 'frames', 'label', 'models', 'reason', 'score', 'timings']);
    expect(line).toMatchObject({ file: 'videos/clip.mp4', score: 0.83, label: 'fake', error: null, backend: 'webgpu', models: { xception: 0.7 } });
    expect(line.frames).toEqual([
      { index: 0, timeMs: 0, score: 0.8, box: { x: 10, y: 20, width: 100, height: 120 } },
      { index: 1, timeMs: 1000, score: null, box: null },
    ]);
    expect(line.timings).toEqual({ decodeMs: 1, detectMs: 2, inferMs: 3, totalMs: 6 });
  });
});

describe('errorLine', () => {
  it('has no score and says why', () => {
    const line = JSON.parse(serializeLine(errorLine('x.mp4', 'Timed out after 5 s.', 'wasm', 5012.4)));
    expect(line).toMatchObject({ file: 'x.mp4', score: null, label: null, error: 'Timed out after 5 s.', frames: [], models: {}, backend: 'wasm' });
    expect(line.timings.totalMs).toBe(5012);
  });
});

describe('serializeLine', () => {
  it('never writes NaN as a score', () => {
    const line = JSON.parse(serializeLine(lineFromResult('a', makeResult({ score: Number.NaN }))));
    expect(line.score).toBeNull();
    expect(line.label).toBeNull();
    expect(line.error).toMatch(/invalid score/);
  });
});

describe('progressText', () => {
  it('is one short line', () => {
    expect(progressText(0, 2, lineFromResult('a.mp4', makeResult()))).toBe('[1/2] a.mp4: fake, 83% fake (0.0 s)');
    expect(progressText(1, 2, errorLine('b', 'bad', null, 1500))).toBe('[2/2] b: error: bad (1.5 s)');
  });
});
