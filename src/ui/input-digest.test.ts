import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestBlob } from './input-digest';

describe('digestBlob', () => {
  it('matches node:crypto on empty, small and multi-chunk inputs', async () => {
    for (const size of [0, 3, 65_536 * 3 + 17]) {
      const bytes = randomBytes(size);
      const d = await digestBlob(new Blob([bytes]));
      expect(d).toEqual({ bytes: size, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
  });
  it('stops when aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(digestBlob(new Blob([randomBytes(10)]), abort.signal)).rejects.toThrow();
  });
});
