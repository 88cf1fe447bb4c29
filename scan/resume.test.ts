import { describe, expect, it } from 'vitest';
import { makeResult } from '../src/report/test-fixtures';
import { buildReport } from '../src/report/report';
import { analysisKey, lineKey, matchResumed, readOldOutput, splitLines } from './resume';
import { errorLine, lineFromReport, serializeLine, type LineContext } from './scan-line';

const ctx: LineContext = { app: { name: 'deepfake-detector', version: '0.1.0', commit: 'c' }, backend: 'wasm', device: null, frames: 8, requestedBackend: null, threads: 2, userAgent: null };
const MODELS = [
  { name: 'xception', manifestSha256: 'aa' },
  { name: 'wsdan-xception', manifestSha256: 'bb' },
];

function report(path: string, sha256: string, o: { frames?: number; models?: { name: string; manifestSha256: string }[] } = {}) {
  const r = buildReport({
    result: makeResult({ label: 'fake', score: 0.9 }),
    app: ctx.app,
    input: { name: path, path: null, bytes: 1, sha256: null },
    backend: 'wasm',
    device: null,
    frames: o.frames ?? 8,
    requestedBackend: null,
    models: (o.models ?? MODELS).map((m) => ({ name: m.name, weight: 0.5, metrics: null, manifestSha256: m.manifestSha256, files: [] })) as never,
    faceDetector: { name: 'b', files: [], provenanceError: null },
    userAgent: null,
    generatedAt: new Date(0),
  });
  return lineFromReport(path, r, { bytes: 1, sha256 });
}

const key = analysisKey(errorLine('', '', ctx, 0, null).settings, MODELS);
const text = (...reports: ReturnType<typeof report>[]) => reports.map((r) => `${serializeLine(r)}\n`).join('');

describe('readOldOutput', () => {
  it('keeps whole lines byte for byte and drops a torn last line and junk', () => {
    const whole = text(report('a.mp4', '1'), report('b.mp4', '2'));
    const torn = `${whole}${serializeLine(report('c.mp4', '3')).slice(0, 40)}`;
    const r = readOldOutput(torn);
    expect(r.lines.map((l) => l.report.input.path)).toEqual(['a.mp4', 'b.mp4']);
    expect(r.lines.map((l) => `${l.text}\n`).join('')).toBe(whole);
    expect(r).toMatchObject({ dropped: 1, foreignLine: null });
    // Whole lines that are not reports: a file scan did not write.
    expect(readOldOutput(`${whole}not json\n{"a":1}\n\n`)).toMatchObject({ dropped: 2, foreignLine: 3 });
    expect(readOldOutput('')).toEqual({ lines: [], dropped: 0, foreignLine: null });
    // The bytes of a file read the same as its text (large files are read as bytes).
    expect(readOldOutput(new TextEncoder().encode(torn))).toEqual(r);
    expect(splitLines(new TextEncoder().encode('a\né\n\nb'))).toEqual('a\né\n\nb'.split('\n'));
  });
});

describe('lineKey and analysisKey', () => {
  it('match for a line made with the same settings and models, whatever the calibration echo says', () => {
    expect(lineKey(report('a.mp4', '1'))).toBe(key);
    expect(analysisKey(errorLine('', '', ctx, 0, null).settings, [...MODELS].reverse())).toBe(key);
  });

  it('match whatever WebAssembly threads made the line (they change the speed, not the scores)', () => {
    expect(analysisKey(errorLine('', '', { ...ctx, threads: 1 }, 0, null).settings, MODELS)).toBe(key);
    expect(analysisKey(errorLine('', '', { ...ctx, threads: null }, 0, null).settings, MODELS)).toBe(key);
  });

  it('differ for other frames or other models; an error line has none', () => {
    expect(lineKey(report('a.mp4', '1', { frames: 16 }))).not.toBe(key);
    expect(lineKey(report('a.mp4', '1', { models: [MODELS[0]!, { name: 'wsdan-xception', manifestSha256: 'cc' }] }))).not.toBe(key);
    expect(lineKey(errorLine('a.mp4', 'Timed out after 300 s.', ctx, 0, { bytes: 1, sha256: '1' }))).toBeNull();
  });
});

describe('matchResumed', () => {
  const old = readOldOutput(text(report('a.mp4', '1'), report('b.mp4', '2'), report('a.mp4', '1'), report('c.mp4', '3', { frames: 16 }))).lines;

  it('answers an input with an earlier line of the same path, bytes and key, each line once', () => {
    const m = matchResumed(
      [
        { path: 'a.mp4', sha256: '1' },
        { path: 'b.mp4', sha256: 'changed' },
        { path: 'a.mp4', sha256: '1' },
        { path: 'a.mp4', sha256: '1' },
        { path: 'c.mp4', sha256: '3' },
        null,
      ],
      old,
      key,
    );
    // b.mp4 changed on disk, the third a.mp4 has no third line, c.mp4 had other settings.
    expect([...m.keys()]).toEqual([0, 2]);
    expect(m.get(0)).not.toBe(m.get(2));
  });

  it('keeps nothing under another key', () => {
    expect(matchResumed([{ path: 'a.mp4', sha256: '1' }], old, 'other').size).toBe(0);
  });
});
