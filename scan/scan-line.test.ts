import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/report/report';
import { makeFrame, makeResult } from '../src/report/test-fixtures';
import { reportSchemaErrors } from '../node/report-schema';
import { errorLine, lineFromReport, progressText, serializeLine, type LineContext } from './scan-line';

const ctx: LineContext = { app: { name: 'deepfake-detector', version: '0.1.0', commit: null }, backend: null, device: null, frames: 32, requestedBackend: 'wasm', threads: 1, userAgent: null };

function pageReport(result = makeResult({ frames: [makeFrame(0, 0.8), makeFrame(1, null)], models: { xception: 0.7 } })) {
  return buildReport({
    result,
    app: ctx.app,
    input: { name: 'clip.mp4', path: null, bytes: 10, sha256: 'a'.repeat(64) },
    backend: 'wasm',
    device: 'WebAssembly CPU',
    frames: 32,
    requestedBackend: 'wasm',
    models: [],
    faceDetector: { name: 'blazeface', files: [], provenanceError: null },
    userAgent: 'UA',
    generatedAt: new Date('2026-01-01T00:00:00Z'),
  });
}

describe('lineFromReport', () => {
  it("is the page's report with the path as given, valid against the schema", () => {
    const line = JSON.parse(serializeLine(lineFromReport('videos/clip.mp4', pageReport(), null)));
    expect(line.input).toEqual({ name: 'clip.mp4', path: 'videos/clip.mp4', bytes: 10, sha256: 'a'.repeat(64) });
    expect(line.result).toMatchObject({ score: 0.83, label: 'fake', error: null, models: { xception: 0.7 } });
    expect(reportSchemaErrors(line)).toEqual([]);
    const hashedInNode = lineFromReport('v.mp4', pageReport(), { bytes: 99, sha256: 'c'.repeat(64) });
    expect(hashedInNode.input).toEqual({ name: 'clip.mp4', path: 'v.mp4', bytes: 99, sha256: 'c'.repeat(64) });
  });
});

describe('errorLine', () => {
  it('has no score, says why, and has the same schema', () => {
    const line = JSON.parse(serializeLine(errorLine('dir/x.mp4', 'Timed out after 5 s.', ctx, 5012.4, { bytes: 3, sha256: 'b'.repeat(64) })));
    expect(line.result).toMatchObject({ file: 'x.mp4', score: null, label: null, error: 'Timed out after 5 s.', frames: [], models: {}, backend: 'none' });
    expect(line.result.timings.totalMs).toBe(5012);
    expect(line.input).toEqual({ name: 'x.mp4', path: 'dir/x.mp4', bytes: 3, sha256: 'b'.repeat(64) });
    expect(line.warnings).toEqual([]);
    expect(reportSchemaErrors(line)).toEqual([]);
    expect(reportSchemaErrors(JSON.parse(serializeLine(errorLine('missing', 'no such file or directory', ctx, 0, null))))).toEqual([]);
  });
});

describe('serializeLine', () => {
  it('never writes NaN as a score', () => {
    const line = JSON.parse(serializeLine(lineFromReport('a', pageReport(makeResult({ score: Number.NaN })), null)));
    expect(line.result.score).toBeNull();
    expect(line.result.label).toBeNull();
    expect(line.result.error).toMatch(/invalid score/);
  });
});

describe('progressText', () => {
  it('is one short line', () => {
    expect(progressText(0, 2, lineFromReport('a.mp4', pageReport(makeResult()), null))).toBe('[1/2] a.mp4: fake, 83% fake (0.0 s)');
    expect(progressText(1, 2, errorLine('b', 'bad', ctx, 1500, null))).toBe('[2/2] b: error: bad (1.5 s)');
    const tracks = [1, 2].map((id) => ({ id, frames: [0, 1], score: 0.5, interval: [0.4, 0.6] as [number, number], models: {}, peakFrame: 0, faceSize: 90 }));
    const withBasis = makeResult({
      score: 0.39,
      label: 'uncertain',
      frames: [makeFrame(0, 0.39), makeFrame(1, 0.39)],
      tracks,
      basis: { rule: 'r', track: 2, interval: [0.331, 0.452], agreement: { spread: 0.23, agree: false } },
    });
    expect(progressText(0, 1, lineFromReport('c.mp4', pageReport(withBasis), null))).toBe('[1/1] c.mp4: uncertain, 39% fake (95% interval 33-45%, person 2 of 2, models disagree) (0.0 s)');
  });
});
