import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../worker/protocol';
import { buildReport, reportFileName, REPORT_FORMAT } from './report';
import { makeResult } from './test-fixtures';

describe('buildReport', () => {
  const xception: ModelInfo = {
    name: 'xception',
    architecture: 'xception',
    inputSize: 160,
    weight: 0.2,
    metrics: { auc: 0.9, logloss: 0.3, acc: 0.8, n: 100 },
    config: 'cpu',
    manifestSha256: 'ab',
    files: [{ path: 'model.json', sha256: 'cd', bytes: 3 }],
    backbone: null,
  };
  const head: ModelInfo = { ...xception, name: 'wsdan-xception', weight: 0.8, manifestSha256: 'ef', files: [], backbone: { name: 'xception', manifestSha256: 'ab' } };

  it('cites, for each model, the hashes the worker verified', () => {
    const result = makeResult();
    const r = buildReport({
      result,
      appVersion: '0.1.0',
      backend: 'webgpu',
      device: 'swiftshader',
      frames: 8,
      models: [xception, head],
      userAgent: 'UA',
      generatedAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(r).toMatchObject({
      format: REPORT_FORMAT,
      generatedAt: '2026-01-02T03:04:05.000Z',
      app: { version: '0.1.0' },
      environment: { backend: 'webgpu', device: 'swiftshader' },
      settings: { frames: 8 },
      result,
    });
    expect(r.models).toEqual([
      { name: 'xception', architecture: 'xception', inputSize: 160, weight: 0.2, metrics: xception.metrics, config: 'cpu', manifestSha256: 'ab', files: xception.files, backbone: null },
      { name: 'wsdan-xception', architecture: 'xception', inputSize: 160, weight: 0.8, metrics: xception.metrics, config: 'cpu', manifestSha256: 'ef', files: [], backbone: { name: 'xception', manifestSha256: 'ab' } },
    ]);
    // The report must survive a JSON round trip unchanged (it is what people share).
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('helpers', () => {
  it('names the report after the file, safely', () => {
    expect(reportFileName('clip.mp4')).toBe('clip.mp4.report.json');
    expect(reportFileName('C:\\x\\my clip?.mov')).toBe('my_clip_.mov.report.json');
  });
});
