// The pair's one checkpoint format (feature-train.ts writes it; evaluate-pair.ts, export-pair.ts and
// shipped-checkpoint.ts read it): a JSON header (JointCheckpoint: config, progress, history) and the
// float32 tensors, and where each run keeps its checkpoints.
import * as tf from '@tensorflow/tfjs';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Metrics } from '../src/types';
import { writeAtomic } from './crop-cache';
import { DEFAULT_JOINT, fineTunedOf, type JointTrainConfig } from './joint-config';
import type { FineTuned } from './joint-step';

export interface JointCheckpoint {
  config: JointTrainConfig;
  epoch: number;
  /** Next position inside the epoch's rows. */
  position: number;
  imagesSeen: number;
  trainSeconds: number;
  history: { imagesSeen: number; epoch: number; loss: number; lossX: number; lossW: number; lr: number; valA: { xception: Metrics; wsdan: Metrics; mean: Metrics; full: boolean } }[];
  best: { imagesSeen: number; auc: number } | null;
  /** The checkpoint a run was warm-started from (--init). */
  initFrom?: { path: string; imagesSeen: number };
  /** Set when the run's state was rebuilt from the shipped folders (shipped-checkpoint.ts): their
   *  float16 weights, the history their manifest records, momentum restarted from zero. */
  continuedFrom?: { manifestSha256: string; imagesSeen: number };
}

const HEAD_CHECKPOINTS = join(import.meta.dirname, 'checkpoints');
/** Each depth, cache and choice of fakes keeps its own checkpoints and log, so one run never
 *  overwrites another's. */
export const runName = (blocks: FineTuned, cache = DEFAULT_JOINT.cache, fakes = DEFAULT_JOINT.fakes): string =>
  `xception-pair-imagenet${blocks === 1 ? '' : `-b${14 - blocks}`}${cache === DEFAULT_JOINT.cache ? '' : `-${cache}`}${fakes === DEFAULT_JOINT.fakes ? '' : `-${fakes}-fakes`}`;
export const jointDir = (blocks: FineTuned, cache = DEFAULT_JOINT.cache, fakes = DEFAULT_JOINT.fakes): string => join(HEAD_CHECKPOINTS, runName(blocks, cache, fakes));

export const bestJointPath = (blocks: FineTuned = 1, cache = DEFAULT_JOINT.cache, fakes = DEFAULT_JOINT.fakes): string => join(jointDir(blocks, cache, fakes), 'best.ckpt');

/** Fine-tuned depth recorded in a checkpoint (read from its header only). */
export function checkpointBlocks(path: string): FineTuned {
  return fineTunedOf(checkpointConfig(path));
}

/** The training config recorded in a checkpoint (read from its header only). */
export function checkpointConfig(path: string): Partial<JointTrainConfig> {
  const fd = openSync(path, 'r');
  try {
    const len = Buffer.alloc(4);
    readSync(fd, len, 0, 4, 0);
    const header = Buffer.alloc(len.readUInt32LE(0));
    readSync(fd, header, 0, header.length, 4);
    return (JSON.parse(header.toString()) as { meta: JointCheckpoint }).meta.config;
  } finally {
    closeSync(fd);
  }
}

/** Save head weights (+ momentum) as JSON header + float32 bytes (the B0 member's b0-train.ts
 *  stores its own meta in the same format). */
export function saveHead<M = JointCheckpoint>(path: string, meta: M, tensors: Record<string, tf.Tensor>): void {
  const names = Object.keys(tensors);
  const header = Buffer.from(JSON.stringify({ meta, tensors: names.map((n) => ({ name: n, shape: tensors[n]!.shape })) }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  writeAtomic(path, Buffer.concat([len, header, ...names.map((n) => Buffer.from((tensors[n]!.dataSync() as Float32Array).slice().buffer))]));
}

export function loadHead<M = JointCheckpoint>(path: string): { meta: M; tensors: Record<string, tf.Tensor> } {
  const buf = readFileSync(path);
  const len = buf.readUInt32LE(0);
  const { meta, tensors } = JSON.parse(buf.subarray(4, 4 + len).toString()) as { meta: M; tensors: { name: string; shape: number[] }[] };
  let off = 4 + len;
  const out: Record<string, tf.Tensor> = {};
  for (const t of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    out[t.name] = tf.tensor(new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + 4 * n)), t.shape);
    off += 4 * n;
  }
  return { meta, tensors: out };
}
