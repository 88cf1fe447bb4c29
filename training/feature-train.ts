// The CPU recipe for the ImageNet-initialised Xception members (docs/training-recipe.md). The frozen
// trunk (Keras ImageNet weights, blocks 1-12, or 1-11 with --fineTunedBlocks 2) ran once per crop in
// feature-cache.ts; here block 13 (or blocks 12-13; ImageNet-initialised) is fine-tuned on the cached
// maps [10,10,728] of all 34,644 training crops, shared by two heads trained with it (joint-step.ts):
//   xception        - the seed's classifier head: global average pool + linear;
//   wsdan-xception  - the seed's WS-DAN head: 8 attention maps (1x1 conv + BN + ReLU), bilinear
//                     attention pooling, signed sqrt, L2 norm, dropout 0.5, linear on x100. Attention
//                     crop and drop need the trunk re-run on new pixels: left out of this recipe.
// Block 14 is dropped: the ImageNet file lacks its kernels and training it fresh cost ~3x block 13 here.
// Every layer is the app's own (buildModel), so the exports are the ImageNet weights plus what trained.
// Each epoch sees every real training crop and as many fakes, drawn afresh (seeded): batches are
// balanced and all fakes are seen over the epochs. Validation half A (a fixed 1,500-row sample
// between epochs, all of it at epoch ends) picks the checkpoint; half B is never read here.
// Both cores: the batch is split, a worker thread computes the second half's gradients.
//   npx tsx training/feature-train.ts [--epochs 3] [--lr 0.005] [--resume] [--maxMinutes 60]
//     [--fineTunedBlocks 2 --init checkpoints/xception-pair-imagenet/best.ckpt]   (blocks 12-13, its own
//     checkpoint folder and log; --init starts block 13 and the heads from a block-13 run, block 12 from ImageNet)
import * as tf from '@tensorflow/tfjs';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, type ArchConfig } from '../src/models/arch/index';
import { setupBackend } from './backend';
import { createRng, shuffled } from './rng';
import { Sgd } from './sgd';
import type { FeatureStepReply, FeatureStepRequest } from './feature-grad-worker';
import { metrics } from './metrics';
import { writeAtomic } from './crop-cache';
import { featureBatch, loadFeatureSet, type FeatureSet } from './feature-data';
import type { Metrics } from '../src/models/types';
import { cachedStage, jointGradients, jointParams, jointPredict, jointState, type FineTuned, type JointModels } from './joint-step';
import { Worker } from 'node:worker_threads';
import { importImagenetXception, readImagenetWeights } from './imagenet-xception';

/** What is cached: the ImageNet trunk through block 12 (or 11: joint-step.ts cachedStage) at 160 px. */
export const TRUNK = {
  inputSize: 160,
  /** The cached stages' output shape at 160 px (blocks 11 and 12 alike). */
  shape: [10, 10, 728] as [number, number, number],
} as const;

export type HeadModel = 'xception' | 'wsdan-xception';

export interface JointTrainConfig {
  epochs: number;
  /** Whole batch (split over the threads). */
  batchSize: number;
  /** SGD with momentum on block 13 and the heads; lr x gamma after each epoch. */
  lr: number;
  momentum: number;
  weightDecay: number;
  gamma: number;
  /** Learning-rate factor of WS-DAN's linear layer (it sees the feature matrix x 100). */
  wsdanFcLrScale: number;
  /** Images between checks on the fixed 1,500-row sample of validation half A (and checkpoints). */
  checkEvery: number;
  seed: number;
  /** Stop (after a checkpoint) once this run has trained this long; 0 = no limit. */
  maxMinutes: number;
  /** 1: block 13 fine-tuned on cached block-12 maps; 2: blocks 12-13 on cached block-11 maps; 4:
   *  blocks 10-13 on cached block-9 maps. */
  fineTunedBlocks: number;
  /** The feature cache read (feature-data.ts CacheKey): "160", the plain crops; "160-sbi", the input
   *  region with augmented views and self-blended pseudo-fakes (feature-cache.ts --recipe sbi). */
  cache: string;
  /** Which fakes an epoch draws from: "all" of the cache's, "sbi" (self-blended only, the paper's
   *  recipe: no real fake is ever seen) or "dfdc" (the DFDC fakes only). */
  fakes: 'all' | 'sbi' | 'dfdc';
}

