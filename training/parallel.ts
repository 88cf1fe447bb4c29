// Data-parallel training on several CPU cores. tfjs-wasm runs one thread in Node, so one process
// uses one of this machine's two cores. parallelStep splits each batch into shards: the main thread
// computes the first, worker threads (grad-worker.ts) the others, all from the same weights; the
// gradients are averaged (weighted by shard size: each shard's loss is a mean), the BN moving stats
// averaged, the WS-DAN centers moved by all shards' features, and the one optimizer in the main
// thread applies the update. Same images, same per-image augmentation as one process; what differs
// is that batch norm normalises each shard by its own statistics ("ghost batch norm").
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { ArchConfig } from '../src/models/arch/index';
import type { Architecture, Normalization } from '../src/models/types';
import type { BackendName, WsdanConfig } from './config';
import type { CachedSplit, DataSource } from './crop-cache';
import { makeBatch } from './batch';
import { applyGradients, stepGradients, type StepState } from './step';

export interface InitMessage {
  type: 'init';
  model: Architecture;
  arch: ArchConfig;
  wsdan: WsdanConfig | null;
  /** The backend the main thread resolved (never "auto": every thread must run the same one). */
  backend: Exclude<BackendName, 'auto'>;
  data: DataSource;
}

export interface StepRequest {
  type: 'step';
  id: number;
  weights: Record<string, Float32Array>;
  centers: Float32Array | null;
  centersShape: number[];
  indices: number[];
  aug: { seed: number; epoch: number; position: number } | null;
  stepSeed: number;
  cacheVersion: number;
}

export interface StepReply {
  type: 'step';
  id: number;
  n: number;
  loss: number;
  grads: Record<string, Float32Array>;
  state: Record<string, Float32Array>;
  features: Float32Array | null;
  labels: Int32Array;
}

export type WorkerReply = StepReply | { type: 'ready' } | { type: 'error'; id: number; message: string };

/** `workers` as configured: 0 = one per core this process may use. */
export function workerCount(configured: number, backend: Exclude<BackendName, 'auto'>): number {
  // A GPU is driven by one process (more would only queue on it); tfjs-node threads by itself.
  if (backend === 'webgpu' || backend === 'node') return 1;
  return configured > 0 ? configured : availableParallelism();
}

/** Cut a batch into `parts` contiguous shards as even as possible (empty shards dropped). */
export function shardBatch(indices: readonly number[], parts: number): { offset: number; indices: number[] }[] {
  const out: { offset: number; indices: number[] }[] = [];
  let offset = 0;
  for (let k = 0; k < parts; k++) {
    const size = Math.floor(indices.length / parts) + (k < indices.length % parts ? 1 : 0);
    if (size > 0) out.push({ offset, indices: indices.slice(offset, offset + size) });
    offset += size;
  }
  return out;
}

/** A shard's dropout/attention seed: shard 0 keeps the step's seed (a one-process run's). */
export const shardSeed = (stepSeed: number, shard: number): number => (stepSeed + shard * 1_000_003) >>> 0;

class GradWorker {
  private readonly worker: Worker;
  private pending = new Map<number, { resolve: (r: StepReply) => void; reject: (e: Error) => void }>();
  private ready: Promise<void>;
  private failed: Error | null = null;

  constructor(init: InitMessage) {
    // The worker is TypeScript: a two-line bootstrap registers tsx's loader inside the thread, then
    // imports it (execArgv `--import tsx` is not honoured by worker threads on Node 20).
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./grad-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    this.worker = new Worker(boot, { eval: true, execArgv: [] });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (msg: WorkerReply) => {
        if (msg.type === 'ready') resolve();
        else if (msg.type === 'error') {
          const err = new Error(`Gradient worker: ${msg.message}`);
          if (msg.id < 0) reject(err);
          this.settle(msg.id, null, err);
        } else this.settle(msg.id, msg, null);
      });
      const fail = (e: Error) => {
        this.failed = e;
        reject(e);
        for (const id of [...this.pending.keys()]) this.settle(id, null, e);
      };
      this.worker.on('error', (e) => fail(new Error(`Gradient worker crashed: ${e.message}`)));
      this.worker.on('exit', (code) => fail(new Error(`Gradient worker exited (code ${code}).`)));
    });
    this.worker.postMessage(init);
  }

  private settle(id: number, reply: StepReply | null, err: Error | null): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (err) p.reject(err);
    else p.resolve(reply!);
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  step(req: StepRequest): Promise<StepReply> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject });
      this.worker.postMessage(req);
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

