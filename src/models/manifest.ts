// public/models/<name>/manifest.json: validation with exact messages, and SHA-256 checks of every file.
import type { ManifestFile, ModelManifest } from './types';

/** Validate parsed JSON as a ModelManifest; throws `manifest.json: <field> ...` on the first problem. */
export function parseManifest(_json: unknown): ModelManifest {
  throw new Error('not implemented');
}

/** Lower-case hex SHA-256 (crypto.subtle: browsers, workers, Node 20). */
export async function sha256Hex(_bytes: ArrayBuffer | Uint8Array): Promise<string> {
  throw new Error('not implemented');
}

/** A manifest entry for a file's bytes (used by training/export). */
export async function manifestFileEntry(_path: string, _bytes: ArrayBuffer | Uint8Array): Promise<ManifestFile> {
  throw new Error('not implemented');
}

/** Throws `<path>: ... SHA-256 mismatch` when the bytes are not the ones the manifest names. */
export async function verifyFile(_file: ManifestFile, _bytes: ArrayBuffer | Uint8Array): Promise<void> {
  throw new Error('not implemented');
}
