// The metadata worker: ExifTool (@uswriting/exiftool: ExifTool 13.42 on zeroperl, Perl compiled to
// WebAssembly) reads a file's container, stream, EXIF and XMP metadata. Its own worker, beside the
// analysis worker, so its 1-7 s of Perl never block the page or the analysis (docs/decisions.md,
// "Provenance, locally (issue 27)"). One per page, reused: the 25 MB wasm compiles once.
// The wasm is a build asset of the page's own origin (Vite emits it; the service worker precaches
// it), fetched only when the first file is read.
import { parseMetadata } from '@uswriting/exiftool';
import zeroperlUrl from '@6over3/zeroperl-ts/zeroperl.wasm?url';
import { EXIFTOOL_ARGS } from '../pipeline/container-metadata';
import type { MetadataReply, MetadataRequest } from './metadata-protocol';
import { english } from '../i18n/words';
import { guardOrigin, type GuardedScope } from './origin-guard';

// Like the analysis worker, this one refuses every request to another origin by itself (a host that
// sends no CSP header leaves a dedicated worker without a policy); nothing here fetches before a
// message arrives, so the guard is in place first.
guardOrigin(self as unknown as GuardedScope, (said) => console.warn(english(said)));

// zeroperl fetches its wasm with the given fetch only where `window` and `document` exist; in a
// worker it takes the Node path (node:fs) instead. These two names make it take the browser path.
const scope = globalThis as unknown as Record<string, unknown>;
scope.window ??= globalThis;
scope.document ??= {};

const wasm = new URL(zeroperlUrl, self.location.href).href;
const fetchWasm = () => fetch(wasm);

async function read({ id, file }: MetadataRequest): Promise<MetadataReply> {
  try {
    const out = await parseMetadata<string>(file, { args: EXIFTOOL_ARGS, fetch: fetchWasm });
    return out.success ? { id, json: out.data, error: null } : { id, json: null, error: out.error.trim() || null };
  } catch (err) {
    return { id, json: null, error: (err instanceof Error ? err.message : String(err)) || null };
  }
}

// One read at a time: the library runs every call on one Perl interpreter with shared output buffers.
let queue: Promise<unknown> = Promise.resolve();
self.onmessage = (event: MessageEvent<MetadataRequest>) => {
  queue = queue.then(async () => (self as unknown as Worker).postMessage(await read(event.data)));
};
