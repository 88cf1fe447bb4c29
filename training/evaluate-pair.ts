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
// The offline cross-domain screen (issue 22): --videoCache NAME scores a checkpoint on the faces of
// labelled videos (feature-videos.ts: an evaluation-only cache, never trained on) and aggregates
// them per video by the page's own rule (track.ts trackStep, aggregate.ts aggregate: people tracked
// by box overlap and appearance, the most suspicious person seen in >= 3 frames, its mean score):
// video AUC, log loss, how many (original, swapped) pairs put the swap above its original, the
// median scores; one JSON line per run in runs/video-screen.jsonl.
//   npm run evaluate -- --checkpoint PATH --videoCache NAME [--platt fit|none|A,B] [--pageReport FILE.jsonl]
// --platt: fit (default) = Platt fitted on half A of the checkpoint's own cache, as --write would
// fit it for the page; A,B = given (e.g. a page report's settings.calibration.platt). --pageReport:
// a deepfake-scan report of the same videos, for the rank correlation of the two per-video scores.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { decodeModel } from '../src/models/weights-io';
import { CACHE_RECIPES, MODELS_DIR } from './data-config';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseFlags } from './args';
import { setupBackend } from './backend';
import { featureBatch, featureFile, loadFeatureSet, loadVideoFeatureSet, type FeatureSet, type VideoDoneLine, type VideoFeatureLine } from './feature-data';
import { bestJointPath, checkpointBlocks, checkpointConfig, loadHead, type JointCheckpoint } from './joint-checkpoint';
import { DEFAULT_JOINT, TRUNK, cacheOf, fineTunedOf, type JointTrainConfig } from './joint-config';
import { buildJointModels, predictRows } from './joint-models';
import { HEAD_STAGE, cachedStage, jointParams, jointState, type FineTuned, type JointModels } from './joint-step';
import { calibration, metrics } from './metrics';
import { applyPlatt, fitPlatt, type Platt } from './calibrate';
import type { FaceResult, FrameResult, Metrics } from '../src/types';
import { APP_CONFIG } from '../src/config';
import { aggregate, type AggregateConfig } from '../src/pipeline/aggregate';
import { EMPTY_TRACKER, trackStep, type TrackConfig } from '../src/pipeline/track';
import { APP_AGGREGATE, outcomes, readLabels, videoMetrics, type VideoOutcome } from './evaluate-videos';

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

