import { describe, expect, it } from 'vitest';
import { APP_CONFIG } from '../config';
import type { ModelInfo } from '../types';
import { reportSchemaErrors } from '../../node/report-schema';
import { buildReport, reportCase, reportFileName, REPORT_FORMAT, withCase, type ReportInput } from './report';
import { CLEAN, makeFrame, makeResult } from './test-fixtures';
import { aggregate } from '../pipeline/aggregate';

describe('buildReport', () => {
  const sha = (c: string) => c.repeat(64);
  const xception: ModelInfo = {
    name: 'xception',
    architecture: 'xception',
    inputSize: 160,
    weight: 0.2,
    metrics: { auc: 0.9, logloss: 0.3, acc: 0.8, n: 100 },
    config: 'cpu',
    manifestSha256: sha('a'),
    files: [{ path: 'model.json', sha256: sha('c'), bytes: 3 }],
    backbone: null,
    about: null,
  };
  const head: ModelInfo = { ...xception, name: 'wsdan-xception', weight: 0.8, manifestSha256: sha('b'), files: [], backbone: { name: 'xception', manifestSha256: sha('a') } };
  const input = (over: Partial<ReportInput> = {}): ReportInput => ({
    result: makeResult({ frames: [makeFrame(0, 0.8), makeFrame(1, null)], models: { xception: 0.8 } }),
    app: { name: 'deepfake-detector', version: '0.1.0', commit: 'abc123' },
    input: { name: 'clip.mp4', path: null, bytes: 1234, sha256: sha('e') },
    backend: 'webgpu',
    device: 'WebGPU: google swiftshader',
    frames: 8,
    requestedBackend: null,
    models: [xception, head],
    faceDetector: { name: 'blazeface', files: [{ path: 'detector/blazeface-back.json', sha256: sha('d'), bytes: 9 }], provenanceError: null },
    userAgent: 'UA',
    generatedAt: new Date('2026-01-02T03:04:05Z'),
    ...over,
  });

  it('cites, for each model, the hashes the worker verified, and matches the JSON Schema', () => {
    const r = buildReport(input());
    expect(r).toMatchObject({
      format: REPORT_FORMAT,
      generatedAt: '2026-01-02T03:04:05.000Z',
      app: { version: '0.1.0', commit: 'abc123' },
      environment: { backend: 'webgpu', device: 'WebGPU: google swiftshader', softwareGpu: true },
      input: { name: 'clip.mp4', bytes: 1234 },
      settings: { frames: 8 },
    });
    expect(r.models).toEqual([
      { name: 'xception', architecture: 'xception', inputSize: 160, weight: 0.2, metrics: xception.metrics, config: 'cpu', manifestSha256: sha('a'), files: xception.files, backbone: null, about: null },
      { name: 'wsdan-xception', architecture: 'xception', inputSize: 160, weight: 0.8, metrics: xception.metrics, config: 'cpu', manifestSha256: sha('b'), files: [], backbone: { name: 'xception', manifestSha256: sha('a') }, about: null },
    ]);
    // 8 frames and a software GPU: two warnings.
    expect(r.warnings).toHaveLength(2);
    // The report must survive a JSON round trip unchanged (it is what people share).
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(reportSchemaErrors(r)).toEqual([]);
  });

  it('the schema refuses what the type forbids', () => {
    const r = buildReport(input());
    expect(reportSchemaErrors({ ...r, extra: 1 })).not.toEqual([]);
    expect(reportSchemaErrors({ ...r, settings: { ...r.settings, calibration: { ...r.settings.calibration, applied: 'yes' } } })).not.toEqual([]);
    const { minFaceScore: _m, ...noMinFaceScore } = r.settings;
    expect(reportSchemaErrors({ ...r, settings: noMinFaceScore })).not.toEqual([]);
    expect(reportSchemaErrors({ ...r, input: { ...r.input, sha256: 'xyz' } })).not.toEqual([]);
    expect(reportSchemaErrors({ ...r, result: { ...r.result, score: 1.5 } })).not.toEqual([]);
    const { warnings: _, ...noWarnings } = r;
    expect(reportSchemaErrors(noWarnings)).not.toEqual([]);
  });

  it('states every setting and threshold the verdict depends on, from APP_CONFIG', () => {
    const s = buildReport(input({ threads: 2, requestedBackend: 'wasm' })).settings;
    expect(s).toEqual({
      frames: 8,
      requestedBackend: 'wasm',
      threads: 2,
      fakeAbove: APP_CONFIG.fakeAbove,
      realBelow: APP_CONFIG.realBelow,
      minFacePixels: APP_CONFIG.minFacePixels,
      minFramesWithFace: APP_CONFIG.minFramesWithFace,
      minFaceScore: APP_CONFIG.minFaceScore,
      searchEvery: APP_CONFIG.searchEvery,
      alignSize: APP_CONFIG.alignSize,
      ensemble: APP_CONFIG.ensemble.map((m) => ({ name: m.name, weight: m.weight })),
      calibration: { platt: { ...APP_CONFIG.calibration.platt }, members: [...APP_CONFIG.calibration.members], applied: true },
      quality: { ...APP_CONFIG.quality },
    });
    expect(buildReport(input()).settings.threads).toBeNull();
  });

  it('carries the input-quality reading through the schema, and its issues lead the warnings', () => {
    const quality = { ...CLEAN, bars: { top: 90, bottom: 90, left: 0, right: 0 }, issues: ['compressed' as const, 'small-faces' as const] };
    const r = buildReport({ ...input(), result: makeResult({ quality }) });
    expect(reportSchemaErrors(r)).toEqual([]);
    expect(r.warnings.slice(0, 2).map((w) => w.split(' ')[3])).toEqual(['heavily', 'small']);
    expect(reportSchemaErrors({ ...r, result: { ...r.result, quality: { ...quality, issues: ['grainy'] } } })).not.toEqual([]);
  });

  it('says the calibration was not applied when the loaded models differ from those it was fitted for', () => {
    expect(buildReport(input({ models: [xception] })).settings.calibration.applied).toBe(false);
    expect(buildReport(input({ models: [] })).settings.calibration.applied).toBe(false);
  });

  it('format 3: people, the verdict basis and per-face results pass the schema; their absence does not', () => {
    const frames = [0, 1, 2].map((i) => makeFrame(i, 0.3));
    const verdict = aggregate(frames, APP_CONFIG);
    const r = buildReport({ ...input(), result: makeResult({ frames, score: verdict.score, label: verdict.label, reason: verdict.reason, models: verdict.models, tracks: verdict.tracks, basis: verdict.basis }) });
    expect(r.format).toBe('deepfake-detector-report/3');
    expect(r.result.tracks).toHaveLength(1);
    expect(reportSchemaErrors(r)).toEqual([]);
    const { tracks: _t, ...noTracks } = r.result;
    expect(reportSchemaErrors({ ...r, result: noTracks })).not.toEqual([]);
    expect(reportSchemaErrors({ ...r, result: { ...r.result, basis: { ...r.result.basis!, interval: [0.1, 0.2, 0.3] } } })).not.toEqual([]);
    const face = r.result.frames[0]!.faces[0]!;
    expect(reportSchemaErrors({ ...r, result: { ...r.result, frames: [{ ...r.result.frames[0]!, faces: [{ ...face, attention: { side: 2, values: [2] } }] }] } })).not.toEqual([]);
  });

  it('writes the case fields typed in the page (trimmed), still matching the schema; nothing typed, nothing written', () => {
    const c = reportCase({ sourceUrl: ' https://example.org/v/1 ', analyst: 'A. Reporter', notes: '' });
    expect(c).toEqual({ sourceUrl: 'https://example.org/v/1', analyst: 'A. Reporter', notes: null });
    const r = withCase(buildReport(input()), c);
    expect(r.case).toEqual(c);
    expect(r.format).toBe(REPORT_FORMAT);
    expect(reportSchemaErrors(r)).toEqual([]);
    expect(reportCase({ sourceUrl: ' ', analyst: '', notes: '\n' })).toBeNull();
    expect('case' in withCase(buildReport(input()), null)).toBe(false);
  });
});

describe('helpers', () => {
  it('names the report after the file, safely', () => {
    expect(reportFileName('clip.mp4')).toBe('clip.mp4.report.json');
    expect(reportFileName('clip.mp4', 'html')).toBe('clip.mp4.report.html');
    expect(reportFileName('C:\\x\\my clip?.mov')).toBe('my_clip_.mov.report.json');
  });

});