export function headArch(model: HeadModel): ArchConfig {
  const base: ArchConfig = { inputSize: TRUNK.inputSize, widthMultiplier: 1, middleBlocks: 8, block14: false };
  return model === 'wsdan-xception' ? { ...base, attentionMaps: 8 } : base;
}

export const DEFAULT_JOINT: JointTrainConfig = {
  epochs: 3,
  batchSize: 32,
  lr: 0.005,
  momentum: 0.9,
  weightDecay: 1e-4,
  gamma: 0.5,
  wsdanFcLrScale: 3e-3,
  checkEvery: 4000,
  seed: 1,
  maxMinutes: 0,
  fineTunedBlocks: 1,
  cache: '160',
  fakes: 'all',
};

/** The fine-tuned depth of a run's config (checkpoints written before the option are block 13 only). */
export const fineTunedOf = (cfg: Partial<JointTrainConfig>): FineTuned => (cfg.fineTunedBlocks === 2 || cfg.fineTunedBlocks === 4 ? cfg.fineTunedBlocks : 1);

/** The cache a run read (checkpoints written before the option read the plain one). */
export const cacheOf = (cfg: Partial<JointTrainConfig>): string => cfg.cache ?? DEFAULT_JOINT.cache;

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

export const HEAD_CHECKPOINTS = join(import.meta.dirname, 'checkpoints');
export const JOINT_DIR = join(HEAD_CHECKPOINTS, 'xception-pair-imagenet');
/** Each depth, cache and choice of fakes keeps its own checkpoints and log, so one run never
 *  overwrites another's. */
const runName = (blocks: FineTuned, cache = DEFAULT_JOINT.cache, fakes = DEFAULT_JOINT.fakes): string =>
  `xception-pair-imagenet${blocks === 1 ? '' : `-b${14 - blocks}`}${cache === DEFAULT_JOINT.cache ? '' : `-${cache}`}${fakes === DEFAULT_JOINT.fakes ? '' : `-${fakes}-fakes`}`;
export const jointDir = (blocks: FineTuned, cache = DEFAULT_JOINT.cache, fakes = DEFAULT_JOINT.fakes): string => join(HEAD_CHECKPOINTS, runName(blocks, cache, fakes));

/** Save head weights (+ momentum) as JSON header + float32 bytes. */
export function saveHead(path: string, meta: JointCheckpoint, tensors: Record<string, tf.Tensor>): void {
  const names = Object.keys(tensors);
  const header = Buffer.from(JSON.stringify({ meta, tensors: names.map((n) => ({ name: n, shape: tensors[n]!.shape })) }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  writeAtomic(path, Buffer.concat([len, header, ...names.map((n) => Buffer.from((tensors[n]!.dataSync() as Float32Array).slice().buffer))]));
}

export function loadHead(path: string): { meta: JointCheckpoint; tensors: Record<string, tf.Tensor> } {
  const buf = readFileSync(path);
  const len = buf.readUInt32LE(0);
  const { meta, tensors } = JSON.parse(buf.subarray(4, 4 + len).toString()) as { meta: JointCheckpoint; tensors: { name: string; shape: number[] }[] };
  let off = 4 + len;
  const out: Record<string, tf.Tensor> = {};
  for (const t of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    out[t.name] = tf.tensor(new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + 4 * n)), t.shape);
    off += 4 * n;
  }
  return { meta, tensors: out };
}

/** The fixed sample of half A the frequent checks score (seeded; it follows the cache's row order,
 *  so a rebuilt cache draws a different sample: shipped-checkpoint.ts re-measures the best on it). */
