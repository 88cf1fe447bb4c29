// Load a model folder (manifest.json, model.json, weight shards) into a ready classifier.
// Order matters: the manifest is validated first, every file it lists is fetched and its SHA-256
// checked before any byte is parsed, then the weights are decoded (float16 -> float32) into the
// architecture the registry builds. Preprocessing (input size, normalisation) comes from the
// manifest, never from call sites.
import * as tf from '@tensorflow/tfjs-core';
import { buildHead, buildModel, type HeadModel, type Model } from './arch/index';
import { refinedLogits } from './arch/wsdan';
import { parseManifest, sha256Hex, verifyFile } from './manifest';
import { roundChannels } from './arch/layers';
import type { HeadResult, InputRegion, InputWindow, LoadedModel, ModelManifest, Normalization } from './types';
import { decodeModel } from './weights-io';
import { maskOutsideWindow, resizeCrops } from './resize-crops';
import { STARTUP_MARK, startupMark } from '../startup-marks';

export type FetchFn = (url: string) => Promise<Response>;

/** Models loaded so far by folder URL: a head-only folder's backbone is the very LoadedModel the
 *  ensemble already holds (one copy of its weights, one backbone pass per face). */
export type ModelCache = Map<string, Promise<LoadedModel>>;

export interface LoadOptions {
  /** Share loaded folders between calls (the worker passes one per engine). */
  cache?: ModelCache;
  /**
   * WS-DAN only: average the raw logits with those of the attention crop (theta 0.1, 5% padding),
   * the seed's validation-time refinement. Default true. (The seed's Kaggle submission used raw
   * logits only; set false to reproduce that, at half the cost.)
   */
  refine?: boolean;
  /** Folders already being fetched and checked (fetchVerifiedFolder), by folder URL: the worker
   *  starts the downloads before tfjs's backend is up, since they need no backend. */
  verified?: Map<string, Promise<VerifiedFolder>>;
}

