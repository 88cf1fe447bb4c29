// Evaluation of the CPU recipe's Xception pair (feature-train.ts) and fitting of what the page applies
// on top of it, with the two validation halves kept apart:
//   half A (3,063 crops): fits Platt scaling, class-balanced (the ensemble keeps the seed's relative weights, WS-DAN
//                         0.7 : Xception 0.2; the best weight on A is reported, not used);
//   half B (3,052 crops): every reported number. Nothing is fitted or chosen on B.
// The trunk's activations come from the feature cache (onnxruntime, the same ImageNet weights; the
// graph matches tfjs to 3e-5, feature-cache.ts) and block 13 + heads run here in tfjs, as the app.
// Half B holds 1,083 real and 1,969 fake crops: besides plain log loss and ECE, the class-balanced
// log loss (each class weighted to half) is given, since the page sees either kind.
// By default it evaluates the shipped folders (public/models/xception and wsdan-xception: their
// float16 weights, decoded as the app decodes them); --checkpoint evaluates a training checkpoint.
//   npm run evaluate [-- --checkpoint PATH] [--write]   (--write: src/calibration.json)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { decodeModel } from '../src/models/weights-io';
import { MODELS_DIR } from './data-config';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseFlags } from './args';
import { setupBackend } from './backend';
import { featureFile, loadFeatureSet, type FeatureSet } from './feature-data';
import { bestJointPath, checkpointBlocks, checkpointConfig, loadHead } from './joint-checkpoint';
import { DEFAULT_JOINT, TRUNK, cacheOf, fineTunedOf, type JointTrainConfig } from './joint-config';
import { buildJointModels, predictRows } from './joint-models';
import { cachedStage, jointParams, jointState, type FineTuned, type JointModels } from './joint-step';
import { calibration, metrics } from './metrics';
import { applyPlatt, fitPlatt, type Platt } from './calibrate';
import type { Metrics } from '../src/types';

export interface PairScores {
  labels: number[];
  xception: Float32Array;
  wsdan: Float32Array;
}

/** The seed's weights (0.7 WS-DAN/Xception, 0.2 Xception; its EfficientNet's 0.1 is not shipped),
 *  renormalised. Kept rather than tuned: a tuned weight can reach 0 for a member (seen on half A),
 *  which would leave the page with one model and no fallback when the other fails to load. */
export const SEED_WEIGHTS = { xception: 0.2 / 0.9, wsdan: 0.7 / 0.9 };

export interface Evaluation {
  weights: { xception: number; wsdan: number };
  /** For information: the plain model's weight that maximises AUC on half A (grid step 0.05). */
  bestOnA: { xception: number; auc: number };
  platt: Platt;
  /** Per model and for the ensemble, on half B. */
  halfB: Record<string, Metrics & { ece: number; balancedLogloss: number; balancedEce: number }>;
  halfA: { ensembleAuc: number; n: number };
  counts: { A: { real: number; fake: number }; B: { real: number; fake: number } };
}

/**
 * The cached stage to score from, as a fine-tuned depth: block 11's output whenever that cache
 * exists, for every network (each runs blocks 12-13 from its own weights: the fine-tuned ones, or
 * ImageNet's block 12 for a block-13 recipe, so one stage serves every comparison); else block 12's,
 * which only a block-13 network may be scored from (its block 12 is the cache's).
 */
export function scoringBlocks(needed: FineTuned, cache: string = DEFAULT_JOINT.cache): FineTuned {
  if (needed === 4) {
    if (existsSync(featureFile(cache, cachedStage(4)))) return 4;
    throw new Error(`a network with blocks 10-13 fine-tuned is scored from block 9's activations: ${featureFile(cache, cachedStage(4))} is missing`);
  }
  if (existsSync(featureFile(cache, cachedStage(2)))) return 2;
  if (needed === 2) throw new Error(`a network with block 12 fine-tuned is scored from block 11's activations: build them with "npx tsx training/feature-cache.ts --stages middle6 --backfill" (${featureFile(cache, cachedStage(2))} is missing)`);
  return 1;
}

/** The fine-tuned depth of the shipped pair: the training config its manifest records
 *  (config.recipe, export-pair.ts), read as a checkpoint's is. */
