// Train one model of the ensemble on the cached, app-aligned DFDC crops. Read top to bottom:
// arguments -> config -> backend -> data -> model (fresh, initialised, or resumed) -> epochs of SGD
// steps (WS-DAN: raw + attention crop + attention drop + center loss) -> validation AUC per epoch ->
// checkpoints. Interrupt it at any time; `--resume` continues from the newest checkpoint.
//
//   npm run train -- --model wsdan-xception --config cpu [--epochs N] [--backend wasm|cpu|webgpu]
//                    [--resume] [--any.config.key value]
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel, registry } from '../src/models/arch/index';
import type { Architecture } from '../src/models/types';
import { applyOverrides, baseConfig, type ConfigName, type TrainConfig } from './config';
import { activeBackend, setupBackend } from './backend';
import { cropCacheVersion, loadCropCache } from './crop-cache';
import { makeBatch } from './batch';
import { predictSplit } from './predict';
import { metrics } from './metrics';
import { createRng, shuffled } from './rng';
import { archiveCheckpoints, checkpointDir, disposeCheckpoint, loadCheckpoint, newestCheckpoint, saveCheckpoint, type Progress } from './checkpoint';
import { Sgd } from './sgd';
import { trainStep, type StepState } from './step';
import { GradientPool, workerCount } from './parallel';

const here = dirname(fileURLToPath(import.meta.url));
export const CHECKPOINT_ROOT = join(here, 'checkpoints');
export const RUNS_DIR = join(here, 'runs');

// ---- arguments ---------------------------------------------------------------------------------
export interface Args {
  model: Architecture;
  config: ConfigName;
  resume: boolean;
  overrides: Record<string, string>;
}

export function parseArgs(argv: readonly string[]): Args {
  const overrides: Record<string, string> = {};
  let model: string | undefined;
  let config = 'cpu';
  let resume = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--resume') resume = true;
    else if (a.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`Option ${a} needs a value.`);
      i++;
      if (a === '--model') model = value;
      else if (a === '--config') config = value;
      else overrides[a.slice(2)] = value;
    } else throw new Error(`Unexpected argument "${a}" (options look like --epochs 3).`);
  }
  if (!model || !(model in registry)) throw new Error(`--model must be one of: ${Object.keys(registry).join(', ')}.`);
  if (config !== 'cpu' && config !== 'full') throw new Error(`--config must be "cpu" or "full", got "${config}".`);
  return { model: model as Architecture, config, resume, overrides };
}

