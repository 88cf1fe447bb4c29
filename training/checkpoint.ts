// Self-describing checkpoints: one file holding the full config, the position in training, the
// model's weights, the optimizer's momentum and the WS-DAN centers. Layout: 4-byte little-endian
// header length, the JSON header, then the float32 tensors in header order. Written to a temporary
// name and renamed, so an interrupted write never replaces a good checkpoint.
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from './crop-cache';
import type { TrainConfig } from './config';
import type { Metrics } from '../src/models/types';

export interface Progress {
  /** Epoch in progress (0-based) and the next step inside it. */
  epoch: number;
  step: number;
  imagesSeen: number;
  /** Seconds spent training (summed over resumed runs). */
  trainSeconds: number;
  /** The backend and thread count of the latest run (what "auto" resolved to), for the manifest. */
  ranOn?: string;
  /** Per-epoch validation metrics so far. */
  history: { epoch: number; loss: number; val: Metrics; lr: number }[];
}

export interface Checkpoint {
  config: TrainConfig;
  progress: Progress;
  /** Model weights (params and BN state) by name. */
  weights: Record<string, tf.Tensor>;
  /** SGD momentum buffers by parameter name. */
  velocity: Record<string, tf.Tensor>;
  /** WS-DAN feature centers [2, M*C], or null. */
  centers: tf.Tensor | null;
}

interface Header {
  version: 1;
  config: TrainConfig;
  progress: Progress;
  tensors: { group: 'weights' | 'velocity' | 'centers'; name: string; shape: number[] }[];
}

export function checkpointDir(root: string, cfg: Pick<TrainConfig, 'model' | 'name'>): string {
  return join(root, `${cfg.model}-${cfg.name}`);
}

export function saveCheckpoint(dir: string, ckpt: Checkpoint, keep = 2): string {
  mkdirSync(dir, { recursive: true });
  const entries: [Header['tensors'][number], tf.Tensor][] = [
    ...Object.entries(ckpt.weights).map(([name, t]) => [{ group: 'weights', name, shape: t.shape }, t] as [Header['tensors'][number], tf.Tensor]),
    ...Object.entries(ckpt.velocity).map(([name, t]) => [{ group: 'velocity', name, shape: t.shape }, t] as [Header['tensors'][number], tf.Tensor]),
    ...(ckpt.centers ? [[{ group: 'centers', name: 'centers', shape: ckpt.centers.shape }, ckpt.centers] as [Header['tensors'][number], tf.Tensor]] : []),
  ];
  const header: Header = { version: 1, config: ckpt.config, progress: ckpt.progress, tensors: entries.map(([h]) => h) };
  const json = Buffer.from(JSON.stringify(header));
  const data = entries.map(([, t]) => Buffer.from((t.dataSync() as Float32Array).buffer.slice(0)));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  const path = join(dir, `step-${String(ckpt.progress.imagesSeen).padStart(9, '0')}.ckpt`);
  writeAtomic(path, Buffer.concat([len, json, ...data]));
  // Keep the newest few; older ones only cost disk.
  for (const old of listCheckpoints(dir).slice(0, -keep)) unlinkSync(old);
  return path;
}

/** Checkpoint files of a run, oldest first. */
export function listCheckpoints(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^step-\d+\.ckpt$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Move a run's checkpoint files into a dated subfolder (returned), or do nothing (null). */
export function archiveCheckpoints(dir: string, now = new Date()): string | null {
  const files = listCheckpoints(dir);
  if (files.length === 0) return null;
  const target = join(dir, `archived-${now.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(target, { recursive: true });
  for (const f of files) renameSync(f, join(target, f.slice(dir.length + 1)));
  return target;
}

export function newestCheckpoint(dir: string): string | null {
  return listCheckpoints(dir).at(-1) ?? null;
}

export function loadCheckpoint(path: string): Checkpoint {
  const buf = readFileSync(path);
  const len = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as Header;
  if (header.version !== 1) throw new Error(`${path}: unknown checkpoint version ${String(header.version)}.`);
  let offset = 4 + len;
  const out: Checkpoint = { config: header.config, progress: header.progress, weights: {}, velocity: {}, centers: null };
  for (const spec of header.tensors) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + n * 4));
    offset += n * 4;
    const t = tf.tensor(values, spec.shape, 'float32');
    if (spec.group === 'centers') out.centers = t;
    else out[spec.group][spec.name] = t;
  }
  if (offset !== buf.length) throw new Error(`${path}: checkpoint is ${buf.length} bytes, its header describes ${offset}; the file is damaged.`);
  return out;
}

export function disposeCheckpoint(c: Checkpoint): void {
  tf.dispose([...Object.values(c.weights), ...Object.values(c.velocity), ...(c.centers ? [c.centers] : [])]);
}
