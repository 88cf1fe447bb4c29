// SHA-256 and size of the analysed input, for the report: streamed in chunks (SubtleCrypto has no
// incremental digest, and reading a 2 GB video whole into memory to hash it is not an option).
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../sha256';

export interface InputDigest {
  bytes: number;
  sha256: string;
}

export async function digestBlob(blob: Blob, signal?: AbortSignal): Promise<InputDigest> {
  const hash = sha256.create();
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      hash.update(value);
    }
  } finally {
    reader.releaseLock();
  }
  const d = hash.digest();
  return { bytes: blob.size, sha256: toHex(d) };
}
