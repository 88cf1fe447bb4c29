// The provenance in the reports (issue 27): the JSON (schema-valid), the HTML report's section, and
// deepfake-scan's progress clause.
import { describe, expect, it } from 'vitest';
import { reportSchemaErrors } from '../../node/report-schema';
import { progressText, lineFromReport } from '../../scan/scan-line';
import { containerMetadata, unreadMetadata } from '../pipeline/container-metadata';
import { absentCredentials, contentCredentials } from '../pipeline/content-credentials';
import type { Provenance } from '../provenance';
import { words } from '../i18n/words';
import { buildReport } from './report';
import { reportHtml } from './report-html';
import { provenanceBrief } from './provenance-words';
import { makeFrame, makeResult } from './test-fixtures';

const PROVENANCE: Provenance = {
  metadata: containerMetadata({
    'ExifTool:ExifToolVersion': 13.42,
    'File:FileType': 'MOV',
    'QuickTime:CreateDate': '2024:05:06 07:08:09',
    'UserData:Make': 'Acme',
    'UserData:Model': 'Phone <9>',
    'Composite:GPSLatitude': 48.8584,
    'Composite:GPSLongitude': 2.2945,
  }),
  credentials: contentCredentials({
    active_manifest: 'm',
    manifests: { m: { claim_generator: 'Cam/1', signature_info: { common_name: 'Signer Co', issuer: 'Test CA' }, assertions: [{ label: 'c2pa.actions', data: { actions: [{ action: 'c2pa.created' }] } }] } },
    validation_state: 'Valid',
  }),
  keyframes: [
    { index: 0, timeMs: 0, difference: null },
    { index: 2, timeMs: 1000, difference: 0.93 },
  ],
  readMs: 1234,
};

function report(provenance: Provenance | null) {
  return buildReport({
    result: makeResult({ frames: [makeFrame(0, 0.2), makeFrame(1, 0.3), makeFrame(2, 0.4)] }),
    app: { name: 'deepfake-detector', version: '0.1.0', commit: 'c0ffee' },
    input: { name: 'clip.mov', path: null, bytes: 1, sha256: 'e'.repeat(64) },
    backend: 'wasm',
    device: 'cpu',
    frames: 3,
    requestedBackend: null,
    models: [],
    faceDetector: { name: 'blazeface', files: [], provenanceError: null },
    provenance,
    userAgent: 'UA',
    generatedAt: new Date('2026-01-02T03:04:05Z'),
  });
}

describe('provenance in the reports', () => {
  it('is in the JSON, schema-valid, and absent when not read', () => {
    const r = report(PROVENANCE);
    expect(r.provenance).toEqual(PROVENANCE);
    expect(reportSchemaErrors(r)).toEqual([]);
    expect('provenance' in report(null)).toBe(false);
    expect(reportSchemaErrors(report(null))).toEqual([]);
    const unread: Provenance = { ...PROVENANCE, metadata: unreadMetadata(words('metadataEmpty')), credentials: absentCredentials(), keyframes: [] };
    expect(reportSchemaErrors(report(unread))).toEqual([]);
  });

  it('the schema refuses an unknown credentials state', () => {
    const bad = { ...report(PROVENANCE), provenance: { ...PROVENANCE, credentials: { ...PROVENANCE.credentials, state: 'maybe' } } };
    expect(reportSchemaErrors(bad).join(' ')).toMatch(/credentials\/state/);
  });

  it('the HTML report shows the metadata with its caution, the credentials and the stills (escaped)', () => {
    const still = 'data:image/jpeg;base64,/9j/4AAQSkZJRg==';
    const html = reportHtml(report(PROVENANCE), { crops: new Map(), keyframes: new Map([[2, still]]) });
    expect(html).toContain('<section id="provenance">');
    expect(html).toContain('Anyone can edit metadata');
    expect(html).toContain('2024-05-06T07:08:09Z');
    expect(html).toContain('Phone &lt;9&gt;');
    expect(html).toContain('48.85840, 2.29450');
    expect(html).toContain('Valid signature');
    expect(html).toContain('Signer Co');
    expect(html).toContain('c2pa.created');
    expect(html).toContain(`src="${still}"`);
    expect(html).toContain('1.00 s, shot change (colours 93% different)');
    expect(reportHtml(report(null))).not.toContain('id="provenance"');
  });

  it('deepfake-scan’s progress line ends with a provenance clause', () => {
    expect(provenanceBrief(PROVENANCE)).toBe('created 2024-05-06T07:08:09Z, Acme Phone <9>, GPS 48.85840, 2.29450; C2PA: valid (Signer Co); 2 stills');
    const line = lineFromReport('a.mov', report(PROVENANCE), null);
    expect(progressText(0, 1, line)).toMatch(/; provenance: created 2024-05-06T07:08:09Z, .*; 2 stills$/);
    expect(provenanceBrief({ ...PROVENANCE, metadata: unreadMetadata(words('metadataEmpty')), credentials: absentCredentials(), keyframes: [PROVENANCE.keyframes[0]!] })).toBe(
      'metadata: The file is empty: it has no metadata.; C2PA: absent; 1 still',
    );
  });
});