export function shippedBlocks(): FineTuned {
  return fineTunedOf(shippedRecipe());
}

/** The training config the shipped pair's manifest records ({} when there is none). */
export function shippedRecipe(): Partial<JointTrainConfig> {
  const file = join(MODELS_DIR, 'xception', 'manifest.json');
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, 'utf8')) as { config?: { recipe?: Partial<JointTrainConfig> } }).config?.recipe ?? {};
}

export function loadPairCheckpoint(m: JointModels, path = bestJointPath()): ReturnType<typeof loadHead>['meta'] {
  const c = loadHead(path);
  const blocks = fineTunedOf(c.meta.config);
  const vars = { ...jointParams(m, blocks), ...jointState(m, blocks) };
  for (const [n, t] of Object.entries(c.tensors)) if (!n.startsWith('velocity:')) vars[n]!.assign(t);
  tf.dispose(Object.values(c.tensors));
  return c.meta;
}

/** `set` holds the cached stage of `blocks` (a shipped pair, whole networks, can be scored at either). */
export function scoreRows(m: JointModels, set: FeatureSet, rows: number[], blocks: FineTuned = 1): PairScores {
  const p = predictRows(m, set, rows, blocks);
  return { labels: rows.map((r) => set.labels[r]!), xception: p.x, wsdan: p.w };
}

/** Log loss with each class weighted to half of the total. */
export function balancedLogLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) nPos += labels[i]!;
  const nNeg = labels.length - nPos;
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probs[i]!));
    s -= labels[i] === 1 ? Math.log(p) / (2 * nPos) : Math.log(1 - p) / (2 * nNeg);
  }
  return s;
}

const mix = (s: PairScores, wx: number): number[] => Array.from(s.xception, (x, i) => wx * x + (1 - wx) * s.wsdan[i]!);

/** Metrics, ECE, and the class-balanced log loss and ECE (each class weighted to half, so the
 *  numbers describe a 50/50 mix rather than half B's 1,969 fakes to 1,083 reals). */
function summarise(probs: ArrayLike<number>, labels: number[]) {
  return { ...metrics(probs, labels), ece: calibration(probs, labels).ece, balancedLogloss: balancedLogLoss(probs, labels), balancedEce: balancedEce(probs, labels) };
}

/** ECE over 10 equal-width bins with each class weighted to half. */
export function balancedEce(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): number {
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) nPos += labels[i]!;
  const wPos = 0.5 / nPos;
  const wNeg = 0.5 / (labels.length - nPos);
  const w = new Float64Array(bins);
  const p = new Float64Array(bins);
  const f = new Float64Array(bins);
  for (let i = 0; i < probs.length; i++) {
    const b = Math.min(bins - 1, Math.floor(probs[i]! * bins));
    const wi = labels[i] === 1 ? wPos : wNeg;
    w[b]! += wi;
    p[b]! += wi * probs[i]!;
    f[b]! += labels[i] === 1 ? wi : 0;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (w[b]! > 0) ece += Math.abs(f[b]! - p[b]!);
  return ece;
}

/** Fit Platt on A for the seed's weights, report on B (and, for information, the best weight on A). */
export function evaluatePair(a: PairScores, b: PairScores): Evaluation {
  let best = { wx: 0.5, auc: -1 };
  for (let k = 0; k <= 20; k++) {
    const wx = k / 20;
    const auc = metrics(mix(a, wx), a.labels).auc;
    if (auc > best.auc + 1e-9) best = { wx, auc };
  }
  const wx = SEED_WEIGHTS.xception;
  // Each class weighted to half: the page must not assume half A's 2 fakes per real (a plain fit
  // moved every probability up by that prior, measured b = +0.66).
  const nFake = a.labels.filter((l) => l === 1).length;
  const nReal = a.labels.length - nFake;
  const platt = fitPlatt(mix(a, wx), a.labels, a.labels.map((l) => (l === 1 ? a.labels.length / (2 * nFake) : a.labels.length / (2 * nReal))));
  const ensB = mix(b, wx);
  const count = (s: PairScores) => ({ real: s.labels.filter((l) => l === 0).length, fake: s.labels.filter((l) => l === 1).length });
  return {
    weights: SEED_WEIGHTS,
    bestOnA: { xception: best.wx, auc: best.auc },
    platt,
    halfA: { ensembleAuc: metrics(mix(a, wx), a.labels).auc, n: a.labels.length },
    counts: { A: count(a), B: count(b) },
    halfB: {
      xception: summarise(b.xception, b.labels),
      'wsdan-xception': summarise(b.wsdan, b.labels),
      'ensemble (uncalibrated)': summarise(ensB, b.labels),
      ensemble: summarise(ensB.map((p) => applyPlatt(p, platt)), b.labels),
    },
  };
}