export function loadPairCheckpoint(m: JointModels, path = bestJointPath()): JointCheckpoint {
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

/** Platt for the seed's weights, fitted on half A with each class weighted to half: the page must
 *  not assume half A's 2 fakes per real (a plain fit moved every probability up by that prior,
 *  measured b = +0.66). */
export function plattOnA(a: PairScores): Platt {
  const nFake = a.labels.filter((l) => l === 1).length;
  const nReal = a.labels.length - nFake;
  return fitPlatt(mix(a, SEED_WEIGHTS.xception), a.labels, a.labels.map((l) => (l === 1 ? a.labels.length / (2 * nFake) : a.labels.length / (2 * nReal))));
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
  const platt = plattOnA(a);
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

const USAGE = 'npm run evaluate -- [--checkpoint [PATH]] [--write] [--valCache NAME] | --checkpoint PATH --videoCache NAME [--platt fit|none|A,B] [--pageReport FILE.jsonl]';

export interface EvaluateFlags {
  checkpoint: string | null;
  write: boolean;
  /** The screen: an evaluation-only video cache (feature-videos.ts). */
  videoCache: string | null;
  /** Score on this cache's validation rows instead of the checkpoint's own (same trunk and size: e.g.
   *  a pair trained on whole crops, shown them through the input window, --valCache 160-wj). */
  valCache: string | null;
  /** Platt for the screen: 'fit' on half A of the checkpoint's cache, none, or given. */
  platt: 'fit' | null | Platt;
  pageReport: string | null;
}

/** The command line. A bare --checkpoint (no path) means the default run's best checkpoint, so it
 *  is given to the parser as --checkpoint= (an empty path). */
export function evaluateFlags(argv: readonly string[]): EvaluateFlags {
  const args = argv.map((a, i) => (a === '--checkpoint' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--')) ? '--checkpoint=' : a));
  const { values } = parseFlags(args, { checkpoint: { type: 'string' }, write: { type: 'boolean' }, videoCache: { type: 'string' }, platt: { type: 'string' }, pageReport: { type: 'string' }, valCache: { type: 'string' } }, USAGE);
  if (values.valCache !== undefined && values.videoCache !== undefined) throw new Error(`--valCache belongs to the DFDC evaluation, not the screen (--videoCache)\n  usage: ${USAGE}`);
  const videoCache = values.videoCache ?? null;
  if (videoCache === null && (values.platt !== undefined || values.pageReport !== undefined)) throw new Error(`--platt and --pageReport belong to the screen (--videoCache NAME)\n  usage: ${USAGE}`);
  if (videoCache !== null && values.write) throw new Error('--write fits the page\'s calibration on DFDC half A; the screen (--videoCache) never writes it');
  let platt: EvaluateFlags['platt'] = 'fit';
  const p = values.platt ?? 'fit';
  if (p === 'none') platt = null;
  else if (p !== 'fit') {
    const [a, b] = p.split(',').map((v) => (v.trim() === '' ? NaN : Number(v)));
    if (!(Number.isFinite(a) && Number.isFinite(b)) || p.split(',').length !== 2) throw new Error(`--platt is fit, none or A,B (two numbers), got "${p}"`);
    platt = { a: a!, b: b! };
  }
  return { checkpoint: values.checkpoint === undefined ? null : values.checkpoint || bestJointPath(), write: values.write === true, videoCache, platt, pageReport: values.pageReport ?? null, valCache: values.valCache ?? null };
}

/** Both heads' P(fake) and the page's appearance descriptor (the shared backbone's map averaged over
 *  positions, what track.ts links a jumped box by) on cached rows. */
export function scoreRowsWithDescriptors(m: JointModels, set: FeatureSet, rows: readonly number[], blocks: FineTuned, batch = 64): { x: Float32Array; w: Float32Array; descriptors: Float32Array[] } {
  const out = { x: new Float32Array(rows.length), w: new Float32Array(rows.length), descriptors: [] as Float32Array[] };
  for (let i = 0; i < rows.length; i += batch) {
    const xb = featureBatch(set, rows.slice(i, i + batch));
    const [px, pw, d] = tf.tidy(() => {
      const f = m.xception.features(xb, { training: false, after: cachedStage(blocks) });
      const p = (l: tf.Tensor2D) => tf.reshape(tf.slice(tf.softmax(l), [0, 1], [-1, 1]), [-1]);
      return [p(m.xception.apply(f, { training: false, after: HEAD_STAGE }).logits), p(m.wsdan.apply(f, { training: false, after: HEAD_STAGE }).logits), tf.mean(f, [1, 2])] as [tf.Tensor1D, tf.Tensor1D, tf.Tensor2D];
    });
    out.x.set(px.dataSync() as Float32Array, i);
    out.w.set(pw.dataSync() as Float32Array, i);
    const dd = d.dataSync() as Float32Array;
    const [n, c] = d.shape;
    for (let k = 0; k < n; k++) out.descriptors.push(dd.slice(k * c, (k + 1) * c));
    tf.dispose([xb, px, pw, d]);
  }
  return out;
}

/** One scored face of the screen: both members' raw P(fake) and its descriptor. */
export interface ScreenFace {
  xception: number;
  wsdan: number;
  descriptor: ArrayLike<number> | null;
}

/** The ensemble's P(fake) of one face as the page computes it (score.ts): the members' weighted
 *  probabilities, then Platt when there is one. */
export function pageFaceScore(xception: number, wsdan: number, platt: Platt | null, weights = SEED_WEIGHTS): number {
  const p = weights.xception * xception + weights.wsdan * wsdan;
  return platt ? applyPlatt(p, platt) : p;
}

/**
 * Per video, the page's score from its faces' scores: each decoded frame's faces (largest first)
 * linked into people by track.ts's trackStep, then aggregate.ts's verdict (the most suspicious
 * person seen in >= minFramesWithFace frames, its mean; null without a scored face). `faces[i]`
 * belongs to `lines[i]`.
 */
export function screenVideoScores(videos: readonly VideoDoneLine[], lines: readonly VideoFeatureLine[], faces: readonly ScreenFace[], platt: Platt | null, cfg: AggregateConfig = APP_AGGREGATE, tracking: TrackConfig = APP_CONFIG.tracking): Map<string, number | null> {
  const byFrame = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const k = `${l.video}\u0000${l.frame}`;
    byFrame.set(k, [...(byFrame.get(k) ?? []), i]);
  });
  const out = new Map<string, number | null>();
  for (const v of videos) {
    let state = EMPTY_TRACKER;
    const frames: FrameResult[] = v.decoded.map((d) => {
      const rows = (byFrame.get(`${v.video}\u0000${d.index}`) ?? []).sort((a, b) => lines[a]!.face - lines[b]!.face);
      const step = trackStep(state, d.index, rows.map((r) => ({ box: lines[r]!.det.box, descriptor: faces[r]!.descriptor })), tracking);
      state = step.state;
      const scored: FaceResult[] = rows.map((r, k) => ({
        ...lines[r]!.det,
        pFake: pageFaceScore(faces[r]!.xception, faces[r]!.wsdan, platt),
        models: { xception: faces[r]!.xception, 'wsdan-xception': faces[r]!.wsdan },
        track: step.ids[k]!,
        attention: null,
      }));
      const top = scored.reduce<FaceResult | null>((best, f) => (best === null || f.pFake! > best.pFake! ? f : best), null);
      return { index: d.index, timeMs: d.timeMs, score: top?.pFake ?? null, box: top?.box ?? null, faces: scored, models: top?.models ?? {} };
    });
    out.set(v.video, aggregate(frames, cfg, false).score);
  }
  return out;
}

/** The pair key of a clip: its name with the word "real" or "fake" taken out (dfl-fake-X_0.mp4 and
 *  dfl-real-X_0.mp4 are one pair). */
export const pairKey = (name: string): string => name.toLowerCase().replace(/(^|[^a-z])(real|fake)(?=[^a-z]|$)/, '$1*');

/** Complete pairs (both halves scored) and in how many the swapped half scores above its original. */
export function pairWins(rows: readonly Pick<VideoOutcome, 'name' | 'truth' | 'score'>[]): { complete: number; fakeAbove: number } {
  const pairs = new Map<string, { real?: number; fake?: number }>();
  for (const r of rows) {
    if (r.score === null) continue;
    const p = pairs.get(pairKey(r.name)) ?? {};
    p[r.truth === 1 ? 'fake' : 'real'] = r.score;
    pairs.set(pairKey(r.name), p);
  }
  const complete = [...pairs.values()].filter((p) => p.real !== undefined && p.fake !== undefined);
  return { complete: complete.length, fakeAbove: complete.filter((p) => p.fake! > p.real!).length };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Spearman's rank correlation (ties take their mean rank). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 2) return NaN;
  const ranks = (v: readonly number[]) => {
    const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
      for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** The screen's numbers for per-video outcomes (scored videos only, as the page's table). */
export function screenSummary(rows: readonly VideoOutcome[]) {
  const m = videoMetrics(rows);
  const scored = rows.filter((r) => r.score !== null);
  return {
    videos: m.n,
    scored: m.scored,
    auc: m.auc,
    logloss: m.logloss,
    pairs: pairWins(rows),
    medianFake: median(scored.filter((r) => r.truth === 1).map((r) => r.score!)),
    medianReal: median(scored.filter((r) => r.truth === 0).map((r) => r.score!)),
  };
}

/** The screen: a checkpoint on an evaluation-only video cache, aggregated per video as the page does. */
async function screen(flags: EvaluateFlags & { checkpoint: string; videoCache: string }): Promise<void> {
  const t0 = Date.now();
  const m = buildJointModels();
  const needed = checkpointBlocks(flags.checkpoint);
  const trainedOn = cacheOf(checkpointConfig(flags.checkpoint));
  const meta = loadPairCheckpoint(m, flags.checkpoint);
  const { set, lines, videos, marker } = loadVideoFeatureSet(flags.videoCache, cachedStage(needed), TRUNK.shape);
  // The same input geometry (side, region) as the checkpoint's training rows; the window may differ
  // (the shipped pair, trained on whole crops, is screened through it to decide on it).
  const trained = CACHE_RECIPES[trainedOn];
  if (!trained || trained.size !== marker.size || JSON.stringify(trained.region) !== JSON.stringify(marker.inputRegion)) throw new Error(`${flags.checkpoint} was trained on cache "${trainedOn}"; video cache "${flags.videoCache}" follows "${marker.recipe}"'s recipe (its input region): build one with --recipe ${trainedOn}`);
  let platt: Platt | null = null;
  let plattFrom = 'none';
  if (flags.platt === 'fit') {
    const val = loadFeatureSet(trainedOn, cachedStage(needed), TRUNK.shape, ['val']);
    platt = plattOnA(scoreRows(m, val, val.parts.A, needed));
    plattFrom = `fitted on half A of ${trainedOn} (${val.parts.A.length} crops)`;
  } else if (flags.platt !== null) {
    platt = flags.platt;
    plattFrom = 'given';
  }
  const tScore = Date.now();
  const p = scoreRowsWithDescriptors(m, set, lines.map((_, i) => i), needed);
  const faces = lines.map((_, i) => ({ xception: p.x[i]!, wsdan: p.w[i]!, descriptor: p.descriptors[i]! }));
  const scores = screenVideoScores(videos, lines, faces, platt);
  const rows: VideoOutcome[] = videos.map((v) => ({ name: v.video, truth: v.label, score: scores.get(v.video) ?? null, label: null, error: null }));
  const summary = screenSummary(rows);
  let page: Record<string, unknown> | null = null;
  if (flags.pageReport !== null) {
    const labels = readLabels(readFileSync(marker.labels, 'utf8'));
    const pageRows = outcomes(readFileSync(flags.pageReport, 'utf8'), (n) => labels.get(n) ?? null);
    const pageScore = new Map(pageRows.map((r) => [r.name, r.score] as const));
    const both = rows.filter((r) => r.score !== null && pageScore.get(r.name) != null);
    page = {
      report: flags.pageReport,
      ...screenSummary(pageRows),
      spearman: spearman(both.map((r) => r.score!), both.map((r) => pageScore.get(r.name)!)),
      spearmanVideos: both.length,
    };
  }
  const seconds = (Date.now() - t0) / 1000;
  const out = {
    at: new Date().toISOString(),
    checkpoint: flags.checkpoint,
    imagesSeen: meta.imagesSeen,
    fineTunedBlocks: needed,
    videoCache: flags.videoCache,
    frames: marker.frames,
    inputWindow: marker.inputWindow ?? null,
    faces: lines.length,
    weights: SEED_WEIGHTS,
    platt,
    plattFrom,
    aggregation: 'the page\'s: track.ts trackStep (box overlap, appearance), aggregate.ts aggregate (most suspicious person in >= minFramesWithFace frames, mean)',
    ...summary,
    page,
    seconds: { total: seconds, scoring: (Date.now() - tScore) / 1000 },
    perVideo: Object.fromEntries(rows.map((r) => [r.name, r.score])),
  };
  const f3 = (v: number) => v.toFixed(3);
  console.log(`screen ${flags.videoCache} (${marker.frames} frames, ${lines.length} faces${marker.inputWindow ? ', input window' : ''}): ${flags.checkpoint}`);
  console.log(`  videos ${summary.scored} of ${summary.videos} scored  AUC ${f3(summary.auc)}  log loss ${f3(summary.logloss)}  swapped above original in ${summary.pairs.fakeAbove} of ${summary.pairs.complete} pairs  median fake ${f3(summary.medianFake)}, real ${f3(summary.medianReal)}  (Platt ${plattFrom}${platt ? `: a ${f3(platt.a)}, b ${f3(platt.b)}` : ''})`);
  if (page) {
    const ps = page as unknown as ReturnType<typeof screenSummary> & { spearman: number; spearmanVideos: number };
    console.log(`  page report: AUC ${f3(ps.auc)}  log loss ${f3(ps.logloss)}  ${ps.pairs.fakeAbove} of ${ps.pairs.complete} pairs  median fake ${f3(ps.medianFake)}, real ${f3(ps.medianReal)}; Spearman screen vs page ${f3(ps.spearman)} over ${ps.spearmanVideos} videos`);
  }
  console.log(`  ${seconds.toFixed(0)} s`);
  mkdirSync(join(import.meta.dirname, 'runs'), { recursive: true });
  appendFileSync(join(import.meta.dirname, 'runs', 'video-screen.jsonl'), JSON.stringify(out) + '\n');
}

async function main(): Promise<void> {
  const flags = evaluateFlags(process.argv.slice(2));
  await setupBackend('wasm');
  if (flags.videoCache !== null) {
    if (flags.checkpoint === null) throw new Error('the screen (--videoCache) scores a checkpoint: give --checkpoint PATH (the shipped folders read the whole crop, not a video cache\'s input region)');
    return screen({ ...flags, checkpoint: flags.checkpoint, videoCache: flags.videoCache });
  }
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
  // A pair is scored on the validation rows of the cache it was trained on (its input region), or
  // on another cache's (--valCache) to see it through that cache's view of the same crops.
  if (flags.valCache !== null) cache = flags.valCache;
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
