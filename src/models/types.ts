// The contract between the model definitions (src/models/arch, shared with training/), the
// weights on disk (public/models/<name>/) and the app's scoring stage. Plain data + one interface.
import type * as tf from '@tensorflow/tfjs-core';
import type { FileHash, Metrics } from '../types';

/** The three architectures of the ensemble (the folder names under public/models/). */
export type Architecture = 'wsdan-xception' | 'wsdan-efficientnet-b3' | 'xception';

/** Per-channel normalisation applied to RGB in [0,1]: (x - mean) / std. */
export interface Normalization {
  mean: [number, number, number];
  std: [number, number, number];
}

/** public/models/<name>/manifest.json */
/** A square part of the aligned face crop, in fractions of its side: left and top edges and side. */
export interface InputRegion {
  left: number;
  top: number;
  size: number;
}

/** A rectangle of the aligned crop (fractions of its side) outside which every pixel is set to black
 *  before the model reads it: the part of the template the tight training crops covered (issue 22,
 *  item 0), so hair, neck and background in a video frame look as the training crops' black fill. */
export interface InputWindow {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ModelManifest {
  name: string;
  architecture: Architecture;
  /** The architecture's own hyper-parameters (width, depth, attention maps ...): enough to rebuild it. */
  archConfig: Record<string, unknown>;
  /** Training config name ('cpu' | 'full') and how it differs from the seed's. */
  config: { name: string; differences: string; [key: string]: unknown };
  /** Side of the square input the network sees (resized from the 320 aligned crop). */
  inputSize: number;
  /** The square part of the aligned crop the network reads (fractions of its side), resampled to
   *  inputSize; absent = the whole crop. */
  inputRegion?: InputRegion;
  /** The part of the aligned crop the network sees; outside it, black (as the training crops' fill).
   *  Applied before the input region; absent = every pixel of the crop. */
  inputWindow?: InputWindow;
  normalization: Normalization;
  /** Weight file(s) of the model (model.json + shards). */
  files: FileHash[];
  dataset: { name: string; split: Record<string, unknown> };
  metrics: Metrics;
  createdAt: string;
  /** Set when this folder holds only a head: the model runs on the backbone of model folder
   *  `name` (sibling folder), whose manifest.json must have this SHA-256. The page then computes that
   *  backbone once per face for every model that shares it. */
  backbone?: { name: string; manifestSha256: string };
  /** What the model was trained on and where it is known to be weaker, in plain words (shown
   *  beside the verdict and in the report). */
  about?: string;
}

/** A head's output on a feature map (a type, not an interface, so tf.tidy takes it as a container). */
export type HeadResult = {
  /** P(fake) per crop, [n]. */
  pFake: tf.Tensor1D;
  /** WS-DAN heads: the mean of the attention maps per crop, each divided by its maximum, [n,h,w]
   *  (h = w = the feature map's side). Computed with the probabilities, no extra backbone pass. */
  attention?: tf.Tensor3D;
};

/** A backbone several ensemble members read: computed once per batch of crops. */
export interface SharedFeatures {
  /** Equal keys = the same backbone weights and preprocessing (the backbone manifest's SHA-256). */
  key: string;
  /** crops [n,S,S,3] RGB 0..255 -> the backbone's feature map. */
  features(crops: tf.Tensor4D): tf.Tensor4D;
  /** The model's P(fake) (and WS-DAN attention) from that feature map. */
  predictFeatures(features: tf.Tensor4D): HeadResult;
}

/** A loaded, ready classifier. Inputs are aligned face crops; preprocessing comes from the manifest. */
export interface LoadedModel {
  manifest: ModelManifest;
  /**
   * P(fake) per crop. `crops`: [n, S, S, 3] float32 RGB in 0..255 (S = the aligned crop side, 320 by
   * default). Resizing to inputSize and normalisation happen inside. The caller disposes `crops`; the
   * returned tensor is the caller's to dispose.
   */
  predict(crops: tf.Tensor4D): tf.Tensor1D;
  /** Xception-family models: the backbone/head split, so members sharing a backbone run it once. */
  shared?: SharedFeatures;
  /** SHA-256 of the manifest.json bytes that were verified and loaded (what the report cites). */
  manifestSha256?: string;
  dispose(): void;
}