/** A model folder's files, every one fetched and its SHA-256 checked against the manifest. */
export interface VerifiedFolder {
  manifest: ModelManifest;
  manifestSha256: string;
  files: Record<string, ArrayBuffer>;
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
export function preprocessCrops(crops: tf.Tensor4D, inputSize: number, normalization: Normalization, region?: InputRegion, window?: InputWindow): tf.Tensor4D {
  return tf.tidy(() => {
    const resized = resizeCrops(window ? maskOutsideWindow(crops, window) : crops, inputSize, region);
    const mean = tf.tensor1d(normalization.mean.map((m) => m * 255));
    const scale = tf.tensor1d(normalization.std.map((s) => 1 / (s * 255)));
    return tf.mul(tf.sub(resized, mean), scale) as tf.Tensor4D;
  });
}

function checkCrops(crops: tf.Tensor4D): void {
  if (crops.rank !== 4 || crops.shape[3] !== 3) throw new Error(`predict expects crops of shape [n,S,S,3], got [${crops.shape.join(',')}]`);
  if (crops.dtype !== 'float32') throw new Error(`predict expects float32 crops (0..255), got ${crops.dtype}`);
}

const pFake = (logits: tf.Tensor2D) => tf.reshape(tf.slice(tf.softmax(logits), [0, 1], [-1, 1]), [-1]) as tf.Tensor1D;

/** attention [n,h,w,M] -> the mean over maps, divided by each crop's maximum, [n,h,w] (all zeros
 *  stay zeros). */
export function meanAttention(attention: tf.Tensor4D): tf.Tensor3D {
  return tf.tidy(() => {
    const m = tf.mean(attention, 3) as tf.Tensor3D;
    return tf.div(m, tf.add(tf.max(m, [1, 2], true), 1e-12)) as tf.Tensor3D;
  });
}

/** A head's output as HeadResult. */
function headResult(out: { logits: tf.Tensor2D; attention?: tf.Tensor4D }): HeadResult {
  return out.attention ? { pFake: pFake(out.logits), attention: meanAttention(out.attention) } : { pFake: pFake(out.logits) };
}

/** Wrap a built model and its manifest as the app's LoadedModel. `manifestSha256` (of the verified
 *  manifest.json bytes) names its backbone for members that share it. */
export function toLoadedModel(manifest: ModelManifest, model: Model, opts: LoadOptions = {}, manifestSha256?: string): LoadedModel {
  // The WS-DAN refinement re-runs the whole backbone on the attention crop: only for full models.
  const refine = opts.refine !== false && manifest.architecture !== 'xception' && manifest.archConfig.block14 !== false;
  let disposed = false;
  const alive = () => {
    if (disposed) throw new Error(`model ${manifest.name} was disposed`);
  };
  const features = (crops: tf.Tensor4D) => {
    alive();
    checkCrops(crops);
    return tf.tidy(() => model.features(preprocessCrops(crops, manifest.inputSize, manifest.normalization, manifest.inputRegion, manifest.inputWindow), { training: false, foldBn: true }));
  };
  const shared =
    manifestSha256 && manifest.archConfig.block14 === false
      ? { key: manifestSha256, features, predictFeatures: (f: tf.Tensor4D) => tf.tidy(() => headResult(model.applyHead(f, { training: false, foldBn: true }))) }
      : undefined;
  return {
    manifest,
    ...(manifestSha256 ? { manifestSha256 } : {}),
    ...(shared ? { shared } : {}),
    predict(crops) {
      alive();
      checkCrops(crops);
      return tf.tidy(() => {
        const x = preprocessCrops(crops, manifest.inputSize, manifest.normalization, manifest.inputRegion, manifest.inputWindow);
        const apply = (t: tf.Tensor4D) => model.apply(t, { training: false, foldBn: true });
        return pFake(refine ? refinedLogits(apply, x) : apply(x).logits);
      });
    },
    dispose() {
      if (!disposed) model.dispose();
      disposed = true;
    },
  };
}

/** A head-only folder on another model's backbone (manifest.backbone). Disposing it leaves the
 *  backbone to its owner. */
function headOnBackbone(manifest: ModelManifest, head: HeadModel, backbone: LoadedModel, manifestSha256: string): LoadedModel {
  const b = backbone.shared!;
  if (backbone.manifest.inputSize !== manifest.inputSize || JSON.stringify(backbone.manifest.normalization) !== JSON.stringify(manifest.normalization) || JSON.stringify(backbone.manifest.inputRegion ?? null) !== JSON.stringify(manifest.inputRegion ?? null) || JSON.stringify(backbone.manifest.inputWindow ?? null) !== JSON.stringify(manifest.inputWindow ?? null)) {
    throw new Error(`model ${manifest.name}: input size, region, window or normalisation differs from its backbone ${backbone.manifest.name}`);
  }
  let disposed = false;
  const predictFeatures = (f: tf.Tensor4D) => {
    if (disposed) throw new Error(`model ${manifest.name} was disposed`);
    return tf.tidy(() => headResult(head.apply(f, { training: false, foldBn: true })));
  };
  return {
    manifest,
    manifestSha256,
    shared: { key: b.key, features: b.features, predictFeatures },
    predict: (crops) => tf.tidy(() => predictFeatures(b.features(crops)).pFake),
    dispose() {
      if (!disposed) head.dispose();
      disposed = true;
    },
  };
}

/** Fetch, verify and build the model in folder `baseUrl` (ending in '/' or not). */
export function loadModel(baseUrl: string, fetchFn: FetchFn = (u) => fetch(u), opts: LoadOptions = {}): Promise<LoadedModel> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const cached = opts.cache?.get(base);
  if (cached) return cached;
  const p = loadFolder(base, fetchFn, opts);
  opts.cache?.set(base, p);
  return p;
}

