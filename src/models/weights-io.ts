// Named tensors <-> the tfjs weights-manifest format (model.json + one float16 shard).
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from './types';
import type { ArchConfig } from './arch/index';

export const MODEL_JSON_FORMAT = 'wsdan-functional';

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization: { dtype: 'float16'; original_dtype: 'float32' };
}

/** model.json */
export interface ModelJson {
  format: typeof MODEL_JSON_FORMAT;
  architecture: Architecture;
  archConfig: ArchConfig;
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

/** Encode named float32 tensors as float16 into model.json + weights.bin (the shard file name). */
export function encodeModel(_architecture: Architecture, _archConfig: ArchConfig, _weights: Record<string, tf.Tensor>, _shardName = 'weights.bin'): { modelJson: ModelJson; shards: { path: string; data: Uint8Array }[] } {
  throw new Error('not implemented');
}

/** Parse/validate model.json and decode the shards (concatenated in weightsManifest order) into named float32 tensors. */
export function decodeModel(_modelJson: unknown, _shards: Record<string, ArrayBuffer>): { modelJson: ModelJson; weights: Record<string, tf.Tensor> } {
  throw new Error('not implemented');
}

/** float32 -> IEEE half bits, round to nearest even, overflow -> inf, subnormals kept. */
export function float32ToFloat16Bits(_x: Float32Array): Uint16Array {
  throw new Error('not implemented');
}
