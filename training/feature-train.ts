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
//   npm run train -- [--epochs 3] [--lr 0.005] [--resume] [--maxMinutes 60]
//     [--fineTunedBlocks 2 --init checkpoints/xception-pair-imagenet/best.ckpt]   (blocks 12-13, its own
//     checkpoint folder and log; --init starts block 13 and the heads from a block-13 run, block 12 from ImageNet)
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { numberFlag, parseFlags } from './args';
import { setupBackend } from './backend';
import { featureBatch, loadFeatureSet, readEvalOnlyMarker, refuseEvalOnly, type FeatureSet } from './feature-data';
import { GradientHelper } from './feature-grad-helper';
import { bestJointPath, jointDir, loadHead, runName, saveHead, type JointCheckpoint } from './joint-checkpoint';
import { DEFAULT_JOINT, TRUNK, fineTunedOf, type JointTrainConfig } from './joint-config';
import { buildJointModels, checkSample, meanHeadsAuc, predictRows } from './joint-models';
import { cachedStage, jointGradients, jointParams, jointState } from './joint-step';
import { metrics } from './metrics';
import { createRng, shuffled } from '../src/pipeline/rng';
import { Sgd } from './sgd';

/** The balanced, shuffled rows of one epoch: every real, and as many fakes drawn for this epoch. */
export function epochRows(set: FeatureSet, seed: number, epoch: number, fakes: JointTrainConfig['fakes'] = 'all'): number[] {
  const rng = createRng(seed * 1000 + epoch);
  const real = set.parts.train.filter((r) => set.labels[r] === 0);
  const pool = set.parts.train.filter((r) => set.labels[r] === 1 && (fakes === 'all' || (fakes === 'sbi') === (set.views[r] === 'sbi')));
  const fake = shuffled(pool, rng).slice(0, real.length);
  return shuffled([...real, ...fake], rng);
}

/** The settings of a resumed run: the checkpoint's, except those the command line gave. */
export function resumedConfig(saved: Partial<JointTrainConfig>, cfg: JointTrainConfig, given: ReadonlySet<keyof JointTrainConfig>): JointTrainConfig {
  const out = { ...cfg };
  for (const k of Object.keys(DEFAULT_JOINT) as (keyof JointTrainConfig)[]) if (!given.has(k) && saved[k] !== undefined) (out as Record<string, unknown>)[k] = saved[k];
  return out;
}

const USAGE = 'npm run train -- [--epochs 3] [--lr 0.005] [--gamma 0.5] [--checkEvery 4000] [--maxMinutes 0] [--fineTunedBlocks 1|2|4] [--cache 160] [--fakes all|sbi|dfdc] [--init CKPT] [--resume]';

/** The command line: any DEFAULT_JOINT key as --key VALUE (numbers checked), --init CKPT, --resume. */
export function parseArgs(argv: readonly string[]): { cfg: JointTrainConfig; given: Set<keyof JointTrainConfig>; resume: boolean; init: string | null } {
  const keys = Object.keys(DEFAULT_JOINT) as (keyof JointTrainConfig)[];
  const { values } = parseFlags(argv, { ...Object.fromEntries(keys.map((k) => [k, { type: 'string' }] as const)), init: { type: 'string' }, resume: { type: 'boolean' } }, USAGE);
  const flags = values as Record<string, string | boolean | undefined>;
  const cfg = { ...DEFAULT_JOINT };
  const given = new Set<keyof JointTrainConfig>();
  for (const k of keys) {
    const v = flags[k];
    if (typeof v !== 'string') continue;
    if (typeof DEFAULT_JOINT[k] === 'string') (cfg as Record<string, unknown>)[k] = v;
    else (cfg as Record<string, unknown>)[k] = numberFlag(v, k, DEFAULT_JOINT[k] as number);
    given.add(k);
  }
  if (![1, 2, 4].includes(cfg.fineTunedBlocks)) throw new Error('--fineTunedBlocks is 1 (block 13), 2 (blocks 12-13) or 4 (blocks 10-13)');
  if (!['all', 'sbi', 'dfdc'].includes(cfg.fakes)) throw new Error(`--fakes is all, sbi or dfdc, got "${cfg.fakes}"`);
  return { cfg, given, resume: flags.resume === true, init: typeof flags.init === 'string' ? flags.init : null };
}

async function main(): Promise<void> {
  const { cfg, given, resume, init } = parseArgs(process.argv.slice(2));
  const blocks = fineTunedOf(cfg);
  // The cross-domain screen's videos choose between candidates: never trained on (loadFeatureSet
  // refuses them too; this says so before any work).
  refuseEvalOnly(cfg.cache, readEvalOnlyMarker(cfg.cache), []);
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
  const helper = new GradientHelper();
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