/** Put the shipped folders' weights (float16, decoded as the app does) into the joint models. */
export function loadShippedPair(m: JointModels): string {
  for (const [name, model] of [['xception', m.xception], ['wsdan-xception', m.wsdan]] as const) {
    const dir = join(MODELS_DIR, name);
    const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    const shards = Object.fromEntries(modelJson.weightsManifest.flatMap((g) => g.paths).map((p) => [p, new Uint8Array(readFileSync(join(dir, p))).buffer]));
    const { weights } = decodeModel(modelJson, shards);
    const vars = model.namedWeights();
    for (const [n, t] of Object.entries(weights)) {
      const v = vars[n] as tf.Variable | undefined;
      if (!v) throw new Error(`${name}: shipped weight ${n} is not in the model`);
      v.assign(t);
    }
    tf.dispose(Object.values(weights));
  }
  return MODELS_DIR;
}

const USAGE = 'npm run evaluate -- [--checkpoint [PATH]] [--write]';

/** The command line. A bare --checkpoint (no path) means the default run's best checkpoint, so it
 *  is given to the parser as --checkpoint= (an empty path). */
export function evaluateFlags(argv: readonly string[]): { checkpoint: string | null; write: boolean } {
  const args = argv.map((a, i) => (a === '--checkpoint' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--')) ? '--checkpoint=' : a));
  const { values } = parseFlags(args, { checkpoint: { type: 'string' }, write: { type: 'boolean' } }, USAGE);
  return { checkpoint: values.checkpoint === undefined ? null : values.checkpoint || bestJointPath(), write: values.write === true };
}

async function main(): Promise<void> {
  const flags = evaluateFlags(process.argv.slice(2));
  await setupBackend('wasm');
  const m = buildJointModels();
  let path: string;
  let meta: { imagesSeen: number } | null = null;
  let needed: FineTuned;
  let cache: string;
  if (flags.checkpoint !== null) {
    path = flags.checkpoint;
    needed = checkpointBlocks(path);
    cache = cacheOf(checkpointConfig(path));
    meta = loadPairCheckpoint(m, path);
  } else {
    needed = shippedBlocks();
    cache = cacheOf(shippedRecipe());
    path = `shipped folders in ${loadShippedPair(m)}`;
  }
  // A pair is scored on the validation rows of the cache it was trained on (its input region).
  const blocks = scoringBlocks(needed, cache);
  const set = loadFeatureSet(cache, cachedStage(blocks), TRUNK.shape, ['val']);
  const a = scoreRows(m, set, set.parts.A, blocks);
  const b = scoreRows(m, set, set.parts.B, blocks);
  const ev = evaluatePair(a, b);
  const out = { source: path, cache, imagesSeen: meta?.imagesSeen ?? null, ...ev };
  console.log(JSON.stringify(out, null, 1));
  // runs/ is not in git: a fresh checkout has none, and a crash here would lose the whole evaluation.
  mkdirSync(join(import.meta.dirname, 'runs'), { recursive: true });
  writeFileSync(join(import.meta.dirname, 'runs', 'evaluation-pair.json'), JSON.stringify(out, null, 1));
  if (flags.write) {
    const file = join(import.meta.dirname, '..', 'src', 'calibration.json');
    writeFileSync(
      file,
      JSON.stringify(
        {
          about: "Written by training/evaluate-pair.ts --write: the seed's relative ensemble weights, Platt scaling fitted on validation half A; metrics measured on half B.",
          weights: { 'wsdan-xception': ev.weights.wsdan, xception: ev.weights.xception },
          platt: ev.platt,
          halfB: ev.halfB.ensemble,
          halfBCounts: ev.counts.B,
        },
        null,
        1,
      ) + '\n',
    );
    console.error(`wrote ${file}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
