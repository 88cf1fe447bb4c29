// Score: every loaded model on the aligned crops, combined by the config's ensemble weights (the
// seed's 0.7 / 0.1 / 0.2 on probabilities), renormalised over the models that actually loaded;
// members on one shared backbone run it once.
// One readback per call: the per-model probabilities, the WS-DAN attention grids and the appearance
// descriptors, concatenated into one flat tensor (about 4 KB per face).
import * as tf from '@tensorflow/tfjs-core';
import type { LoadedModel } from '../models/types';
import type { AttentionGrid } from '../types';
import { WordsError } from '../failure';
import { words } from '../i18n/words';
import { applyPlatt, calibrationFor, type Calibration } from './calibrate';

export { calibrationFor, type Calibration };

export interface EnsembleMember {
  name: string;
  model: LoadedModel;
  /** Weight after renormalisation over the loaded models (members' weights sum to 1). */
  weight: number;
}

/** Pairs loaded models with their configured weights, renormalised to sum to 1. Models the config
 *  does not list are not used (their weight would be a guess); an empty ensemble is an error. */
export function buildEnsemble(
  config: readonly { name: string; weight: number }[],
  loaded: ReadonlyMap<string, LoadedModel>,
): EnsembleMember[] {
  const present = config.filter((c) => loaded.has(c.name) && c.weight > 0);
  const total = present.reduce((s, c) => s + c.weight, 0);
  if (present.length === 0 || !(total > 0)) {
    throw new WordsError(words('noModel'));
  }
  return present.map((c) => ({ name: c.name, model: loaded.get(c.name)!, weight: c.weight / total }));
}

export interface CropScores {
  /** Ensemble P(fake) per crop. */
  scores: number[];
  /** Each model's P(fake) per crop, by model name. */
  models: Record<string, number>[];
  /** Per crop: the first WS-DAN member's attention (mean over maps, max 1), or null without one. */
  attention: (AttentionGrid | null)[];
  /** Per crop: the shared backbone's feature map averaged over positions (an appearance descriptor
   *  for tracking, free: the map is already computed), or null when no member shares a backbone. */
  descriptors: (Float32Array | null)[];
}

/** P(fake) per crop for the ensemble (calibrated when `calibration` fits it) and for each model (raw).
 *  `crops`: [n, S, S, 3] float32 RGB 0..255 (the caller keeps and disposes it). Leaves no tensor behind. */
export async function scoreCrops(ensemble: readonly EnsembleMember[], crops: tf.Tensor4D, calibration: Calibration | null = null): Promise<CropScores> {
  const platt = calibrationFor(ensemble, calibration);
  const n = crops.shape[0];
  if (n === 0) return { scores: [], models: [], attention: [], descriptors: [] };
  let side = 0;
  let channels = 0;
  // One flat tensor: [members+1, n] probabilities (the weighted sum last), then [n,side,side]
  // attention, then [n,channels] descriptors.
  const flat = tf.tidy(() => {
    // Members that share a backbone (manifest.backbone) get its feature map computed once.
    const features = new Map<string, tf.Tensor4D>();
    let attention: tf.Tensor3D | undefined;
    const perModel = ensemble.map(({ model }) => {
      if (!model.shared) return model.predict(crops);
      let f = features.get(model.shared.key);
      if (!f) features.set(model.shared.key, (f = model.shared.features(crops)));
      const out = model.shared.predictFeatures(f);
      attention ??= out.attention;
      return out.pFake;
    });
    const weighted = tf.addN(perModel.map((p, i) => tf.mul(p, ensemble[i]!.weight)));
    const parts: tf.Tensor[] = [tf.reshape(tf.stack([...perModel, weighted]), [-1])];
    if (attention) {
      side = attention.shape[1];
      parts.push(tf.reshape(attention, [-1]));
    }
    const first = features.values().next().value;
    if (first) {
      channels = first.shape[3];
      parts.push(tf.reshape(tf.mean(first, [1, 2]), [-1]));
    }
    return tf.concat(parts) as tf.Tensor1D;
  });
  let values: Float32Array;
  try {
    values = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  const row = (r: number, i: number) => values[r * n + i]!; // the stack above: one row per model, then the ensemble
  const attStart = (ensemble.length + 1) * n;
  const descStart = attStart + n * side * side;
  return {
    scores: Array.from({ length: n }, (_, i) => (platt ? applyPlatt(row(ensemble.length, i), platt) : row(ensemble.length, i))),
    models: Array.from({ length: n }, (_, i) =>
      Object.fromEntries(ensemble.map((m, r) => [m.name, row(r, i)])),
    ),
    attention: Array.from({ length: n }, (_, i) =>
      side > 0 ? { side, values: Array.from(values.subarray(attStart + i * side * side, attStart + (i + 1) * side * side), (v) => Math.round(v * 1000) / 1000) } : null,
    ),
    descriptors: Array.from({ length: n }, (_, i) => (channels > 0 ? values.slice(descStart + i * channels, descStart + (i + 1) * channels) : null)),
  };
}
