// C2PA content credentials with @contentauth/c2pa-web (c2pa-rs in WebAssembly, in the library's
// own worker). This module, the library and its 8 MB wasm load only when a file may carry a
// manifest (pipeline/credentials-sniff.ts): provenance-client.ts imports it dynamically. The wasm
// is a build asset of the page's own origin (precached for offline use), and nothing else is
// fetched: no trust list is configured, and remote manifests and OCSP are never fetched.
import { createC2pa, isSupportedReaderFormat, type C2paSdk, type Settings } from '@contentauth/c2pa-web';
import wasmSrc from '@contentauth/c2pa-web/resources/c2pa.wasm?url';
import { brokenCredentials, contentCredentials, unreadCredentials, type ManifestStoreJson } from '../pipeline/content-credentials';
import { errorText } from '../failure';
import { words } from '../i18n/words';
import type { ContentCredentials } from '../provenance';

/** c2pa-rs's settings (the library turns camelCase into its snake_case): read only what the file
 *  holds. The library's Settings type lists fewer keys than c2pa-rs accepts. */
const SETTINGS = { verify: { verifyTrust: true, remoteManifestFetch: false, ocspFetch: false } } as Settings;

/** The largest file c2pa-web reads (its reader refuses more: 10^9 bytes). */
export const MAX_CREDENTIALS_BYTES = 10 ** 9;

let sdk: Promise<C2paSdk> | null = null;

function library(): Promise<C2paSdk> {
  sdk ??= createC2pa({ wasmSrc: new URL(wasmSrc, location.href).href, settings: SETTINGS });
  sdk.catch(() => (sdk = null));
  return sdk;
}

/** MIME type c2pa-rs reads the file as: the browser's, else by extension, else by its first bytes. */
async function formatOf(file: File): Promise<string> {
  if (file.type !== '') return file.type;
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  const byExt: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webp: 'image/webp', heic: 'image/heic', avif: 'image/avif', tif: 'image/tiff', tiff: 'image/tiff' };
  if (byExt[ext]) return byExt[ext];
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  if (head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  if (head[0] === 0x89 && head[1] === 0x50) return 'image/png';
  if (String.fromCharCode(...head.slice(4, 8)) === 'ftyp') return 'video/mp4';
  return 'application/octet-stream';
}

/** The file's credentials, read by c2pa-rs. Called only for a file whose bytes hold a C2PA label,
 *  so a store c2pa-rs refuses to parse is a broken (invalid) one; a format C2PA has no binding for
 *  here (WebM, Matroska) has none. */
export async function readCredentials(file: File): Promise<ContentCredentials> {
  const format = await formatOf(file);
  if (!isSupportedReaderFormat(format)) return contentCredentials(null);
  if (file.size > MAX_CREDENTIALS_BYTES) return unreadCredentials(words('credentialsTooLarge'));
  const c2pa = await library();
  let reader: Awaited<ReturnType<C2paSdk['reader']['fromBlob']>>;
  try {
    reader = await c2pa.reader.fromBlob(format, file);
  } catch (err) {
    return brokenCredentials(errorText(err));
  }
  if (reader === null) return contentCredentials(null);
  try {
    return contentCredentials((await reader.manifestStore()) as unknown as ManifestStoreJson);
  } finally {
    await reader.free();
  }
}

/** Ends the library's worker (a read that ran past its time limit). */
export function disposeCredentials(): void {
  const old = sdk;
  sdk = null;
  void old?.then((s) => s.dispose()).catch(() => undefined);
}
