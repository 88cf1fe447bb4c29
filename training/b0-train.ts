// The WS-DAN/EfficientNet-B0 member trained on its feature cache (b0-cache.ts, key "224-b0": the
// ImageNet B0's stage-5 output [7,7,192] at 224 px) (issue 22, item 4). Trained: stage 6 (one MBConv
// block) and the head conv, ImageNet-initialised, their batch norms in inference mode (the folded import
// has no gamma/variance split to restart batch statistics from; gamma and beta still learn), and the
// WS-DAN head of the registry (8 attention maps, 1x1 conv + BN + ReLU in training mode, bilinear
// attention pooling, dropout 0.5, linear on x100): the app's one model definition, run from `after:
// stage5`. Softmax cross-entropy, SGD with momentum (sgd.ts; the WS-DAN fc at a scaled rate, as the
// Xception pair's recipe), batches of half reals and half fakes, the learning rate times `gamma` per
// epoch. Every `checkEvery` images and at each epoch's end all of validation half A is scored and the
// best checkpoint kept on its AUC; half B is never read while training. Resumable (--resume), logged to
// training/runs/b0-wsdan-224.jsonl.
//   npx tsx training/b0-train.ts [--epochs 6] [--lr 0.003] [--batchSize 32] [--maxMinutes 40] [--resume]
// Evaluation: the best checkpoint alone on halves A and B, then the ensemble with the shipped pair
// (b0-pair-scores.ts's per-crop scores): P = (1 - w) * pair + w * B0, the pair's own mix being the
// page's seed weights; w chosen on half A from --weights, half B reported for every w.
//   npx tsx training/b0-train.ts --evaluate [--checkpoint PATH] [--weights 0,0.1,0.2,0.3,0.4,0.5]
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { numberFlag, parseFlags } from './args';
import { setupBackend } from './backend';
import { B0_CACHE, B0_MEMBER_DIR_NAME, isB0Trained, loadImagenetB0 } from './b0-trunk';
import { readJsonLines, writeAtomic } from './crop-cache';
import { DATA_CONFIG } from './data-config';
import { featureBatch, loadFeatureSet, type FeatureSet } from './feature-data';
import { loadHead, saveHead } from './joint-checkpoint';
import { crossEntropy } from './losses';
import { metrics, rocAuc } from './metrics';
import { Sgd } from './sgd';
import { SEED_WEIGHTS } from './evaluate-pair';
import type { Model } from '../src/models/arch/index';
import { createRng, shuffled } from '../src/pipeline/rng';
import type { Metrics } from '../src/types';

export interface B0TrainConfig {
  epochs: number;
  batchSize: number;
  lr: number;
  momentum: number;
  weightDecay: number;
  /** Learning-rate factor per epoch. */
  gamma: number;
  /** Rate factor of the WS-DAN fc (it reads the feature matrix x 100). */
  fcLrScale: number;
  checkEvery: number;
  seed: number;
  /** Stop (after a checkpoint) once this many minutes have run; 0: no limit. */
  maxMinutes: number;
}

export const DEFAULT_B0_TRAIN: B0TrainConfig = { epochs: 6, batchSize: 32, lr: 0.003, momentum: 0.9, weightDecay: 1e-4, gamma: 0.6, fcLrScale: 0.003, checkEvery: 3000, seed: 1, maxMinutes: 0 };

export interface B0Checkpoint {
  config: B0TrainConfig;
  epoch: number;
  position: number;
  imagesSeen: number;
  trainSeconds: number;
  history: { imagesSeen: number; epoch: number; loss: number; lr: number; imgPerSecond: number; valA: Metrics }[];
  best: { imagesSeen: number; auc: number } | null;
}

const RUN = 'b0-wsdan-224';
export const B0_CHECKPOINT_DIR = join(import.meta.dirname, 'checkpoints', RUN);
const LOG = join(import.meta.dirname, 'runs', `${RUN}.jsonl`);

/**
 * One epoch's row order: the reals and the fakes each shuffled (seeded by seed and epoch), then
 * interleaved so that every batch of an even size holds as many of each; a surplus of one class
 * is cut to the other's count.
 */
export function balancedEpoch(real: readonly number[], fake: readonly number[], seed: number, epoch: number): number[] {
  const rng = createRng(seed * 1000 + epoch);
  const r = shuffled(real, rng);
  const f = shuffled(fake, rng);
  const n = Math.min(r.length, f.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r[i]!, f[i]!);
  return out;
}

/** (1 - w) * pair + w * b0, per crop. */
export function mixB0(pair: ArrayLike<number>, b0: ArrayLike<number>, w: number): number[] {
  if (pair.length !== b0.length) throw new Error(`mixB0: ${pair.length} pair scores, ${b0.length} B0 scores`);
  return Array.from({ length: pair.length }, (_, i) => (1 - w) * pair[i]! + w * b0[i]!);
}

