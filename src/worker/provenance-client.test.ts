// The provenance readers never hang and always end in a sentence (the worker is a stand-in here;
// e2e/provenance.e2e.ts runs the real one).
import { describe, expect, it } from 'vitest';
import type { MetadataReply, MetadataRequest } from './metadata-protocol';
import { ProvenanceReader, readBeside } from './provenance-client';

/** A stand-in worker: `answer` decides the reply to each request (null: never answers). */
function fakeWorker(answer: (r: MetadataRequest) => MetadataReply | 'die' | null): { make: () => Worker; terminated: () => number } {
  let terminated = 0;
  const make = () => {
    const w = {
      onmessage: null as ((e: MessageEvent<MetadataReply>) => void) | null,
      onerror: null as ((e: ErrorEvent) => void) | null,
      postMessage(r: MetadataRequest) {
        const reply = answer(r);
        if (reply === 'die') setTimeout(() => w.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent), 0);
        else if (reply !== null) setTimeout(() => w.onmessage?.({ data: reply } as MessageEvent<MetadataReply>), 0);
      },
      terminate() {
        terminated++;
      },
    };
    return w as unknown as Worker;
  };
  return { make, terminated: () => terminated };
}

const file = (text: string, name = 'clip.mp4') => new File([text], name);
const EXIF = JSON.stringify([{ 'ExifTool:ExifToolVersion': 13.42, 'File:FileType': 'MP4', 'QuickTime:CreateDate': '2024:05:06 07:08:09' }]);

describe('ProvenanceReader', () => {
  it('reads metadata through the worker; a file without the C2PA label has none', async () => {
    const reader = new ProvenanceReader(fakeWorker((r) => ({ id: r.id, json: EXIF, error: null })).make);
    const r = await reader.read(file('plain bytes'));
    expect(r.metadata).toMatchObject({ fileType: 'MP4', createdAt: '2024-05-06T07:08:09Z', error: null });
    expect(r.credentials.state).toBe('absent');
    expect(r.readMs).toBeGreaterThanOrEqual(0);
  });

  it('stops a reader that never answers, with a sentence', async () => {
    const fake = fakeWorker(() => null);
    const reader = new ProvenanceReader(fake.make, 50);
    const r = await reader.read(file('x'));
    expect(r.metadata.error).toBe('Reading the metadata took longer than 0.05 s and was stopped.');
    expect(r.metadata.errorWords).toEqual({ key: 'metadataTimeout', values: { seconds: 0.05 } });
    expect(fake.terminated()).toBe(1);
  });

  it('says why when ExifTool refuses the file or its worker dies', async () => {
    const refusing = new ProvenanceReader(fakeWorker((r) => ({ id: r.id, json: null, error: 'Unknown file type.' })).make);
    const refused = (await refusing.read(file('x'))).metadata;
    expect(refused.error).toBe('The metadata could not be read: Unknown file type.');
    // ExifTool's own words pass on as they are, inside the page's sentence.
    expect(refused.errorWords).toEqual({ key: 'metadataFailed', values: { why: 'Unknown file type' } });
    const dying = new ProvenanceReader(fakeWorker(() => 'die').make);
    expect((await dying.read(file('x'))).metadata.error).toBe('The metadata could not be read: out of memory.');
  });

  it('does not ask ExifTool about an empty file', async () => {
    const reader = new ProvenanceReader(fakeWorker(() => null).make, 50);
    expect((await reader.read(file(''))).metadata).toMatchObject({ error: 'The file is empty: it has no metadata.', errorWords: { key: 'metadataEmpty' } });
  });
});

describe('readBeside', () => {
  it('reads beside the analysis only with cores to spare', () => {
    expect(readBeside(2)).toBe(false);
    expect(readBeside(undefined)).toBe(false);
    expect(readBeside(8)).toBe(true);
  });
});
