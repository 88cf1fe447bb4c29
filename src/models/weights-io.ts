// Named tensors <-> the tfjs weights-manifest format: model.json + binary shard(s) of float16 values.
// float16 halves the download; float16.ts expands it back to float32 (quantization
// {dtype:'float16'}: the tfjs weights format, and the same bits as tf.io.decodeWeights, faster).
// Encoding is ours too (tfjs has no float16 encoder): round to nearest even, overflow to
// +-Infinity, subnormals kept.
import * as tf from '@tensorflow/tfjs-core';
import type { Architecture } from './types';
import { float16ToFloat32 } from './float16';
import { parseArchConfig, type ArchConfig } from './arch/index';

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

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** One float32 -> IEEE 754 binary16 bits. */
export function toHalfBits(value: number): number {
  F32[0] = value;
  const x = U32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN (quiet)
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    // Subnormal half: shift the full 24-bit significand down, rounding to nearest even.
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    let r = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (r & 1) === 1)) r++;
    return sign | r; // r may carry into 0x400, the smallest normal: still the right encoding
  }
  let r = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (r & 1) === 1)) r++; // a carry may reach 0x7c00 = Infinity
  return sign | r;
}

export function float32ToFloat16Bits(x: Float32Array): Uint16Array {
  const out = new Uint16Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = toHalfBits(x[i]!);
  return out;
}

/** Shard size: the tfjs converter's 4 MiB default keeps each fetch small and cacheable. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

/**
 * Encode named float32 tensors (in the given order) as float16 into model.json + shards named
 * `group1-shard{i}of{n}.bin` (or `shardName` when there is one shard).
 */
export function encodeModel(
  architecture: Architecture,
  archConfig: ArchConfig,
  weights: Record<string, tf.Tensor>,
  opts: { shardBytes?: number; shardName?: string } = {},
): { modelJson: ModelJson; shards: { path: string; data: Uint8Array }[] } {
  const entries: WeightEntry[] = [];
  const parts: Uint16Array[] = [];
  for (const [name, t] of Object.entries(weights)) {
    if (t.dtype !== 'float32') throw new Error(`weight "${name}" has dtype ${t.dtype}; only float32 weights are saved`);
    entries.push({ name, shape: t.shape.slice(), dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } });
    parts.push(float32ToFloat16Bits(t.dataSync() as Float32Array));
  }
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const all = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    all.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), off);
    off += p.byteLength;
  }
  const shardBytes = opts.shardBytes ?? DEFAULT_SHARD_BYTES;
  const count = Math.max(1, Math.ceil(total / shardBytes));
  const shards = Array.from({ length: count }, (_, i) => ({
    path: count === 1 && opts.shardName ? opts.shardName : `group1-shard${i + 1}of${count}.bin`,
    data: all.slice(i * shardBytes, Math.min(total, (i + 1) * shardBytes)),
  }));
  const modelJson: ModelJson = {
    format: MODEL_JSON_FORMAT,
    architecture,
    archConfig: parseArchConfig(architecture, archConfig),
    weightsManifest: [{ paths: shards.map((s) => s.path), weights: entries }],
  };
  return { modelJson, shards };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validate parsed model.json; exact messages name the field. */
export function parseModelJson(json: unknown): ModelJson {
  if (!isRecord(json)) throw new Error('model.json: not a JSON object');
  if (json.format !== MODEL_JSON_FORMAT) throw new Error(`model.json: "format" must be "${MODEL_JSON_FORMAT}", got ${JSON.stringify(json.format)}`);
  const architecture = json.architecture as Architecture;
  if (typeof architecture !== 'string') throw new Error('model.json: "architecture" is missing');
  const archConfig = parseArchConfig(architecture, json.archConfig);
  const groups = json.weightsManifest;
  if (!Array.isArray(groups) || groups.length === 0) throw new Error('model.json: "weightsManifest" must be a non-empty array');
  groups.forEach((g, gi) => {
    if (!isRecord(g) || !Array.isArray(g.paths) || g.paths.some((p) => typeof p !== 'string') || !Array.isArray(g.weights)) {
      throw new Error(`model.json: weightsManifest[${gi}] must have "paths" (strings) and "weights" (array)`);
    }
    g.weights.forEach((w, wi) => {
      const ok =
        isRecord(w) &&
        typeof w.name === 'string' &&
        Array.isArray(w.shape) &&
        w.shape.every((d) => Number.isInteger(d) && (d as number) >= 0) &&
        w.dtype === 'float32' &&
        (w.quantization === undefined || (isRecord(w.quantization) && w.quantization.dtype === 'float16'));
      if (!ok) throw new Error(`model.json: weightsManifest[${gi}].weights[${wi}] must be {name, shape, dtype:'float32', quantization?:{dtype:'float16'}}`);
    });
  });
  return { format: MODEL_JSON_FORMAT, architecture, archConfig, weightsManifest: groups as ModelJson['weightsManifest'] };
}

