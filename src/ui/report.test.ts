import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildReport, reportFileName, toHex, REPORT_FORMAT } from './report';
import { manifestUrl } from './model-manifests';
import { makeResult } from './test-fixtures';

describe('buildReport', () => {
  const model = { name: 'xception', architecture: 'xception', inputSize: 299, weight: 0.2, metrics: null };
  it('joins each model with its manifest hash and metrics', () => {
    const result = makeResult();
    const r = buildReport({
      result,
      appVersion: '0.1.0',
      backend: 'webgpu',
      device: 'swiftshader',
      frames: 8,
      models: [model, { ...model, name: 'wsdan-xception' }],
      provenance: [
        { name: 'xception', manifestSha256: 'ab', files: [{ path: 'model.json', sha256: 'cd', bytes: 3 }], metrics: { auc: 0.9, logloss: 0.3, acc: 0.8, n: 100 }, config: 'cpu', error: null },
      ],
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
    const models = r.models as Record<string, unknown>[];
    expect(models[0]).toMatchObject({ name: 'xception', manifestSha256: 'ab', metrics: { auc: 0.9 }, config: 'cpu', provenanceError: null });
    expect(models[1]).toMatchObject({ name: 'wsdan-xception', manifestSha256: null, provenanceError: 'manifest not read' });
    // The report must survive a JSON round trip unchanged (it is what people share).
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('helpers', () => {
  it('names the report after the file, safely', () => {
    expect(reportFileName('clip.mp4')).toBe('clip.mp4.report.json');
    expect(reportFileName('C:\\x\\my clip?.mov')).toBe('my_clip_.mov.report.json');
  });
  it('hexes a digest like node does', () => {
    const bytes = new TextEncoder().encode('abc');
    const digest = createHash('sha256').update(bytes).digest();
    expect(toHex(digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength))).toBe(digest.toString('hex'));
  });
  it('finds manifests under the base URL', () => {
    expect(manifestUrl('/', 'xception')).toBe('/models/xception/manifest.json');
    expect(manifestUrl('/app', 'a b')).toBe('/app/models/a%20b/manifest.json');
  });
});
