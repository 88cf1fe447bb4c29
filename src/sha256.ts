// SHA-256 as lower-case hex, through the browser's (or Node's) WebCrypto. Its own file, with no
// imports, so the page can hash files without pulling in the models' code: when the page took it from
// models/manifest.ts, that file's import of the architectures brought all of tfjs (webgl, cpu,
// layers, converter) into the page's bundle, 1.2 MB evaluated before the worker was even created
// (docs/decisions.md, issue 25, "returning visit").

function asBytes(bytes: ArrayBuffer | Uint8Array): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

/** Lower-case hex of a digest. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(asBytes(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Lower-case hex SHA-256 (crypto.subtle: browsers, workers, Node 20). */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('SHA-256 needs crypto.subtle (a secure context: https or localhost)');
  const digest = await subtle.digest('SHA-256', asBytes(bytes) as Uint8Array<ArrayBuffer>);
  return toHex(digest);
}