/** The weight with the highest AUC (the first such in `weights`' order, so ties keep the smaller one
 *  when the grid ascends). */
export function chooseWeight(weights: readonly number[], auc: (w: number) => number): { weight: number; auc: number } {
  let best = { weight: NaN, auc: -Infinity };
  for (const w of weights) {
    const a = auc(w);
    if (a > best.auc) best = { weight: w, auc: a };
  }
  return best;
}

/** P(fake) of cached rows by the B0 member (inference, batch norms in inference mode). */
export function predictB0(model: Model, set: FeatureSet, rows: readonly number[], batch = 64): Float32Array {
  const out = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i += batch) {
    const x = featureBatch(set, rows.slice(i, i + batch));
    const p = tf.tidy(() => tf.reshape(tf.slice(tf.softmax(model.apply(x, { training: false, after: B0_CACHE.stage }).logits), [0, 1], [-1, 1]), [-1]));
    out.set(p.dataSync() as Float32Array, i);
    tf.dispose([x, p]);
  }
  return out;
}

/** Loss and gradients (keyed by parameter name) of one batch of cached stage-5 rows: stage 6 and the
 *  head conv with batch norms in inference mode, the WS-DAN head in training mode. */
export function b0Gradients(model: Model, params: Record<string, tf.Variable>, x: tf.Tensor4D, y: tf.Tensor1D, dropoutSeed: number): { loss: number; grads: Record<string, tf.Tensor> } {
  const byVar = new Map(Object.entries(params).map(([n, v]) => [v.name, n]));
  const { value, grads } = tf.variableGrads(() => {
    const f = model.features(x, { training: false, after: B0_CACHE.stage });
    return crossEntropy(model.applyHead(f, { training: true, dropoutSeed }).logits, y);
  }, Object.values(params));
  const loss = value.dataSync()[0]!;
  value.dispose();
  return { loss, grads: Object.fromEntries(Object.entries(grads).map(([k, g]) => [byVar.get(k) ?? k, g])) };
}

export function trainedParams(model: Model): Record<string, tf.Variable> {
  return Object.fromEntries(Object.entries(model.params).filter(([n]) => isB0Trained(n)));
}

/** State the step moves: the attention maps' BN statistics (the backbone's BN is in inference mode). */
export function trainedState(model: Model): Record<string, tf.Variable> {
  return Object.fromEntries(Object.entries(model.state).filter(([n]) => n.startsWith('attention.')));
}

const USAGE = 'npx tsx training/b0-train.ts [--epochs 6] [--lr 0.003] [--batchSize 32] [--gamma 0.6] [--fcLrScale 0.003] [--checkEvery 3000] [--maxMinutes 0] [--resume] | --evaluate [--checkpoint PATH] [--weights 0,0.1,0.2,0.3]';