function expectedBytes(w: WeightEntry): number {
  return w.shape.reduce((a, b) => a * b, 1) * (w.quantization ? 2 : 4);
}

/** The `count` bytes at `offset` of the shards read as one stream: a view into the shard that holds
 *  them all (no copy), or a copy when they straddle two shards. */
function bytesAt(buffers: readonly ArrayBuffer[], starts: readonly number[], offset: number, count: number): Uint8Array {
  let i = 0;
  while (i + 1 < buffers.length && starts[i + 1]! <= offset) i++;
  const inShard = offset - starts[i]!;
  if (inShard + count <= buffers[i]!.byteLength) return new Uint8Array(buffers[i]!, inShard, count);
  const out = new Uint8Array(count);
  let done = 0;
  for (let j = i; done < count; j++) {
    const from = j === i ? inShard : 0;
    const take = Math.min(count - done, buffers[j]!.byteLength - from);
    out.set(new Uint8Array(buffers[j]!, from, take), done);
    done += take;
  }
  return out;
}

/** One weight's float32 values from its bytes (float16 halves decoded, float32 copied). */
function weightValues(w: WeightEntry, bytes: Uint8Array): Float32Array {
  // parseModelJson lets a weight be plain float32 (no quantization).
  if (!w.quantization) return new Float32Array(bytes.slice().buffer);
  // A half is 2 bytes: a view needs an even offset, which every weight before it (n x 2 bytes) and
  // every shard boundary keeps; copy otherwise.
  const halves = bytes.byteOffset % 2 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2) : new Uint16Array(bytes.slice().buffer);
  return float16ToFloat32(halves);
}

/**
 * Decode the shards (by path, as named in model.json) into named float32 tensors. The caller owns
 * (disposes) the tensors. Each weight is read from its shard in place (float16ToFloat32, the same
 * bits as tf.io.decodeWeights) rather than through one joined copy of every shard.
 */
export function decodeModel(modelJsonRaw: unknown, shards: Record<string, ArrayBuffer>): { modelJson: ModelJson; weights: Record<string, tf.Tensor> } {
  const modelJson = parseModelJson(modelJsonRaw);
  const weights: Record<string, tf.Tensor> = {};
  try {
    for (const group of modelJson.weightsManifest) {
      const buffers = group.paths.map((p) => {
        const b = shards[p];
        if (!b) throw new Error(`model.json names shard "${p}", which was not provided`);
        return b;
      });
      const starts: number[] = [];
      let total = 0;
      for (const b of buffers) {
        starts.push(total);
        total += b.byteLength;
      }
      const need = group.weights.reduce((s, w) => s + expectedBytes(w), 0);
      if (total !== need) throw new Error(`weight shards ${group.paths.join(', ')}: expected ${need} bytes, got ${total}`);
      let offset = 0;
      for (const w of group.weights) {
        if (w.name in weights) throw new Error(`model.json: weight "${w.name}" appears twice`);
        const count = expectedBytes(w);
        weights[w.name] = tf.tensor(weightValues(w, bytesAt(buffers, starts, offset, count)), w.shape, 'float32');
        offset += count;
      }
    }
  } catch (e) {
    tf.dispose(Object.values(weights));
    throw e;
  }
  return { modelJson, weights };
}
