// Node-side loader for training's parity test and evaluation: the app's own loadModel (same
// manifest checks, SHA-256, float16 decode, preprocessing) over a folder on disk. The only file in
// the app that touches node:fs; it lives in node/, outside the browser tree (src/).
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { loadModel, type LoadOptions } from '../src/models/load';
import type { LoadedModel } from '../src/models/types';

const PREFIX = 'file-dir:/';

/** The model folder `dir`. Its parent is served, so a head-only folder finds its backbone folder
 *  (manifest.backbone, a sibling) as the page does; pass one `opts.cache` to share that backbone. */
export async function loadModelFromDir(dir: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  const root = dirname(resolve(dir));
  const fetchFn = async (url: string): Promise<Response> => {
    if (!url.startsWith(PREFIX)) return new Response(null, { status: 400 });
    try {
      return new Response(await readFile(join(root, decodeURIComponent(url.slice(PREFIX.length)))));
    } catch {
      return new Response(null, { status: 404 });
    }
  };
  return loadModel(`${PREFIX}${encodeURIComponent(basename(resolve(dir)))}/`, fetchFn, opts);
}
