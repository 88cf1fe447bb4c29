// Node-side loader for training's parity test and evaluation: the app's own loadModel (same
// manifest checks, SHA-256, float16 decode, preprocessing) over a folder on disk. The only file in
// the app that touches node:fs; it lives in node/, outside the browser tree (src/).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, type LoadOptions } from '../src/models/load';
import type { LoadedModel } from '../src/models/types';

const PREFIX = 'file-dir:/';

export async function loadModelFromDir(dir: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  const fetchFn = async (url: string): Promise<Response> => {
    if (!url.startsWith(PREFIX)) return new Response(null, { status: 400 });
    try {
      return new Response(await readFile(join(dir, url.slice(PREFIX.length))));
    } catch {
      return new Response(null, { status: 404 });
    }
  };
  return loadModel(PREFIX, fetchFn, opts);
}
