// Export the CPU recipe's Xception pair (feature-train.ts) as the app's model folders:
//   public/models/xception/        the whole network: ImageNet trunk (blocks 1-12, or 1-11, unchanged),
//                                  block 13 (or 12-13) fine-tuned, classifier head; it is also the shared backbone;
//   public/models/wsdan-xception/  the WS-DAN head only, with manifest.backbone naming the xception
//                                  folder and pinning its manifest's SHA-256.
// Metrics in the manifests are validation half B (evaluate-pair.ts). Each manifest also carries the
// feature path's probabilities for a few half-B crops (config.reference): training/export-pair.test.ts
// runs those images through the app's detector, alignment, loader and scoring and checks it gets
// the same numbers, so an export that the page would read differently fails in CI. Replaces the shipped folders only when the new ensemble's AUC on
// validation half A beats the shipped folders' (their float16 weights scored on half A by the same
// code), or with --force. The decision reads half A only: half B stays a report, never a choice.
//   npm run export -- [--checkpoint PATH] [--force] [--crossDomain "sentence measured through the page"]
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { encodeModel } from '../src/models/weights-io';
import { manifestFileEntry, sha256Hex } from '../src/models/manifest';
import type { ModelManifest } from '../src/models/types';
import type { Metrics } from '../src/types';
import { parseFlags } from './args';
import { setupBackend } from './backend';
import { CACHE_RECIPES, DATA_CONFIG, MODELS_DIR } from './data-config';
import { WHOLE_CROP } from '../src/models/resize-crops';
import { JITTER } from './align-crops';
import { IMAGENET_XCEPTION_NORMALIZATION, readImagenetWeights } from './imagenet-xception';
import { featureIndexFile, loadFeatureSet, type FeatureSet } from './feature-data';
import { bestJointPath, checkpointBlocks, checkpointConfig, type JointCheckpoint } from './joint-checkpoint';
import { DEFAULT_JOINT, TRUNK, cacheOf, fineTunedOf } from './joint-config';
import { buildJointModels } from './joint-models';
import { cachedStage, type FineTuned } from './joint-step';
import { makePlan } from './crop-cache';
import { evaluatePair, loadPairCheckpoint, loadShippedPair, scoreRows, scoringBlocks, shippedBlocks, shippedRecipe, type Evaluation, type PairScores } from './evaluate-pair';
import type { JointModels } from './joint-step';

async function writeFolder(dir: string, manifest: Omit<ModelManifest, 'files'>, weights: Record<string, tf.Tensor>): Promise<{ manifest: ModelManifest; manifestSha256: string }> {
  const { modelJson, shards } = encodeModel(manifest.architecture, manifest.archConfig as never, weights);
  mkdirSync(dir, { recursive: true });
  const jsonBytes = new TextEncoder().encode(JSON.stringify(modelJson));
  writeFileSync(join(dir, 'model.json'), jsonBytes);
  for (const s of shards) writeFileSync(join(dir, s.path), s.data);
  const files = [await manifestFileEntry('model.json', jsonBytes), ...(await Promise.all(shards.map((s) => manifestFileEntry(s.path, s.data))))];
  const full: ModelManifest = { ...manifest, files };
  const bytes = new TextEncoder().encode(JSON.stringify(full, null, 1) + '\n');
  writeFileSync(join(dir, 'manifest.json'), bytes);
  return { manifest: full, manifestSha256: await sha256Hex(bytes) };
}

const pick = (m: Metrics & Record<string, number>) => ({ ...m });

/** The learning rates the run actually used, in order, each with the image count it ran up to (from
 *  the checkpoint's history: a resumed run may change the rate; the shipped run restarted at
 *  0.0025 after 97,824 images). */
export function lrSchedule(meta: JointCheckpoint): string {
  const parts: { lr: number; upTo: number }[] = [];
  for (const h of meta.history) {
    const last = parts[parts.length - 1];
    if (last && last.lr === h.lr) last.upTo = h.imagesSeen;
    else parts.push({ lr: h.lr, upTo: h.imagesSeen });
  }
  return parts.map((p) => `${p.lr} to ${p.upTo} images`).join(', ');
}