/** Fetches the folder at `base` (ending in '/') and checks every file: no tfjs, no backend needed. */
export async function fetchVerifiedFolder(base: string, fetchFn: FetchFn = (u) => fetch(u)): Promise<VerifiedFolder> {
  const manifestBytes = await fetchBytes(fetchFn, `${base}manifest.json`, 'manifest.json');
  const manifestSha256 = await sha256Hex(manifestBytes);
  const manifest = parseManifest(parseJson(manifestBytes, 'manifest.json'));
  // Fetched in parallel, each file's SHA-256 checked as soon as it arrives (crypto.subtle hashes off
  // this thread, so the checks overlap the other downloads); nothing is parsed until every listed
  // file has passed, and a failure names the first bad file in manifest order (deterministic).
  const checked = await Promise.allSettled(manifest.files.map((f) => fetchBytes(fetchFn, base + f.path, f.path).then(async (bytes) => (await verifyFile(f, bytes), bytes))));
  startupMark(STARTUP_MARK.modelVerified, manifest.name);
  const files: Record<string, ArrayBuffer> = {};
  for (const [i, f] of manifest.files.entries()) {
    const c = checked[i]!;
    if (c.status === 'rejected') throw c.reason;
    files[f.path] = c.value;
  }
  return { manifest, manifestSha256, files };
}

async function loadFolder(base: string, fetchFn: FetchFn, opts: LoadOptions): Promise<LoadedModel> {
  const { manifest, manifestSha256, files } = await (opts.verified?.get(base) ?? fetchVerifiedFolder(base, fetchFn));
  const modelJson = parseJson(files['model.json']!, 'model.json') as { weightsManifest?: { paths?: unknown }[] };
  // A shard model.json names but manifest.json does not list could not be verified: refuse it.
  for (const group of Array.isArray(modelJson.weightsManifest) ? modelJson.weightsManifest : []) {
    for (const p of Array.isArray(group?.paths) ? group.paths : []) {
      if (typeof p === 'string' && !(p in files)) throw new Error(`model.json names "${p}", which manifest.json does not list (so its SHA-256 cannot be checked)`);
    }
  }
  // A head-only folder: load (or reuse) its backbone folder first and check it is the one pinned.
  const backbone = manifest.backbone ? await loadModel(new URL(`../${manifest.backbone.name}/`, base).href, fetchFn, opts) : null;
  if (backbone && backbone.manifestSha256 !== manifest.backbone!.manifestSha256) {
    throw new Error(`model ${manifest.name}: backbone ${manifest.backbone!.name} has manifest SHA-256 ${backbone.manifestSha256}, expected ${manifest.backbone!.manifestSha256}`);
  }
  const { modelJson: mj, weights } = decodeModel(modelJson, files);
  startupMark(STARTUP_MARK.modelDecoded, manifest.name);
  try {
    if (mj.architecture !== manifest.architecture) throw new Error(`model.json architecture "${mj.architecture}" differs from manifest.json "${manifest.architecture}"`);
    if (JSON.stringify(mj.archConfig) !== JSON.stringify(manifest.archConfig)) throw new Error('model.json archConfig differs from manifest.json archConfig');
    if (backbone) {
      if (!backbone.shared) throw new Error(`model ${manifest.name}: its backbone ${backbone.manifest.name} cannot be shared (it is not an Xception ending at block 13)`);
      // An Xception ending at block 13 gives 1024 channels at width 1 (scaled like xception.ts does).
      // Seed null: no random initial weights, the loaded ones are set at once (layers.ts, ParamStore).
      const head = buildHead(mj.architecture, mj.archConfig, roundChannels(1024, backbone.manifest.archConfig.widthMultiplier as number), null);
      try {
        head.setWeights(weights);
      } catch (e) {
        head.dispose();
        throw e;
      }
      startupMark(STARTUP_MARK.modelBuilt, manifest.name);
      return headOnBackbone(manifest, head, backbone, manifestSha256);
    }
    const model = buildModel(mj.architecture, mj.archConfig, null);
    try {
      model.setWeights(weights);
    } catch (e) {
      model.dispose();
      throw e;
    }
    startupMark(STARTUP_MARK.modelBuilt, manifest.name);
    return toLoadedModel(manifest, model, opts, manifestSha256);
  } finally {
    tf.dispose(Object.values(weights));
  }
}
