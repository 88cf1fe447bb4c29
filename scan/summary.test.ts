import { describe, expect, it } from 'vitest';
import { makeResult } from '../src/report/test-fixtures';
import { EXIT, exitCodeFor } from './exit-codes';
import { errorLine, lineFromReport, type LineContext } from './scan-line';
import { matchesFailOn, summarize, summaryText } from './summary';
import { buildReport } from '../src/report/report';

const ctx: LineContext = { app: { name: 'deepfake-detector', version: '0.1.0', commit: 'c' }, backend: 'wasm', device: null, frames: 8, requestedBackend: null, threads: 2, userAgent: null };

function line(path: string, label: 'fake' | 'real' | 'uncertain' | null) {
  const report = buildReport({
    result: makeResult({ label, score: label === null ? null : 0.5 }),
    app: ctx.app,
    input: { name: path, path: null, bytes: 1, sha256: null },
    backend: 'wasm',
    device: null,
    frames: 8,
    requestedBackend: null,
    models: [],
    faceDetector: { name: 'b', files: [], provenanceError: null },
    userAgent: null,
    generatedAt: new Date(0),
  });
  return lineFromReport(path, report, null);
}

const base = { app: ctx.app, startedAt: new Date('2026-01-01T00:00:00Z'), timeMs: 12_345.6, skipped: ['README.txt'], detectorFailed: false, resumed: 0, shard: null };

describe('summarize', () => {
  const lines = [line('a.mp4', 'fake'), line('b.mp4', 'real'), line('c.mp4', 'uncertain'), line('d.mp4', null), errorLine('e.txt', 'not a video or image', ctx, 0, null)];

  it('counts labels, failures, skipped files and warnings', () => {
    const s = summarize(lines, { ...base, failOn: null });
    expect(s).toMatchObject({
      inputs: 5,
      analysed: 4,
      labels: { fake: 1, real: 1, uncertain: 1, none: 1 },
      failures: [{ path: 'e.txt', error: 'not a video or image' }],
      skipped: ['README.txt'],
      withWarnings: 4, // 8 frames
      timeMs: 12_346,
      flagged: [],
      exitCode: EXIT.unreadable,
    });
    expect(summaryText(s)).toContain('5 inputs in 12.3 s: 4 analysed (1 fake, 1 real, 1 uncertain, 1 without a face), 1 failed, 1 skipped');
    expect(summaryText(s)).toContain('failed: e.txt: not a video or image');
  });

  it('--fail-on fake matches fake only; uncertain matches both; either beats unreadable inputs', () => {
    expect(summarize(lines, { ...base, failOn: 'fake' })).toMatchObject({ flagged: ['a.mp4'], exitCode: EXIT.failOn });
    expect(summarize(lines, { ...base, failOn: 'uncertain' })).toMatchObject({ flagged: ['a.mp4', 'c.mp4'], exitCode: EXIT.failOn });
    expect(summarize([line('b.mp4', 'real')], { ...base, failOn: 'fake' })).toMatchObject({ flagged: [], exitCode: EXIT.ok });
    expect(matchesFailOn(null, 'uncertain')).toBe(false);
  });

  it('says how many lines were kept by --resume, and which shard this is', () => {
    const s = summarize(lines, { ...base, failOn: null, resumed: 3, shard: { index: 1, count: 4 } });
    expect(s).toMatchObject({ inputs: 5, resumed: 3, shard: { index: 1, count: 4 } });
    expect(summaryText(s)).toContain('3 of them kept from the earlier run (--resume)');
    expect(summaryText(s)).toContain('scan: shard 1 of 4 (0-3)');
    expect(summaryText(summarize(lines, { ...base, failOn: null, shard: { index: null, count: 4 } }))).toContain('scan: merged 4 shards');
    expect(summaryText(summarize(lines, { ...base, failOn: null }))).not.toContain('--resume');
  });

  it('exit codes follow their precedence', () => {
    expect(exitCodeFor({ detectorFailed: true, failures: 3, flagged: 1 })).toBe(EXIT.detectorFailed);
    expect(exitCodeFor({ detectorFailed: false, failures: 3, flagged: 1 })).toBe(EXIT.failOn);
    expect(exitCodeFor({ detectorFailed: false, failures: 3, flagged: 0 })).toBe(EXIT.unreadable);
    expect(exitCodeFor({ detectorFailed: false, failures: 0, flagged: 0 })).toBe(EXIT.ok);
    expect(new Set(Object.values(EXIT)).size).toBe(Object.keys(EXIT).length);
  });
});
