// Score: every loaded model on the aligned crops, combined by the config's ensemble weights (the
// seed's 0.7 / 0.1 / 0.2 on probabilities), renormalised over the models that actually loaded;
// members on one shared backbone run it once.
// One readback per call: the per-model probabilities, stacked (a few floats).
import * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from '../models/types';
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
    throw new Error('No model of the ensemble is loaded, so faces cannot be scored.');
  }
  return present.map((c) => ({ name: c.name, model: loaded.get(c.name)!, weight: c.weight / total }));
}

export interface CropScores {
  /** Ensemble P(fake) per crop. */
  scores: number[];
  /** Each model's P(fake) per crop, by model name. */
  models: Record<string, number>[];
}

/** P(fake) per crop for the ensemble (calibrated when `calibration` fits it) and for each model (raw).
 *  `crops`: [n, S, S, 3] float32 RGB 0..255 (the caller keeps and disposes it). Leaves no tensor behind. */
export async function scoreCrops(ensemble: readonly EnsembleMember[], crops: tf.Tensor4D, calibration: Calibration | null = null): Promise<CropScores> {
  const platt = calibrationFor(ensemble, calibration);
  const n = crops.shape[0];
  if (n === 0) return { scores: [], models: [] };
  // [members, n]: each model's probabilities, then the weighted sum as the last row.
  const stacked = tf.tidy(() => {
    // Members that share a backbone (manifest.backbone) get its feature map computed once.
    const features = new Map<string, tf.Tensor4D>();
    const perModel = ensemble.map(({ model }) => {
      if (!model.shared) return model.predict(crops);
      let f = features.get(model.shared.key);
      if (!f) features.set(model.shared.key, (f = model.shared.features(crops)));
      return model.shared.predictFeatures(f);
    });
    const weighted = tf.addN(perModel.map((p, i) => tf.mul(p, ensemble[i].weight)));
    return tf.stack([...perModel, weighted]) as tf.Tensor2D;
  });
  let values: Float32Array;
  try {
    values = (await stacked.data()) as Float32Array;
  } finally {
    stacked.dispose();
  }
  const row = (r: number, i: number) => values[r * n + i];
  return {
    scores: Array.from({ length: n }, (_, i) => (platt ? applyPlatt(row(ensemble.length, i), platt) : row(ensemble.length, i))),
    models: Array.from({ length: n }, (_, i) =>
      Object.fromEntries(ensemble.map((m, r) => [m.name, row(r, i)])),
    ),
  };
}