/** A few half-B crops and what the training-side code (feature cache + joint-step) gives them. */
export interface ReferenceCrops {
  about: string;
  crops: { video: string; label: 0 | 1; xception: number; wsdan: number }[];
}

/** The first `perClass` real and fake half-B crops (by name) in which the detector found a face. */
export function referenceCrops(set: FeatureSet, b: PairScores, perClass = 4): ReferenceCrops {
  const rows = set.parts.B.map((r, i) => ({ r, i })).filter(({ r }) => set.found[r]);
  const pick = (label: number) => rows.filter(({ r }) => set.labels[r] === label).sort((x, y) => (set.videos[x.r]! < set.videos[y.r]! ? -1 : 1)).slice(0, perClass);
  return {
    about: "P(fake) of each model from the training side's features (onnxruntime trunk, float16 cache, float32 checkpoint) for these ../shared/data/dfdc-faces crops; training/export-pair.test.ts checks the page's path gives the same",
    crops: [...pick(0), ...pick(1)].map(({ r, i }) => ({ video: set.videos[r]!, label: set.labels[r] as 0 | 1, xception: b.xception[i]!, wsdan: b.wsdan[i]! })),
  };
}

/** What the checkpoint a run started from (--init) was: its fine-tuned depth, its training crops, in words. */
export interface InitInfo {
  blocks: FineTuned;
  trainCrops: number;
  about: string;
}

