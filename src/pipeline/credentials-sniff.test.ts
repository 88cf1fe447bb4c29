import { describe, expect, it } from 'vitest';
import { hasC2paLabel, mayHaveCredentials } from './credentials-sniff';

const enc = (s: string) => new TextEncoder().encode(s);

describe('credentials sniff', () => {
  it('finds the JUMBF label c2pa anywhere in the bytes', () => {
    expect(hasC2paLabel(enc('....jumdc2pa....'))).toBe(true);
    expect(hasC2paLabel(enc('c2p'))).toBe(false);
    expect(hasC2paLabel(enc('cc2pa'))).toBe(true);
    expect(hasC2paLabel(enc('c2pb c2p'))).toBe(false);
  });

  it('reads the head and the tail of a file, not its middle', async () => {
    const pad = new Uint8Array(100);
    const at = (where: 'head' | 'middle' | 'tail') =>
      new Blob(where === 'head' ? [enc('c2pa'), pad, pad, pad] : where === 'middle' ? [pad, enc('c2pa'), pad] : [pad, pad, pad, enc('c2pa')]);
    expect(await mayHaveCredentials(at('head'), 50)).toBe(true);
    expect(await mayHaveCredentials(at('tail'), 50)).toBe(true);
    expect(await mayHaveCredentials(at('middle'), 50)).toBe(false);
    // A label across the head's end still counts (the tail overlaps it).
    expect(await mayHaveCredentials(new Blob([new Uint8Array(48), enc('c2pa'), new Uint8Array(10)]), 50)).toBe(true);
  });
});
