// Rebuild a training run's state from the shipped pair (public/models/xception + wsdan-xception), so
// training can go on from the weights the page ships when the run's own checkpoints are gone (they
// are git-ignored and a fresh machine has none). Written as the depth's last.ckpt; then
//   npm run train -- --fineTunedBlocks 2 --resume ...
// continues where the shipped run stopped. What it cannot give back, and says so in the checkpoint
// (meta.continuedFrom) and so in the next manifest: the weights are the shipped float16 ones (not the
// run's float32) and SGD's momentum starts again from zero. The "best" a check must beat is measured
// again, the shipped pair on this cache's check sample (the sample follows the cache's row order, so
// a rebuilt cache draws another one and the recorded AUC would compare unlike with unlike).
//   npm run checkpoint:shipped -- [--force] [--out PATH]   (--force: replace an existing last.ckpt)
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { sha256Hex } from '../src/models/manifest';
import { parseFlags } from './args';
import { setupBackend } from './backend';
import { MODELS_DIR } from './data-config';
import { loadShippedPair } from './evaluate-pair';
import { featureFile, loadFeatureSet } from './feature-data';
import { jointDir, saveHead, type JointCheckpoint } from './joint-checkpoint';
import { TRUNK, fineTunedOf } from './joint-config';
import { buildJointModels, checkSample, meanHeadsAuc } from './joint-models';
import { cachedStage, jointParams, jointState } from './joint-step';

type Recipe = JointCheckpoint['config'] & Pick<JointCheckpoint, 'imagesSeen' | 'trainSeconds' | 'history' | 'best' | 'initFrom' | 'continuedFrom'>;

/** The run's position from the manifest's recipe: the epoch of its last check, and how far into that
 *  epoch it was (images since the last epoch-end check, which is `full`). */
export function shippedMeta(recipe: Recipe, differences: string, manifestSha256: string): JointCheckpoint {
  const { imagesSeen, trainSeconds, history, best, initFrom, continuedFrom: _earlier, ...config } = recipe as Recipe & { lrSchedule?: string };
  delete (config as { lrSchedule?: string }).lrSchedule;
  if (!history?.length) throw new Error('the shipped manifest records no training history: nothing to continue');
  const last = history[history.length - 1]!;
  const epoch = last.valA.full ? last.epoch + 1 : last.epoch;
  const epochStart = [...history].reverse().find((h) => h.valA.full && h.epoch === epoch - 1)?.imagesSeen ?? 0;
  // Manifests written before initFrom was recorded in the recipe say it in words only.
  const said = /started from a (\d+)-image block-13 run/.exec(differences);
  const init = initFrom ?? (said ? { path: 'a block-13 run (its checkpoint is not kept)', imagesSeen: Number(said[1]) } : undefined);
  return {
    config: config as JointCheckpoint['config'],
    epoch,
    position: imagesSeen - epochStart,
    imagesSeen,
    trainSeconds,
    history,
    best,
    ...(init ? { initFrom: init } : {}),
    continuedFrom: { manifestSha256, imagesSeen },
  };
}

const USAGE = 'npm run checkpoint:shipped -- [--out PATH] [--force]';

async function main(): Promise<void> {
  const { values: flags } = parseFlags(process.argv.slice(2), { out: { type: 'string' }, force: { type: 'boolean' } }, USAGE);
  await setupBackend('wasm');
  const file = join(MODELS_DIR, 'xception', 'manifest.json');
  const bytes = readFileSync(file);
  const manifest = JSON.parse(bytes.toString()) as { config: { recipe?: Recipe; differences: string } };
  if (!manifest.config.recipe) throw new Error(`${file} has no training recipe: it is not an export of feature-train.ts`);
  const meta = shippedMeta(manifest.config.recipe, manifest.config.differences, await sha256Hex(new Uint8Array(bytes)));
  const blocks = fineTunedOf(meta.config);
  const dir = jointDir(blocks);
  const out = flags.out ?? join(dir, 'last.ckpt');
  if (existsSync(out) && !flags.force) throw new Error(`${out} exists: it may hold a run's own (float32) state; pass --force to replace it`);
  const m = buildJointModels(meta.config.seed);
  loadShippedPair(m);
  // The "best" a resumed run must beat, measured on this cache's check sample. Without the cache
  // (a checkpoint only meant for --init, e.g. to start the SBI recipe from the shipped weights) the
  // run's recorded best is kept and said to be from another sample.
  if (existsSync(featureFile(TRUNK.inputSize, cachedStage(blocks)))) {
    const set = loadFeatureSet(TRUNK.inputSize, cachedStage(blocks), TRUNK.shape, ['val']);
    const auc = meanHeadsAuc(m, set, checkSample(set, meta.config.seed), blocks);
    console.log(`the shipped pair on this cache's check sample: mean-of-heads AUC ${auc.toFixed(4)} (recorded ${meta.best?.auc.toFixed(4)} on its run's sample)`);
    meta.best = { imagesSeen: meta.imagesSeen, auc };
  } else console.log(`no cache at ${featureFile(TRUNK.inputSize, cachedStage(blocks))}: the best is the run's recorded one, measured on its own sample (fine for --init, not for --resume)`);
  mkdirSync(dir, { recursive: true });
  saveHead(out, meta, { ...jointParams(m, blocks), ...jointState(m, blocks) });
  console.log(`wrote ${out}: epoch ${meta.epoch}, position ${meta.position}, ${meta.imagesSeen} images seen (momentum from zero); resume with --fineTunedBlocks ${blocks} --resume`);
  tf.dispose([m.xception.namedWeights(), m.wsdan.namedWeights()].flatMap((w) => Object.values(w)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
