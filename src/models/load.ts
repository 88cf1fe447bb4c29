// Load a model folder (manifest.json, model.json, weight shards) into a ready classifier.
// Order matters: the manifest is validated first, every file it lists is fetched and its SHA-256
// checked before any byte is parsed, then the weights are decoded (float16 -> float32) into the
// architecture the registry builds. Preprocessing (input size, normalisation) comes from the
// manifest, never from call sites.
import * as tf from '@tensorflow/tfjs';
import { buildModel, type Model } from './arch/index';
import { refinedLogits } from './arch/wsdan';
import { parseManifest, verifyFile } from './manifest';
import type { LoadedModel, ModelManifest, Normalization } from './types';
import { decodeModel } from './weights-io';
import { resizeCrops } from '../pipeline/align';

export type FetchFn = (url: string) => Promise<Response>;

export interface LoadOptions {
  /**
   * WS-DAN only: average the raw logits with those of the attention crop (theta 0.1, 5% padding),
   * the seed's validation-time refinement. Default true. (The seed's Kaggle submission used raw
   * logits only; set false to reproduce that, at half the cost.)
   */
  refine?: boolean;
}

async function fetchBytes(fetchFn: FetchFn, url: string, label: string): Promise<ArrayBuffer> {
  let res: Response;
  try {
    res = await fetchFn(url);
  } catch (e) {
    throw new Error(`${label}: could not be fetched (${(e as Error).message})`);
  }
  if (!res.ok) throw new Error(`${label}: HTTP ${res.status} for ${url}`);
  return res.arrayBuffer();
}

function parseJson(bytes: ArrayBuffer, label: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`${label}: not valid JSON (${(e as Error).message})`);
  }
}

/**
 * crops [n,S,S,3] RGB 0..255 -> the network input: resizeCrops to `inputSize` (the anti-aliased
 * resampling training's crop cache applies, so both sides see the same pixels), then
 * (x/255 - mean) / std.
 */
export function preprocessCrops(crops: tf.Tensor4D, inputSize: number, normalization: Normalization): tf.Tensor4D {
  return tf.tidy(() => {
    const resized = resizeCrops(crops, inputSize);
    const mean = tf.tensor1d(normalization.mean.map((m) => m * 255));
    const scale = tf.tensor1d(normalization.std.map((s) => 1 / (s * 255)));
    return tf.mul(tf.sub(resized, mean), scale) as tf.Tensor4D;
  });
}

/** Wrap a built model and its manifest as the app's LoadedModel. */
export function toLoadedModel(manifest: ModelManifest, model: Model, opts: LoadOptions = {}): LoadedModel {
  const refine = opts.refine !== false && manifest.architecture !== 'xception';
  let disposed = false;
  return {
    manifest,
    predict(crops) {
      if (disposed) throw new Error(`model ${manifest.name} was disposed`);
      if (crops.rank !== 4 || crops.shape[3] !== 3) throw new Error(`predict expects crops of shape [n,S,S,3], got [${crops.shape.join(',')}]`);
      if (crops.dtype !== 'float32') throw new Error(`predict expects float32 crops (0..255), got ${crops.dtype}`);
      return tf.tidy(() => {
        const x = preprocessCrops(crops, manifest.inputSize, manifest.normalization);
        const apply = (t: tf.Tensor4D) => model.apply(t, { training: false });
        const logits = refine ? refinedLogits(apply, x) : apply(x).logits;
        return tf.reshape(tf.slice(tf.softmax(logits), [0, 1], [-1, 1]), [-1]) as tf.Tensor1D;
      });
    },
    dispose() {
      if (!disposed) model.dispose();
      disposed = true;
    },
  };
}

/** Fetch, verify and build the model in folder `baseUrl` (ending in '/' or not). */
export async function loadModel(baseUrl: string, fetchFn: FetchFn = (u) => fetch(u), opts: LoadOptions = {}): Promise<LoadedModel> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const manifest = parseManifest(parseJson(await fetchBytes(fetchFn, `${base}manifest.json`, 'manifest.json'), 'manifest.json'));
  // Fetched in parallel, then every listed file is checked (in manifest order, so the message names
  // the first bad file deterministically) before any is parsed.
  const fetched = await Promise.all(manifest.files.map((f) => fetchBytes(fetchFn, base + f.path, f.path)));
  const files: Record<string, ArrayBuffer> = {};
  for (const [i, f] of manifest.files.entries()) {
    await verifyFile(f, fetched[i]!);
    files[f.path] = fetched[i]!;
  }
  const modelJson = parseJson(files['model.json']!, 'model.json') as { weightsManifest?: { paths?: unknown }[] };
  // A shard model.json names but manifest.json does not list could not be verified: refuse it.
  for (const group of Array.isArray(modelJson.weightsManifest) ? modelJson.weightsManifest : []) {
    for (const p of Array.isArray(group?.paths) ? group.paths : []) {
      if (typeof p === 'string' && !(p in files)) throw new Error(`model.json names "${p}", which manifest.json does not list (so its SHA-256 cannot be checked)`);
    }
  }
  const { modelJson: mj, weights } = decodeModel(modelJson, files);
  try {
    if (mj.architecture !== manifest.architecture) throw new Error(`model.json architecture "${mj.architecture}" differs from manifest.json "${manifest.architecture}"`);
    if (JSON.stringify(mj.archConfig) !== JSON.stringify(manifest.archConfig)) throw new Error('model.json archConfig differs from manifest.json archConfig');
    const model = buildModel(mj.architecture, mj.archConfig);
    try {
      model.setWeights(weights);
    } catch (e) {
      model.dispose();
      throw e;
    }
    return toLoadedModel(manifest, model, opts);
  } finally {
    tf.dispose(Object.values(weights));
  }
}