export function recipeConfig(meta: JointCheckpoint, ev: Evaluation, imagenetSha: string, trainCrops: number, model: 'xception' | 'wsdan-xception', reference?: ReferenceCrops, initInfo?: InitInfo) {
  const depth = fineTunedOf(meta.config);
  const [frozen, tuned, cached] = depth === 4 ? ['blocks 1-9', 'blocks 10-13', 'block-9'] : depth === 2 ? ['blocks 1-11', 'blocks 12-13', 'block-11'] : ['blocks 1-12', 'block 13', 'block-12'];
  const sbi = cacheOf(meta.config).endsWith('-sbi');
  const wj = cacheOf(meta.config).endsWith('-wj');
  const fakes = { all: 'self-blended pseudo-fakes of the real crops and DFDC fakes', sbi: 'self-blended pseudo-fakes of the real crops only (no DFDC fake)', dfdc: 'DFDC fakes only' }[meta.config.fakes ?? 'all'];
  const data = sbi
    ? `${trainCrops} training views (training/feature-cache.ts --recipe sbi): every real training crop with a face, augmented (flip, JPEG 40-95, downscale), and a self-blended pseudo-fake of it (training/sbi.ts), and as many DFDC fake crops, augmented; each epoch draws every real and as many fakes from the ${fakes}; the model reads the input region of the aligned crop (manifest.inputRegion: brows to below the mouth, cheek to cheek), the part nearly every training crop covers, instead of the whole 320 crop`
    : wj
      ? `${trainCrops} training crops with a face (balanced per epoch by drawing as many fakes as reals), each aligned on its detector keypoints moved by one random similarity (shift up to ${JITTER.shift * 100}% of the eye distance, scale +-${JITTER.scale * 100}%, rotation +-${JITTER.rotateDeg} degrees; training/feature-cache.ts --recipe wj) and mirrored half the time, with black outside the input window (manifest.inputWindow: the part of the aligned crop the median training crop covers), as the page shows every face`
      : `${trainCrops} training crops (all of the training groups, balanced per epoch by drawing as many fakes as reals), no augmentation (the cache holds one view per crop)`;
  const init =
    (meta.initFrom ? (initInfo?.blocks === depth ? `, started from every fine-tuned weight of a ${meta.initFrom.imagesSeen}-image ${tuned} checkpoint (${initInfo.about})` : `, started from a ${meta.initFrom.imagesSeen}-image block-13 run's checkpoint (block 12 from ImageNet)`) : '') +
    (meta.continuedFrom ? `, continued after ${meta.continuedFrom.imagesSeen} images from the then-shipped folders' float16 weights (manifest SHA-256 ${meta.continuedFrom.manifestSha256.slice(0, 16)}...; momentum restarted)` : '');
  const common =
    `input 160 px instead of ${model === 'xception' ? 299 : 320}; ImageNet Xception (Keras weights, ../shared/weights/xception-imagenet, SHA-256 ${imagenetSha.slice(0, 16)}...) ` +
    `with ${frozen} frozen and ${tuned} fine-tuned on cached ${cached} activations (training/feature-cache.ts, feature-train.ts)${init}; ` +
    'block 14 removed (its kernels are not in the ImageNet file and training them fresh cost ~3x block 13 on 2 CPU cores), so the head reads block 13 (1024 channels, 5x5); ' +
    `${tuned} shared by both Xception members and trained jointly with both heads (loss = CE(classifier) + CE(WS-DAN)); ${data}; ` +
    `SGD, learning rate ${lrSchedule(meta)}, momentum ${meta.config.momentum}, batch ${meta.config.batchSize}; ${meta.imagesSeen} images seen; checkpoint chosen on validation half A; Keras preprocessing ([-1, 1]) instead of the seed's`;
  const wsdan = model === 'wsdan-xception' ? '; WS-DAN without attention crop/drop augmentation, center loss or test-time attention crop (each needs the trunk re-run on new pixels)' : '';
  return {
    name: 'cpu-imagenet',
    differences: common + wsdan,
    recipe: { ...meta.config, lrSchedule: lrSchedule(meta), imagesSeen: meta.imagesSeen, trainSeconds: Math.round(meta.trainSeconds), history: meta.history, best: meta.best, initFrom: meta.initFrom, continuedFrom: meta.continuedFrom },
    trunk: { source: 'keras.applications.Xception(weights="imagenet")', sha256: imagenetSha, frozen, fineTuned: tuned, removed: 'block 14' },
    validationHalfB: pick(ev.halfB[model === 'xception' ? 'xception' : 'wsdan-xception'] as never),
    ensemble: { weights: ev.weights, platt: ev.platt, halfB: pick(ev.halfB.ensemble as never) },
    ...(reference ? { reference: { about: reference.about, crops: reference.crops.map((c) => ({ video: c.video, label: c.label, pFake: model === 'xception' ? c.xception : c.wsdan })) } } : {}),
  };
}

/**
 * What the pair knows, in plain words for the page and the report (manifest.about): the data it
 * was trained on, its DFDC validation number, and where it is known to be weaker, with the
 * cross-domain number when the caller measured one through the page (--crossDomain).
 */
export function aboutText(meta: JointCheckpoint, ev: Evaluation, trainCrops: number, crossDomain: string | null, init?: InitInfo): string {
  const sbi = cacheOf(meta.config).endsWith('-sbi');
  const data = init && cacheOf(meta.config).endsWith('-wj')
    ? `Trained on ${init.trainCrops.toLocaleString('en-US')} face images from the Deepfake Detection Challenge (DFDC: paid actors filmed in 2019, fakes made by several face-swap methods), then on ${trainCrops.toLocaleString('en-US')} of them shown as this page shows a face (only the part a typical training image covers, each slightly shifted, turned or mirrored).`
    : sbi
    ? `Trained on ${trainCrops.toLocaleString('en-US')} face images from the Deepfake Detection Challenge (DFDC: paid actors filmed in 2019, fakes made by several face-swap methods): real faces, DFDC fakes, and "self-blended" fakes made from the real faces by blending an altered copy of each face into itself, so that the models learn the traces of blending rather than one tool's look.`
    : `Trained on ${trainCrops.toLocaleString('en-US')} face images from the Deepfake Detection Challenge (DFDC: paid actors filmed in 2019, fakes made by several face-swap methods).`;
  const dfdc = `On DFDC faces from people never trained on, they separate real from fake with AUC ${ev.halfB.ensemble!.auc.toFixed(2)} (1 is perfect, 0.5 is chance).`;
  const cross = crossDomain ? ` ${crossDomain}` : '';
  const weaker = ' Known to be weaker on: face swaps made by other tools than those of DFDC, faces smaller than about 80 pixels, heavily compressed or blurred video, faces turned sideways, and manipulations that leave the face alone (a cloned voice, lip movements only, an edited background).';
  return data + ' ' + dfdc + cross + weaker;
}