// ---- progress bar ------------------------------------------------------------------------------
function progressLine(epoch: number, epochs: number, step: number, steps: number, loss: number, imgPerSec: number): string {
  const width = 24;
  const done = Math.round((width * step) / steps);
  return `epoch ${epoch + 1}/${epochs} [${'='.repeat(done)}${' '.repeat(width - done)}] ${step}/${steps}  loss ${loss.toFixed(4)}  ${imgPerSec.toFixed(1)} img/s`;
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const m = Math.floor(seconds / 60);
  return `${m}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

/** The order of training images in one epoch: a seeded shuffle, cut to imagesPerEpoch. Depends
 *  only on (seed, epoch), so a resumed run sees the same order. */
export function epochOrder(n: number, cfg: Pick<TrainConfig, 'seed' | 'imagesPerEpoch'>, epoch: number): number[] {
  const order = shuffled(Array.from({ length: n }, (_, i) => i), createRng(cfg.seed * 7919 + epoch));
  return cfg.imagesPerEpoch > 0 ? order.slice(0, cfg.imagesPerEpoch) : order;
}

export function learningRate(cfg: TrainConfig, epoch: number): number {
  return cfg.optimizer.lr * cfg.optimizer.gamma ** Math.floor(epoch / cfg.optimizer.every);
}

// ---- main ---------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let cfg = applyOverrides(baseConfig(args.model, args.config), args.overrides);
  const dir = checkpointDir(CHECKPOINT_ROOT, cfg);
  const resumeFrom = args.resume ? newestCheckpoint(dir) : null;
  if (args.resume && !resumeFrom) process.stderr.write(`No checkpoint in ${dir}; starting fresh.\n`);
  if (!args.resume) {
    // A fresh run numbers its checkpoints from 0 and keeps the newest two by name: an earlier run's
    // files would outrank (and outlive) it. Move them aside rather than delete anything.
    const moved = archiveCheckpoints(dir);
    if (moved) process.stderr.write(`Earlier checkpoints of this model and config moved to ${moved} (pass --resume to continue them).\n`);
  }

  // A resumed run keeps the checkpoint's config (what it was trained with); command-line overrides
  // still apply on top (e.g. more --epochs or another --backend).
  const ckpt = resumeFrom ? loadCheckpoint(resumeFrom) : null;
  if (ckpt) {
    // Keys added to the config after the checkpoint was written take the named config's value.
    cfg = applyOverrides({ ...baseConfig(args.model, ckpt.config.name), ...ckpt.config }, args.overrides);
    // Settings changed on resume are part of how the model was trained: note them for the manifest.
    const changed = Object.entries(args.overrides).filter(([k]) => !['differences', 'maxMinutes', 'backend', 'workers'].includes(k));
    if (changed.length) {
      const note = `from ${ckpt.progress.imagesSeen} images on: ${changed.map(([k, v]) => `${k} ${v}`).join(', ')}`;
      cfg.differences = cfg.differences ? `${cfg.differences}; ${note}` : note;
    }
  }
  const backendName = await setupBackend(cfg.backend);
  // Checkpoint tensors were made before the backend switch: re-create them on the active backend.
  const reload = resumeFrom ? loadCheckpoint(resumeFrom) : null;
  if (ckpt) disposeCheckpoint(ckpt);

  const norm = registry[cfg.model].normalization;
  let train = loadCropCache(cfg.arch.inputSize, 'train');
  const val = loadCropCache(cfg.arch.inputSize, 'val');
  const fakes = train.labels.reduce((a, b) => a + b, 0);
  process.stderr.write(
    `${cfg.model} (${cfg.name}) on ${backendName}: ${train.labels.length} training crops (${fakes} fake), ` +
      `${val.labels.length} validation crops; input ${cfg.arch.inputSize} px\n`,
  );

  const model = buildModel(cfg.model, cfg.arch, cfg.seed);
  const sgd = new Sgd(cfg.optimizer.momentum, cfg.optimizer.weightDecay, cfg.optimizer.headLrScale ?? 1);
  let centers: tf.Tensor2D | null = null;
  let progress: Progress = { epoch: 0, step: 0, imagesSeen: 0, trainSeconds: 0, history: [] };
  if (reload) {
    model.setWeights(reload.weights);
    sgd.load(reload.velocity);
    centers = reload.centers as tf.Tensor2D | null;
    progress = reload.progress;
    tf.dispose([...Object.values(reload.weights), ...Object.values(reload.velocity)]);
    process.stderr.write(`Resumed from ${resumeFrom} (epoch ${progress.epoch + 1}, step ${progress.step}, ${progress.imagesSeen} images seen).\n`);
  } else if (cfg.initFrom) {
    // The seed started WS-DAN/Xception from its trained Xception: copy every weight whose name and
    // shape match (the backbone), leave the head fresh.
    const init = loadCheckpoint(cfg.initFrom);
    const mine = model.namedWeights();
    const copied = Object.entries(init.weights).filter(([k, t]) => mine[k] && tf.util.arraysEqual(mine[k]!.shape, t.shape));
    for (const [k, t] of copied) (mine[k] as tf.Variable).assign(t);
    process.stderr.write(`Initialised ${copied.length} of ${Object.keys(mine).length} weights from ${cfg.initFrom}.\n`);
    disposeCheckpoint(init);
  }
  if (cfg.wsdan && !centers) {
    const out = tf.tidy(() => model.apply(tf.zeros([1, cfg.arch.inputSize, cfg.arch.inputSize, 3]), { training: false }).featureMatrix!);
    centers = tf.zeros([2, out.shape[1]]);
    out.dispose();
  }
  const state: StepState = { model, cfg, sgd, centers };
  // One process per core: the main thread computes one shard of each batch, helpers the others.
  const processes = workerCount(cfg.workers, activeBackend());
  const pool =
    processes > 1
      ? await GradientPool.start(processes - 1, { model: cfg.model, arch: cfg.arch, wsdan: cfg.wsdan, backend: activeBackend(), data: { kind: 'cache', size: cfg.arch.inputSize } })
      : null;
  progress.ranOn = `${backendName}, ${processes} thread${processes > 1 ? 's' : ''}`;
  if (pool) process.stderr.write(`Data-parallel over ${pool.size} threads (batch ${cfg.batchSize} split ${pool.size} ways).\n`);

  mkdirSync(RUNS_DIR, { recursive: true });
  const logFile = join(RUNS_DIR, `${cfg.model}-${cfg.name}.jsonl`);
  const log = (entry: Record<string, unknown>) => appendFileSync(logFile, JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n');
  log({ type: 'start', config: cfg, backend: backendName, threads: processes, resumedFrom: resumeFrom, trainImages: train.labels.length, valImages: val.labels.length });

  const save = (at: Progress = progress) =>
    saveCheckpoint(dir, { config: cfg, progress: at, weights: model.namedWeights(), velocity: sgd.velocity, centers: state.centers });
  const runStart = Date.now();
  const startSeconds = progress.trainSeconds;
  let stop = false;
  // Ctrl-C / kill: finish the step, save, exit (a second signal kills at once).
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      stop = true;
    });
  }

  while (progress.epoch < cfg.epochs && !stop) {
    // The crop cache grows while detection runs in the background: each epoch takes what is there.
    // (The epoch's order is a function of seed, epoch and the number of crops.)
    if (cropCacheVersion(cfg.arch.inputSize) !== train.version) {
      train = loadCropCache(cfg.arch.inputSize, 'train');
      process.stderr.write(`Training crops reloaded: ${train.labels.length}.\n`);
    }
    const order = epochOrder(train.labels.length, cfg, progress.epoch);
    const steps = Math.floor(order.length / cfg.batchSize);
    const lr = learningRate(cfg, progress.epoch);
    let lossSum = 0;
    let lossCount = 0;
    const epochStart = Date.now();
    const epochStartStep = progress.step;
    for (; progress.step < steps; progress.step++) {
      const position = progress.step * cfg.batchSize;
      const idx = order.slice(position, position + cfg.batchSize);
      const aug = cfg.augment ? { seed: cfg.seed, epoch: progress.epoch, position } : null;
      const stepSeed = (cfg.seed * 1_000_003 + progress.epoch * 100_003 + progress.step) >>> 0;
      let loss: number;
      if (pool) loss = await pool.step(state, train, norm, idx, aug, stepSeed, lr);
      else {
        const { x, y } = makeBatch(train, idx, norm, aug);
        loss = trainStep(state, x, y, stepSeed, lr);
        tf.dispose([x, y]);
      }
      // Steps are synchronous: yield once so a Ctrl-C / SIGTERM handler can run and stop us cleanly.
      await new Promise((resolve) => setImmediate(resolve));
      if (!Number.isFinite(loss)) throw new Error(`Loss became ${loss} at epoch ${progress.epoch + 1} step ${progress.step}; lower --optimizer.lr.`);
      lossSum += loss;
      lossCount++;
      progress.imagesSeen += idx.length;
      progress.trainSeconds = startSeconds + (Date.now() - runStart) / 1000;

      const rate = ((progress.step + 1 - epochStartStep) * cfg.batchSize) / ((Date.now() - epochStart) / 1000);
      const eta = ((steps - progress.step - 1) * cfg.batchSize) / rate;
      process.stderr.write(`\r${progressLine(progress.epoch, cfg.epochs, progress.step + 1, steps, lossSum / lossCount, rate)}  ETA ${formatEta(eta)}   `);
      if (progress.step % 10 === 9) log({ type: 'step', epoch: progress.epoch, step: progress.step + 1, loss: lossSum / lossCount, imgPerSec: rate, imagesSeen: progress.imagesSeen });
      const outOfTime = cfg.maxMinutes > 0 && (Date.now() - runStart) / 60000 >= cfg.maxMinutes;
      if (stop || outOfTime || progress.step % cfg.checkpointEvery === cfg.checkpointEvery - 1) {
        save({ ...progress, step: progress.step + 1 });
      }
      if (stop || outOfTime) {
        stop = true;
        process.stderr.write(`\nStopped after ${((Date.now() - runStart) / 60000).toFixed(1)} min (${outOfTime ? 'maxMinutes' : 'interrupt'}); resume with --resume.\n`);
        break;
      }
    }
    if (stop) break;
    process.stderr.write('\n');

    // End of epoch: the seed's center schedule, validation, checkpoint.
    if (state.centers && cfg.wsdan) {
      const scaled = tf.mul(state.centers, cfg.wsdan.centerScalePerEpoch) as tf.Tensor2D;
      state.centers.dispose();
      state.centers = scaled;
    }
    const t = Date.now();
    const { probs, labels } = await predictSplit(model, val, norm, cfg.wsdan, cfg.valImages);
    const m = metrics(probs, labels);
    const epochLoss = lossSum / Math.max(1, lossCount);
    progress.history.push({ epoch: progress.epoch, loss: epochLoss, val: m, lr });
    process.stderr.write(
      `epoch ${progress.epoch + 1}: train loss ${epochLoss.toFixed(4)}  val AUC ${m.auc.toFixed(4)}  log loss ${m.logloss.toFixed(4)}  acc ${m.acc.toFixed(3)}  (n ${m.n}, ${((Date.now() - t) / 1000).toFixed(0)} s)\n`,
    );
    log({ type: 'epoch', epoch: progress.epoch, loss: epochLoss, lr, val: m, imagesSeen: progress.imagesSeen, trainSeconds: progress.trainSeconds });
    progress.epoch++;
    progress.step = 0;
    save();
  }
  await pool?.close();
  const path = save();
  log({ type: 'end', checkpoint: path, progress: { ...progress, history: undefined } });
  process.stderr.write(`Checkpoint: ${path}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    process.stderr.write(`\n${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