async function train(cfg: B0TrainConfig, resume: boolean): Promise<void> {
  console.error(await setupBackend('wasm'));
  const set = loadFeatureSet(B0_CACHE.key, B0_CACHE.stage, [...B0_CACHE.shape]);
  const real = set.parts.train.filter((r) => set.labels[r] === 0);
  const fake = set.parts.train.filter((r) => set.labels[r] === 1);
  console.error(`cache ${B0_CACHE.key}/${B0_CACHE.stage}: train ${set.parts.train.length} (${real.length} real), half A ${set.parts.A.length}, half B ${set.parts.B.length} (not read here)`);
  const model = loadImagenetB0(cfg.seed);
  const params = trainedParams(model);
  const state = trainedState(model);
  console.error(`trained: ${Object.keys(params).length} tensors, ${Object.values(params).reduce((a, v) => a + v.size, 0)} weights`);
  const sgd = new Sgd(cfg.momentum, cfg.weightDecay, cfg.fcLrScale);
  mkdirSync(B0_CHECKPOINT_DIR, { recursive: true });
  mkdirSync(join(import.meta.dirname, 'runs'), { recursive: true });
  const last = join(B0_CHECKPOINT_DIR, 'last.ckpt');
  let meta: B0Checkpoint = { config: cfg, epoch: 0, position: 0, imagesSeen: 0, trainSeconds: 0, history: [], best: null };
  if (resume && existsSync(last)) {
    const c = loadHead<B0Checkpoint>(last);
    meta = { ...c.meta, config: { ...c.meta.config, epochs: cfg.epochs, maxMinutes: cfg.maxMinutes } };
    const velocity: Record<string, tf.Tensor> = {};
    for (const [n, t] of Object.entries(c.tensors)) {
      if (n.startsWith('velocity:')) velocity[n.slice(9)] = t;
      else ({ ...params, ...state })[n]!.assign(t);
    }
    sgd.load(velocity);
    console.error(`resumed at epoch ${meta.epoch}, position ${meta.position} (${meta.imagesSeen} images seen), config ${JSON.stringify(meta.config)}`);
  }
  const c = meta.config;
  let stop = false;
  process.on('SIGTERM', () => (stop = true));
  process.on('SIGINT', () => (stop = true));
  const t0 = Date.now();
  const secondsAtStart = meta.trainSeconds;
  while (meta.epoch < c.epochs && !stop) {
    const lr = c.lr * c.gamma ** meta.epoch;
    const rows = balancedEpoch(real, fake, c.seed, meta.epoch);
    let sums = { loss: 0, n: 0 };
    let sinceCheck = 0;
    let tCheck = Date.now();
    while (meta.position + c.batchSize <= rows.length && !stop) {
      const batch = rows.slice(meta.position, meta.position + c.batchSize);
      const x = featureBatch(set, batch);
      const y = tf.tensor1d(batch.map((r) => set.labels[r]!), 'int32');
      const { loss, grads } = b0Gradients(model, params, x, y, meta.imagesSeen + 1);
      sums = { loss: sums.loss + loss, n: sums.n + 1 };
      sgd.step(params, grads, lr);
      tf.dispose([x, y, ...Object.values(grads)]);
      meta.position += batch.length;
      meta.imagesSeen += batch.length;
      sinceCheck += batch.length;
      await new Promise((r) => setImmediate(r)); // lets a SIGTERM / SIGINT handler run
      if (sums.n % 20 === 0) {
        const rate = sinceCheck / ((Date.now() - tCheck) / 1000);
        console.error(`epoch ${meta.epoch} ${meta.position}/${rows.length}  loss ${(sums.loss / sums.n).toFixed(4)}  ${rate.toFixed(1)} img/s`);
      }
      if (c.maxMinutes > 0 && (Date.now() - t0) / 60000 > c.maxMinutes) stop = true;
      const epochEnd = meta.position + c.batchSize > rows.length;
      if (sinceCheck >= c.checkEvery || epochEnd || stop) {
        const imgPerSecond = sinceCheck / ((Date.now() - tCheck) / 1000);
        const epochOfCheck = meta.epoch;
        if (epochEnd) {
          meta.epoch++;
          meta.position = 0;
        }
        meta.trainSeconds = secondsAtStart + (Date.now() - t0) / 1000;
        const p = predictB0(model, set, set.parts.A);
        const valA = metrics(p, set.parts.A.map((r) => set.labels[r]!));
        meta.history.push({ imagesSeen: meta.imagesSeen, epoch: epochOfCheck, loss: sums.loss / sums.n, lr, imgPerSecond, valA });
        const tensors: Record<string, tf.Tensor> = { ...params, ...state };
        for (const [n, v] of Object.entries(sgd.velocity)) tensors[`velocity:${n}`] = v;
        if (!meta.best || valA.auc > meta.best.auc) {
          meta.best = { imagesSeen: meta.imagesSeen, auc: valA.auc };
          saveHead(join(B0_CHECKPOINT_DIR, 'best.ckpt'), meta, tensors);
        }
        saveHead(last, meta, tensors);
        appendFileSync(LOG, JSON.stringify(meta.history[meta.history.length - 1]) + '\n');
        console.error(`[${meta.imagesSeen} images, ${imgPerSecond.toFixed(1)} img/s] loss ${(sums.loss / sums.n).toFixed(4)}; half A (all ${set.parts.A.length}): AUC ${valA.auc.toFixed(4)}, log loss ${valA.logloss.toFixed(4)}; best ${meta.best.auc.toFixed(4)} at ${meta.best.imagesSeen}`);
        sums = { loss: 0, n: 0 };
        sinceCheck = 0;
        tCheck = Date.now();
        if (epochEnd) break;
      }
    }
  }
}