/** Write both folders into `root` (staging). */
export async function exportPair(m: JointModels, meta: JointCheckpoint, ev: Evaluation, root: string, trainCrops: number, imagenetSha: string, reference?: ReferenceCrops, crossDomain: string | null = null, init?: InitInfo): Promise<void> {
  // What the cache's rows showed the trunk is what the page must show it: the input region (SBI
  // recipe) or the input window (window-jitter recipe), from the one table of cache recipes.
  const cache = cacheOf(meta.config);
  const recipe = CACHE_RECIPES[cache];
  if (!recipe) throw new Error(`cache "${cache}" is not in CACHE_RECIPES (training/data-config.ts): its input geometry is unknown`);
  const region = JSON.stringify(recipe.region) === JSON.stringify(WHOLE_CROP) ? {} : { inputRegion: recipe.region };
  const window = cache.endsWith('-wj') ? { inputWindow: DATA_CONFIG.inputWindow } : {};
  const base = { dataset: { name: DATA_CONFIG.datasetName, split: splitInfo() }, createdAt: new Date().toISOString(), inputSize: TRUNK.inputSize, ...region, ...window, normalization: IMAGENET_XCEPTION_NORMALIZATION, about: aboutText(meta, ev, trainCrops, crossDomain, init) };
  const xm = (k: 'xception' | 'wsdan-xception'): Metrics => {
    const h = ev.halfB[k]!;
    return { auc: h.auc, logloss: h.logloss, acc: h.acc, n: h.n };
  };
  const x = await writeFolder(
    join(root, 'xception'),
    { name: 'xception', architecture: 'xception', archConfig: { ...m.xception.archConfig }, config: recipeConfig(meta, ev, imagenetSha, trainCrops, 'xception', reference, init), metrics: xm('xception'), ...base },
    m.xception.namedWeights(),
  );
  const head = Object.fromEntries(Object.entries(m.wsdan.namedWeights()).filter(([n]) => n.startsWith('attention.') || n.startsWith('fc.')));
  await writeFolder(
    join(root, 'wsdan-xception'),
    {
      name: 'wsdan-xception',
      architecture: 'wsdan-xception',
      archConfig: { ...m.wsdan.archConfig },
      config: recipeConfig(meta, ev, imagenetSha, trainCrops, 'wsdan-xception', reference, init),
      metrics: xm('wsdan-xception'),
      backbone: { name: 'xception', manifestSha256: x.manifestSha256 },
      ...base,
    },
    head,
  );
}

const USAGE = 'npm run export -- [--checkpoint PATH] [--force] [--crossDomain "sentence measured through the page"]';