export class GradientPool {
  private nextId = 0;
  private constructor(private readonly workers: GradWorker[]) {}

  /** Start `helpers` worker threads (the main thread is the first shard's worker) and wait until
   *  each has its backend, model and data. */
  static async start(helpers: number, init: Omit<InitMessage, 'type'>): Promise<GradientPool> {
    const workers = Array.from({ length: helpers }, () => new GradWorker({ type: 'init', ...init }));
    try {
      await Promise.all(workers.map((w) => w.whenReady()));
    } catch (e) {
      await Promise.all(workers.map((w) => w.close()));
      throw e;
    }
    return new GradientPool(workers);
  }

  /** Processes computing a step: the helpers and the main thread. */
  get size(): number {
    return this.workers.length + 1;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }

  /**
   * One data-parallel SGD step over `indices` of `data`; returns the batch's mean loss. The main
   * thread's shard runs while the workers run theirs, then everything is combined here.
   */
  async step(
    s: StepState,
    data: CachedSplit,
    norm: Normalization,
    indices: readonly number[],
    aug: { seed: number; epoch: number; position: number } | null,
    stepSeed: number,
    lr: number,
  ): Promise<number> {
    const shards = shardBatch(indices, this.size);
    // Snapshot before the main shard's forward pass moves the BN stats.
    const weights = Object.fromEntries(Object.entries(s.model.namedWeights()).map(([k, t]) => [k, new Float32Array(t.dataSync() as Float32Array)]));
    const centers = s.centers ? new Float32Array(s.centers.dataSync() as Float32Array) : null;
    const remote = shards.slice(1).map((shard, k) =>
      this.workers[k]!.step({
        type: 'step',
        id: this.nextId++,
        weights,
        centers,
        centersShape: s.centers?.shape ?? [],
        indices: shard.indices,
        aug: aug ? { ...aug, position: aug.position + shard.offset } : null,
        stepSeed: shardSeed(stepSeed, k + 1),
        cacheVersion: data.version,
      }),
    );
    const { x, y } = makeBatch(data, shards[0]!.indices, norm, aug);
    const local = stepGradients(s.model, s.cfg, s.centers, x, y, stepSeed);
    tf.dispose(x);
    const replies = await Promise.all(remote);

    const n = indices.length;
    const w0 = shards[0]!.indices.length / n;
    const grads = tf.tidy(() =>
      Object.fromEntries(
        Object.entries(local.grads).map(([k, g]) => {
          let sum = tf.mul(g, w0);
          for (const r of replies) sum = tf.add(sum, tf.mul(tf.tensor(r.grads[k]!, g.shape), r.n / n));
          return [k, sum];
        }),
      ),
    );
    // BN moving stats: each process moved them by (1-m)*old + m*batch_k; the weighted mean of those
    // is the same update with the mean of the shards' batch statistics.
    for (const [k, v] of Object.entries(s.model.state)) {
      tf.tidy(() => {
        let sum = tf.mul(v, w0);
        for (const r of replies) sum = tf.add(sum, tf.mul(tf.tensor(r.state[k]!, v.shape), r.n / n));
        v.assign(sum);
      });
    }
    const features = local.features
      ? (tf.concat([local.features, ...replies.map((r) => tf.tensor2d(r.features!, [r.n, local.features!.shape[1]]))], 0) as tf.Tensor2D)
      : null;
    const labels = tf.tensor1d(Int32Array.from([...y.dataSync(), ...replies.flatMap((r) => [...r.labels])]), 'int32');
    applyGradients(s, grads, features, labels, lr);
    tf.dispose([y, labels, ...Object.values(local.grads), ...Object.values(grads), ...(local.features ? [local.features] : []), ...(features ? [features] : [])]);
    return local.loss * w0 + replies.reduce((a, r) => a + (r.loss * r.n) / n, 0);
  }
}
