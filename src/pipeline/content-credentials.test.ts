import { describe, expect, it } from 'vitest';
import { brokenCredentials, contentCredentials, MAX_LISTED, type ManifestStoreJson } from './content-credentials';

// The shape of c2pa-rs's manifest store for a signed, edited image (cut down).
const STORE: ManifestStoreJson = {
  active_manifest: 'urn:c2pa:1',
  manifests: {
    'urn:c2pa:1': {
      claim_generator_info: [{ name: 'make_test_images', version: '0.33.1' }],
      title: 'C.jpg',
      ingredients: [{ title: 'A.jpg', relationship: 'parentOf' }],
      assertions: [
        { label: 'stds.schema-org.CreativeWork', data: {} },
        { label: 'c2pa.actions.v2', data: { actions: [{ action: 'c2pa.opened' }, { action: 'c2pa.color_adjustments', softwareAgent: { name: 'Editor', version: '2.0' }, when: '2024-01-01T00:00:00Z' }] } },
      ],
      signature_info: { issuer: 'C2PA Test Signing Cert', common_name: 'C2PA Signer', time: '2024-01-01T00:00:01+00:00' },
    },
  },
  validation_state: 'Valid',
};

describe('contentCredentials', () => {
  it('is absent without a store', () => {
    expect(contentCredentials(null)).toMatchObject({ state: 'absent', trusted: false, actions: [], failures: [] });
  });

  it('reads what a valid manifest claims', () => {
    expect(contentCredentials(STORE)).toEqual({
      state: 'valid',
      trusted: false,
      claimGenerator: 'make_test_images 0.33.1',
      signer: 'C2PA Signer',
      issuer: 'C2PA Test Signing Cert',
      signedAt: '2024-01-01T00:00:01+00:00',
      title: 'C.jpg',
      actions: [
        { action: 'c2pa.opened', softwareAgent: null, when: null },
        { action: 'c2pa.color_adjustments', softwareAgent: 'Editor 2.0', when: '2024-01-01T00:00:00Z' },
      ],
      ingredients: [{ title: 'A.jpg', relationship: 'parentOf' }],
      failures: [],
      error: null,
    });
    expect(contentCredentials({ ...STORE, validation_state: 'Trusted' })).toMatchObject({ state: 'valid', trusted: true });
  });

  it('is invalid when c2pa-rs says so, with the failed checks', () => {
    const failure = [{ code: 'assertion.dataHash.mismatch', explanation: 'asset hash error' }];
    const c = contentCredentials({ ...STORE, validation_state: 'Invalid', validation_results: { activeManifest: { failure } } });
    expect(c.state).toBe('invalid');
    expect(c.failures).toEqual([{ code: 'assertion.dataHash.mismatch', explanation: 'asset hash error' }]);
    // Older stores: validation_status and no state.
    expect(contentCredentials({ ...STORE, validation_state: null, validation_status: failure }).state).toBe('invalid');
  });

  it('is invalid for a store without its active manifest, and for one c2pa-rs cannot parse', () => {
    expect(contentCredentials({ active_manifest: 'urn:missing', manifests: {} })).toMatchObject({
      state: 'invalid',
      failures: [{ code: 'claim.missing', explanation: 'The file carries a C2PA store without an active manifest.', explanationWords: { key: 'noActiveManifest' } }],
    });
    // c2pa-rs's reason passes on as it is, inside the page's own sentence (said in the page's language).
    expect(brokenCredentials('JUMBF box too short.')).toMatchObject({
      state: 'invalid',
      failures: [{ code: 'manifest.unreadable', explanation: 'c2pa-rs could not read the manifest store: JUMBF box too short.', explanationWords: { key: 'manifestUnreadable', values: { why: 'JUMBF box too short' } } }],
    });
  });

  it('reads v1 actions (softwareAgent as text) and the old claim_generator; caps the lists', () => {
    const many = Array.from({ length: 50 }, () => ({ action: 'c2pa.edited', softwareAgent: 'Tool 1' }));
    const m = { claim_generator: 'Old/1.0', assertions: [{ label: 'c2pa.actions', data: { actions: many } }] };
    const c = contentCredentials({ active_manifest: 'a', manifests: { a: m }, validation_state: 'Valid' });
    expect(c.claimGenerator).toBe('Old/1.0');
    expect(c.actions).toHaveLength(MAX_LISTED);
    expect(c.actions[0]).toEqual({ action: 'c2pa.edited', softwareAgent: 'Tool 1', when: null });
  });
});