async function main(): Promise<void> {
  const { values: flags } = parseFlags(process.argv.slice(2), { checkpoint: { type: 'string' }, force: { type: 'boolean' }, crossDomain: { type: 'string' } }, USAGE);
  const path = flags.checkpoint ?? bestJointPath();
  await setupBackend('wasm');
  // Candidate and shipped pair are scored from one cached stage that is valid for both.
  const cache = cacheOf(checkpointConfig(path));
  // Another input region than the shipped pair's: the two are scored on different inputs, so half A
  // cannot compare them like with like; the choice is then made through the page, on the
  // cross-domain validation and on DFDC clips (npm run evaluate:videos), and --force exports.
  const sameInputs = cacheOf(shippedRecipe()) === cache;
  if (!sameInputs && !flags.force) throw new Error(`the checkpoint was trained on cache "${cache}", the shipped pair on "${cacheOf(shippedRecipe())}": compare them through the page (npm run evaluate:videos) and export with --force`);
  const blocks = sameInputs ? scoringBlocks(Math.max(checkpointBlocks(path), shippedBlocks()) as FineTuned, cache) : scoringBlocks(checkpointBlocks(path), cache);
  const set = loadFeatureSet(cache, cachedStage(blocks), TRUNK.shape, ['val']);
  const m = buildJointModels();
  const meta = loadPairCheckpoint(m, path);
  const scoresB = scoreRows(m, set, set.parts.B, blocks);
  const ev = evaluatePair(scoreRows(m, set, set.parts.A, blocks), scoresB);
  console.log(JSON.stringify({ weights: ev.weights, platt: ev.platt, halfB: ev.halfB }, null, 1));
  if (sameInputs && existsSync(join(MODELS_DIR, 'xception', 'manifest.json')) && !flags.force) {
    const shippedModels = buildJointModels();
    loadShippedPair(shippedModels);
    // The shipped networks are whole: scored from the same cached stage as the candidate.
    const oldA = scoreRows(shippedModels, set, set.parts.A, blocks);
    const oldAuc = evaluatePair(oldA, oldA).halfA.ensembleAuc;
    console.log(`Half A ensemble AUC: candidate ${ev.halfA.ensembleAuc.toFixed(4)}, shipped ${oldAuc.toFixed(4)}.`);
    if (ev.halfA.ensembleAuc <= oldAuc) {
      console.log('Kept the shipped pair: the candidate is not better on half A.');
      return;
    }
  }
  const staging = join(DATA_CONFIG.cacheDir, 'export-pair');
  rmSync(staging, { recursive: true, force: true });
  const w = readImagenetWeights();
  tf.dispose(Object.values(w.tensors));
  const trainCrops = loadFeatureIndexCount(cache);
  // The checkpoint a run started from, read from its own header while it is still on disk: the plain
  // cache's rows are every training crop of the plan (that cache's index need not be kept).
  let init: InitInfo | undefined;
  if (meta.initFrom && existsSync(meta.initFrom.path)) {
    const cfg = checkpointConfig(meta.initFrom.path);
    const initCache = cacheOf(cfg);
    const crops = initCache === DEFAULT_JOINT.cache && !existsSync(featureIndexFile(initCache)) ? makePlan().order.filter((o) => o.split === 'train').length : loadFeatureIndexCount(initCache);
    init = { blocks: fineTunedOf(cfg), trainCrops: crops, about: `trained on ${crops} training crops of cache "${initCache}"` };
  }
  await exportPair(m, meta, ev, staging, trainCrops, w.sha256, referenceCrops(set, scoresB), flags.crossDomain ?? null, init);
  for (const name of ['xception', 'wsdan-xception']) {
    const target = join(MODELS_DIR, name);
    const tmp = `${target}.old-${process.pid}`;
    if (existsSync(target)) renameSync(target, tmp);
    renameSync(join(staging, name), target);
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`Exported xception and wsdan-xception to ${MODELS_DIR} (checkpoint ${path}, ${meta.imagesSeen} images seen). DEFAULT_JOINT was ${JSON.stringify(DEFAULT_JOINT)}.`);
}

/** The split as the manifest records it (the rule and hashes from training/split.json). */
export function splitInfo(): Record<string, unknown> {
  const s = JSON.parse(readFileSync(DATA_CONFIG.splitFile, 'utf8')) as Record<string, unknown>;
  const { valGroups: _omit, ...rest } = s;
  return { ...rest, file: 'training/split.json', valGroupCount: (s.valGroups as unknown[]).length };
}

function loadFeatureIndexCount(cache: string): number {
  return readFileSync(featureIndexFile(cache), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"split":"train"')).length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