async function evaluate(path: string, weights: number[]): Promise<void> {
  console.error(await setupBackend('wasm'));
  const set = loadFeatureSet(B0_CACHE.key, B0_CACHE.stage, [...B0_CACHE.shape], ['val']);
  const model = loadImagenetB0(1);
  const c = loadHead<B0Checkpoint>(path);
  const vars = { ...trainedParams(model), ...trainedState(model) };
  for (const [n, t] of Object.entries(c.tensors)) if (!n.startsWith('velocity:')) vars[n]!.assign(t);
  tf.dispose(Object.values(c.tensors));
  console.error(`${path}: ${c.meta.imagesSeen} images seen, best on half A at ${c.meta.best?.imagesSeen}`);
  const rows = [...set.parts.A, ...set.parts.B];
  const t0 = Date.now();
  const p = predictB0(model, set, rows);
  console.error(`scored ${rows.length} crops in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const half = new Map<string, 'A' | 'B'>([...set.parts.A.map((r) => [set.videos[r]!, 'A'] as const), ...set.parts.B.map((r) => [set.videos[r]!, 'B'] as const)]);
  const b0 = new Map(rows.map((r, i) => [set.videos[r]!, p[i]!] as const));
  writeAtomic(join(DATA_CONFIG.cacheDir, B0_MEMBER_DIR_NAME, 'b0-member-val-scores.jsonl'), rows.map((r, i) => JSON.stringify({ video: set.videos[r], set: half.get(set.videos[r]!), label: set.labels[r], found: set.found[r], b0: p[i] })).join('\n') + '\n');
  const report: Record<string, unknown> = { checkpoint: path, imagesSeen: c.meta.imagesSeen };
  for (const h of ['A', 'B'] as const) {
    const rs = set.parts[h];
    const labels = rs.map((r) => set.labels[r]!);
    const face = rs.filter((r) => set.found[r]);
    report[`b0Half${h}`] = { ...metrics(rs.map((r) => b0.get(set.videos[r]!)!), labels), aucWithFace: rocAuc(face.map((r) => b0.get(set.videos[r]!)!), face.map((r) => set.labels[r]!)), withFace: face.length };
  }
  // The ensemble with the shipped pair, on the crops both scored.
  const pairFile = join(DATA_CONFIG.cacheDir, B0_MEMBER_DIR_NAME, 'b0-pair-val-scores.jsonl');
  if (existsSync(pairFile)) {
    const pair = readJsonLines<{ video: string; set: 'A' | 'B'; label: 0 | 1; found: boolean; xception: number; wsdan: number }>(pairFile).filter((l) => b0.has(l.video));
    const parts = { A: pair.filter((l) => l.set === 'A'), B: pair.filter((l) => l.set === 'B') };
    const pairP = (ls: typeof pair) => ls.map((l) => SEED_WEIGHTS.xception * l.xception + SEED_WEIGHTS.wsdan * l.wsdan);
    const aucAt = (ls: typeof pair, w: number) => rocAuc(mixB0(pairP(ls), ls.map((l) => b0.get(l.video)!), w), ls.map((l) => l.label));
    const chosen = chooseWeight(weights, (w) => aucAt(parts.A, w));
    const face = parts.B.filter((l) => l.found);
    report.ensemble = {
      crops: { A: parts.A.length, B: parts.B.length, BwithFace: face.length },
      pairAlone: { xceptionB: rocAuc(parts.B.map((l) => l.xception), parts.B.map((l) => l.label)), wsdanB: rocAuc(parts.B.map((l) => l.wsdan), parts.B.map((l) => l.label)), pairA: aucAt(parts.A, 0), pairB: aucAt(parts.B, 0), pairBwithFace: aucAt(face, 0) },
      grid: weights.map((w) => ({ w, A: aucAt(parts.A, w), B: aucAt(parts.B, w), BwithFace: aucAt(face, w) })),
      chosenOnA: { w: chosen.weight, A: chosen.auc, B: aucAt(parts.B, chosen.weight), BwithFace: aucAt(face, chosen.weight) },
    };
  } else report.ensemble = `no ${pairFile}: run npx tsx training/b0-pair-scores.ts first`;
  console.log(JSON.stringify(report, null, 1));
  appendFileSync(join(import.meta.dirname, 'runs', `${RUN}-evaluation.jsonl`), JSON.stringify({ at: new Date().toISOString(), ...report }) + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const keys = Object.keys(DEFAULT_B0_TRAIN) as (keyof B0TrainConfig)[];
  const { values } = parseFlags(
    process.argv.slice(2),
    { ...Object.fromEntries(keys.map((k) => [k, { type: 'string' }] as const)), resume: { type: 'boolean' }, evaluate: { type: 'boolean' }, checkpoint: { type: 'string' }, weights: { type: 'string' } },
    USAGE,
  );
  const flags = values as Record<string, string | boolean | undefined>;
  const cfg = { ...DEFAULT_B0_TRAIN };
  for (const k of keys) if (typeof flags[k] === 'string') cfg[k] = numberFlag(flags[k], k, DEFAULT_B0_TRAIN[k]);
  const weights = typeof flags.weights === 'string' ? flags.weights.split(',').map((w) => numberFlag(w, 'weights', 0)) : [0, 0.1, 0.2, 0.3, 0.4, 0.5];
  const run = flags.evaluate ? evaluate(typeof flags.checkpoint === 'string' ? flags.checkpoint : join(B0_CHECKPOINT_DIR, 'best.ckpt'), weights) : train(cfg, flags.resume === true);
  run.catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