export function checkSample(set: FeatureSet, seed: number): number[] {
  return shuffled(set.parts.A, createRng(seed + 77)).slice(0, 1500);
}

/** Mean of the two heads' AUC on `rows` (what "best" compares). */
export function meanHeadsAuc(m: JointModels, set: FeatureSet, rows: readonly number[], blocks: FineTuned): number {
  const p = predictRows(m, set, rows, blocks);
  return metrics(Array.from(p.x, (v, i) => (v + p.w[i]!) / 2), rows.map((r) => set.labels[r]!)).auc;
}

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

/** Both heads' P(fake) and logit differences on cached rows, in batches. */
export function predictRows(m: JointModels, set: FeatureSet, rows: readonly number[], blocks: FineTuned = 1, batch = 64): { x: Float32Array; w: Float32Array; dx: Float32Array; dw: Float32Array } {
  const out = { x: new Float32Array(rows.length), w: new Float32Array(rows.length), dx: new Float32Array(rows.length), dw: new Float32Array(rows.length) };
  for (let i = 0; i < rows.length; i += batch) {
    const xb = featureBatch(set, rows.slice(i, i + batch));
    const p = jointPredict(m, xb, blocks);
    for (const k of ['x', 'w', 'dx', 'dw'] as const) out[k].set(p[k].dataSync() as Float32Array, i);
    tf.dispose([xb, p.x, p.w, p.dx, p.dw]);
  }
  return out;
}

/** The balanced, shuffled rows of one epoch: every real, and as many fakes drawn for this epoch. */
export function epochRows(set: FeatureSet, seed: number, epoch: number, fakes: JointTrainConfig['fakes'] = 'all'): number[] {
  const rng = createRng(seed * 1000 + epoch);
  const real = set.parts.train.filter((r) => set.labels[r] === 0);
  const pool = set.parts.train.filter((r) => set.labels[r] === 1 && (fakes === 'all' || (fakes === 'sbi') === (set.views[r] === 'sbi')));
  const fake = shuffled(pool, rng).slice(0, real.length);
  return shuffled([...real, ...fake], rng);
}

/** Build both members with the ImageNet weights in their backbones (block 14 absent). */
export function buildJointModels(seed = 1): JointModels {
  const m: JointModels = { xception: buildModel('xception', headArch('xception'), seed), wsdan: buildModel('wsdan-xception', headArch('wsdan-xception'), seed + 1) };
  const w = readImagenetWeights();
  importImagenetXception(m.xception, w);
  importImagenetXception(m.wsdan, w);
  tf.dispose(Object.values(w.tensors));
  return m;
}

class Helper {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (r: FeatureStepReply | Error) => void>();
  readonly ready: Promise<void>;
  constructor() {
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./feature-grad-worker.ts', import.meta.url).href;
    this.worker = new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, execArgv: [] });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (msg: FeatureStepReply | { type: 'ready' } | { type: 'error'; id: number; message: string }) => {
        if (msg.type === 'ready') resolve();
        else if (msg.type === 'error') {
          const e = new Error(`feature gradient worker: ${msg.message}`);
          if (msg.id < 0) reject(e);
          this.pending.get(msg.id)?.(e);
        } else this.pending.get(msg.id)?.(msg);
      });
      this.worker.on('error', reject);
    });
    this.worker.postMessage({ type: 'init' });
  }
  step(req: FeatureStepRequest): Promise<FeatureStepReply> {
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, (r) => {
        this.pending.delete(req.id);
        if (r instanceof Error) reject(r);
        else resolve(r);
      });
      this.worker.postMessage(req);
    });
  }
  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/** The settings of a resumed run: the checkpoint's, except those the command line gave. */
