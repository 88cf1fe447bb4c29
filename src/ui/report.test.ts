import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reportSchemaErrors } from '../../scan/report-schema';
import { buildReport, reportFileName, REPORT_FORMAT, toHex, type ReportInput } from './report';
import { manifestUrl } from './model-manifests';
import { makeFrame, makeResult } from './test-fixtures';

describe('buildReport', () => {
  const model = { name: 'xception', architecture: 'xception', inputSize: 299, weight: 0.2, metrics: null };
  const sha = (c: string) => c.repeat(64);
  const input = (over: Partial<ReportInput> = {}): ReportInput => ({
    result: makeResult({ frames: [makeFrame(0, 0.8), makeFrame(1, null)], models: { xception: 0.8 } }),
    app: { name: 'deepfake-detector', version: '0.1.0', commit: 'abc123' },
    input: { name: 'clip.mp4', path: null, bytes: 1234, sha256: sha('e') },
    backend: 'webgpu',
    device: 'WebGPU: google swiftshader',
    frames: 8,
    requestedBackend: null,
    models: [model, { ...model, name: 'wsdan-xception' }],
    provenance: [
      { name: 'xception', manifestSha256: sha('a'), files: [{ path: 'model.json', sha256: sha('c'), bytes: 3 }], metrics: { auc: 0.9, logloss: 0.3, acc: 0.8, n: 100 }, config: 'cpu', error: null },
    ],
    faceDetector: { name: 'blazeface', files: [{ path: 'detector/blazeface-back.json', sha256: sha('d'), bytes: 9 }], provenanceError: null },
    userAgent: 'UA',
    generatedAt: new Date('2026-01-02T03:04:05Z'),
    ...over,
  });

  it('joins each model with its manifest hash and metrics, and matches the JSON Schema', () => {
    const r = buildReport(input());
    expect(r).toMatchObject({
      format: REPORT_FORMAT,
      generatedAt: '2026-01-02T03:04:05.000Z',
      app: { version: '0.1.0', commit: 'abc123' },
      environment: { backend: 'webgpu', device: 'WebGPU: google swiftshader', softwareGpu: true },
      input: { name: 'clip.mp4', bytes: 1234 },
      settings: { frames: 8 },
    });
    expect(r.models[0]).toMatchObject({ name: 'xception', manifestSha256: sha('a'), metrics: { auc: 0.9 }, config: 'cpu', provenanceError: null });
    expect(r.models[1]).toMatchObject({ name: 'wsdan-xception', manifestSha256: null, provenanceError: 'manifest not read' });
    // 8 frames and a software GPU: two warnings.
    expect(r.warnings).toHaveLength(2);
    // The report must survive a JSON round trip unchanged (it is what people share).
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(reportSchemaErrors(r)).toEqual([]);
  });

  it('the schema refuses what the type forbids', () => {
    const r = buildReport(input());
    expect(reportSchemaErrors({ ...r, extra: 1 })).not.toEqual([]);
    expect(reportSchemaErrors({ ...r, input: { ...r.input, sha256: 'xyz' } })).not.toEqual([]);
    expect(reportSchemaErrors({ ...r, result: { ...r.result, score: 1.5 } })).not.toEqual([]);
    const { warnings: _, ...noWarnings } = r;
    expect(reportSchemaErrors(noWarnings)).not.toEqual([]);
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