export function resumedConfig(saved: Partial<JointTrainConfig>, cfg: JointTrainConfig, given: ReadonlySet<keyof JointTrainConfig>): JointTrainConfig {
  const out = { ...cfg };
  for (const k of Object.keys(DEFAULT_JOINT) as (keyof JointTrainConfig)[]) if (!given.has(k) && saved[k] !== undefined) (out as Record<string, unknown>)[k] = saved[k];
  return out;
}

export function parseArgs(argv: string[]): { cfg: JointTrainConfig; given: Set<keyof JointTrainConfig>; resume: boolean; init: string | null } {
  const cfg = { ...DEFAULT_JOINT };
  const given = new Set<keyof JointTrainConfig>();
  for (const k of Object.keys(DEFAULT_JOINT) as (keyof JointTrainConfig)[]) {
    const i = argv.indexOf(`--${k}`);
    if (i >= 0) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`--${k} needs a value`);
      if (typeof DEFAULT_JOINT[k] === 'string') (cfg as Record<string, unknown>)[k] = v;
      else {
        if (!Number.isFinite(Number(v))) throw new Error(`--${k} must be a number, got "${v}"`);
        (cfg as Record<string, unknown>)[k] = Number(v);
      }
      given.add(k);
    }
  }
  if (![1, 2, 4].includes(cfg.fineTunedBlocks)) throw new Error('--fineTunedBlocks is 1 (block 13), 2 (blocks 12-13) or 4 (blocks 10-13)');
  if (!['all', 'sbi', 'dfdc'].includes(cfg.fakes)) throw new Error(`--fakes is all, sbi or dfdc, got "${cfg.fakes}"`);
  const known = new Set(Object.keys(DEFAULT_JOINT).map((k) => `--${k}`).concat(['--resume', '--init']));
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown option ${a} (known: ${[...known].join(' ')})`);
  const i = argv.indexOf('--init');
  return { cfg, given, resume: argv.includes('--resume'), init: i >= 0 ? argv[i + 1]! : null };
}

async function main(): Promise<void> {
  const { cfg, given, resume, init } = parseArgs(process.argv.slice(2));
  const blocks = fineTunedOf(cfg);
  const backend = await setupBackend('wasm');
  const set = loadFeatureSet(cfg.cache, cachedStage(blocks), TRUNK.shape);
  console.error(`config ${JSON.stringify(cfg)}${resume ? ' (resume)' : ''}`);
  console.error(`${backend}; cached rows: train ${set.parts.train.length}, val A ${set.parts.A.length}, val B ${set.parts.B.length} (B is not read here)`);
  const m = buildJointModels(cfg.seed);
  const params = jointParams(m, blocks);
  const state = jointState(m, blocks);
  const isWsdanFc = (n: string) => n === 'w:fc.weight';
  const sgd = new Sgd(cfg.momentum, cfg.weightDecay);
  const sgdFc = new Sgd(cfg.momentum, 0);
  const dir = jointDir(blocks, cfg.cache, cfg.fakes);
  mkdirSync(dir, { recursive: true });
  const last = join(dir, 'last.ckpt');
  let meta: JointCheckpoint = { config: cfg, epoch: 0, position: 0, imagesSeen: 0, trainSeconds: 0, history: [], best: null };
  if (resume && existsSync(last)) {
    const c = loadHead(last);
    // A resumed run keeps its own settings (learning rate and schedule included) unless the command
    // line names one: a warm restart names --lr and --gamma. (Until 2026-12-02 the command line's
    // defaults replaced them silently.)
    Object.assign(cfg, resumedConfig(c.meta.config, cfg, given));
    meta = { ...c.meta, config: { ...cfg } };
    console.error(`resumed with config ${JSON.stringify(cfg)}`);
    const v1: Record<string, tf.Tensor> = {};
    const v2: Record<string, tf.Tensor> = {};
    for (const [n, t] of Object.entries(c.tensors)) {
      if (n.startsWith('velocity:')) (isWsdanFc(n.slice(9)) ? v2 : v1)[n.slice(9)] = t;
      else ({ ...params, ...state })[n]!.assign(t);
    }
    sgd.load(v1);
    sgdFc.load(v2);
    console.error(`resumed at epoch ${meta.epoch}, position ${meta.position} (${meta.imagesSeen} images seen)`);
  } else if (init) {
    // Warm start: what the earlier run trained (block 13, heads, their BN state) replaces ImageNet's;
    // the rest (block 12 when it is now fine-tuned) stays ImageNet's. Its momentum is not carried.
    const c = loadHead(init);
    const vars: Record<string, tf.Variable> = { ...params, ...state };
    const taken = Object.keys(c.tensors).filter((n) => !n.startsWith('velocity:'));
    for (const n of taken) {
      if (!vars[n]) throw new Error(`--init: ${n} is in ${init} but not trained here`);
      vars[n].assign(c.tensors[n]!);
    }
    tf.dispose(Object.values(c.tensors));
    meta.initFrom = { path: init, imagesSeen: c.meta.imagesSeen };
    console.error(`initialised ${taken.length} of ${Object.keys(vars).length} tensors from ${init} (${c.meta.imagesSeen} images seen); the rest from ImageNet`);
  }
  const helper = new Helper();
  await helper.ready;
  const log = join(import.meta.dirname, 'runs', `${runName(blocks, cfg.cache, cfg.fakes)}.jsonl`);
  // A fixed sample of half A for the frequent checks (seeded); all of half A at each epoch's end.
  const checkRows = checkSample(set, cfg.seed);
  const save = (full: boolean) => {
    const rows = full ? set.parts.A : checkRows;
    const p = predictRows(m, set, rows, blocks);
    const labels = rows.map((r) => set.labels[r]!);
    const mean = p.x.map((v, i) => (v + p.w[i]!) / 2);
    const valA = { xception: metrics(p.x, labels), wsdan: metrics(p.w, labels), mean: metrics(mean, labels), full };
    const tensors: Record<string, tf.Tensor> = { ...params, ...state };
    for (const [n, v] of Object.entries(sgd.velocity)) tensors[`velocity:${n}`] = v;
    for (const [n, v] of Object.entries(sgdFc.velocity)) tensors[`velocity:${n}`] = v;
    return { valA, tensors };
  };
  const t0 = Date.now();
  const secondsAtStart = meta.trainSeconds;
  let stop = false;
  process.on('SIGTERM', () => (stop = true));
  process.on('SIGINT', () => (stop = true));
  let id = 0;
  for (; meta.epoch < cfg.epochs && !stop; ) {
    const lr = cfg.lr * cfg.gamma ** meta.epoch;
    const rows = epochRows(set, cfg.seed, meta.epoch, cfg.fakes);
    let sums = { loss: 0, lossX: 0, lossW: 0, n: 0 };
    let sinceCheck = 0;
    const tEpoch = Date.now();
    const startPos = meta.position;
    while (meta.position + cfg.batchSize <= rows.length && !stop) {
      const batch = rows.slice(meta.position, meta.position + cfg.batchSize);
      const half = batch.length >> 1;
      const [mine, theirs] = [batch.slice(0, half), batch.slice(half)];
      const weights = Object.fromEntries(Object.entries({ ...params, ...state }).map(([k, v]) => [k, new Float32Array(v.dataSync() as Float32Array)]));
      const xt = featureBatch(set, theirs);
      const remote = helper.step({ type: 'step', id: id++, weights, x: xt.dataSync() as Float32Array, shape: xt.shape as [number, number, number, number], y: Int32Array.from(theirs.map((r) => set.labels[r]!)), seed: meta.imagesSeen + 1, blocks });
      xt.dispose();
      const xm = featureBatch(set, mine);
      const ym = tf.tensor1d(mine.map((r) => set.labels[r]!), 'int32');
      const local = jointGradients(m, xm, ym, meta.imagesSeen, blocks);
      tf.dispose([xm, ym]);
      const r = await remote;
      const w0 = mine.length / batch.length;
      const grads = tf.tidy(() => Object.fromEntries(Object.entries(local.grads).map(([k, g]) => [k, tf.add(tf.mul(g, w0), tf.mul(tf.tensor(r.grads[k]!, g.shape), r.n / batch.length))])));
      for (const [k, v] of Object.entries(state)) tf.tidy(() => v.assign(tf.add(tf.mul(v, w0), tf.mul(tf.tensor(r.state[k]!, v.shape), r.n / batch.length))));
      const main: Record<string, tf.Variable> = {};
      const fc: Record<string, tf.Variable> = {};
      for (const [k, v] of Object.entries(params)) (isWsdanFc(k) ? fc : main)[k] = v;
      sgd.step(main, Object.fromEntries(Object.entries(grads).filter(([k]) => !isWsdanFc(k))), lr);
      sgdFc.step(fc, Object.fromEntries(Object.entries(grads).filter(([k]) => isWsdanFc(k))), lr * cfg.wsdanFcLrScale);
      tf.dispose([...Object.values(grads), ...Object.values(local.grads)]);
      sums = { loss: sums.loss + local.loss * w0 + r.loss * (1 - w0), lossX: sums.lossX + local.lossX * w0 + r.lossX * (1 - w0), lossW: sums.lossW + local.lossW * w0 + r.lossW * (1 - w0), n: sums.n + 1 };
      meta.position += batch.length;
      meta.imagesSeen += batch.length;
      sinceCheck += batch.length;
      if (sums.n % 20 === 0) {
        const rate = (meta.position - startPos) / ((Date.now() - tEpoch) / 1000);
        process.stderr.write(`epoch ${meta.epoch} ${meta.position}/${rows.length}  loss ${(sums.loss / sums.n).toFixed(4)} (x ${(sums.lossX / sums.n).toFixed(4)}, w ${(sums.lossW / sums.n).toFixed(4)})  ${rate.toFixed(1)} img/s  epoch ETA ${((rows.length - meta.position) / rate / 60).toFixed(1)} min\n`);
      }
      if (cfg.maxMinutes > 0 && (Date.now() - t0) / 60000 > cfg.maxMinutes) stop = true;
      const epochEnd = meta.position + cfg.batchSize > rows.length;
      if (sinceCheck >= cfg.checkEvery || epochEnd || stop) {
        if (epochEnd) {
          meta.epoch++;
          meta.position = 0;
        }
        meta.trainSeconds = secondsAtStart + (Date.now() - t0) / 1000;
        const { valA, tensors } = save(epochEnd);
        meta.history.push({ imagesSeen: meta.imagesSeen, epoch: epochEnd ? meta.epoch - 1 : meta.epoch, loss: sums.loss / sums.n, lossX: sums.lossX / sums.n, lossW: sums.lossW / sums.n, lr, valA });
        // "Best" compares like with like: the fixed sample's AUC of the two heads' mean.
        const auc = valA.full ? meanHeadsAuc(m, set, checkRows, blocks) : valA.mean.auc;
        if (!meta.best || auc > meta.best.auc) {
          meta.best = { imagesSeen: meta.imagesSeen, auc };
          saveHead(bestJointPath(blocks, cfg.cache, cfg.fakes), meta, tensors);
        }
        saveHead(last, meta, tensors);
        appendFileSync(log, JSON.stringify(meta.history[meta.history.length - 1]) + '\n');
        console.error(`[${meta.imagesSeen} images] val A${valA.full ? ' (all)' : ' (1,500 sample)'}: xception AUC ${valA.xception.auc.toFixed(4)}, wsdan ${valA.wsdan.auc.toFixed(4)}, mean ${valA.mean.auc.toFixed(4)} / log loss ${valA.mean.logloss.toFixed(4)}; best at ${meta.best.imagesSeen}`);
        sums = { loss: 0, lossX: 0, lossW: 0, n: 0 };
        sinceCheck = 0;
        if (epochEnd) break;
      }
    }
  }
  await helper.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
