// Export a trained checkpoint as the app's model folder public/models/<name>/: model.json + float16
// shard (src/models/weights-io.ts, the format the app loads) + manifest.json (architecture, config and
// its differences from the seed, input size, normalisation, SHA-256 per file, dataset and split,
// validation metrics). The metrics are measured on the validation split by loading the staged folder
// through the app's own loader, so they describe exactly what the page will run. An existing export
// is replaced only when the new one measures better (AUC, then log loss).
//
//   npm run export -- --model xception [--config cpu] [--checkpoint PATH] [--force] [--note TEXT]
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel, registry } from '../src/models/arch/index';
import { encodeModel } from '../src/models/weights-io';
import { manifestFileEntry } from '../src/models/manifest';
import type { Architecture, Metrics, ModelManifest } from '../src/models/types';
import { checkpointDir, disposeCheckpoint, loadCheckpoint, newestCheckpoint, type Checkpoint } from './checkpoint';
import { setupBackend } from './backend';
import { CHECKPOINT_ROOT } from './train';
import { DATA_CONFIG } from './data-config';
import { loadCropCache } from './crop-cache';
import { evaluateExported } from './evaluate-exported';
import { isBetter } from './metrics';
import { describeDifferences, type BackendName } from './config';

const here = dirname(fileURLToPath(import.meta.url));
export const MODELS_DIR = join(here, '..', 'public', 'models');

/** Write model.json, the shard and a manifest (metrics still to be measured) into `dir`. */
export async function writeModelFolder(ckpt: Checkpoint, dir: string, metrics: Metrics, splitInfo: Record<string, unknown>, trainCrops = 0): Promise<ModelManifest> {
  const cfg = ckpt.config;
  const model = buildModel(cfg.model, cfg.arch, cfg.seed);
  model.setWeights(ckpt.weights);
  const { modelJson, shards } = encodeModel(cfg.model, model.archConfig, model.namedWeights());
  model.dispose();
  mkdirSync(dir, { recursive: true });
  const jsonBytes = new TextEncoder().encode(JSON.stringify(modelJson));
  writeFileSync(join(dir, 'model.json'), jsonBytes);
  for (const s of shards) writeFileSync(join(dir, s.path), s.data);
  const files = [await manifestFileEntry('model.json', jsonBytes), ...(await Promise.all(shards.map((s) => manifestFileEntry(s.path, s.data))))];
  const manifest: ModelManifest = {
    name: cfg.model,
    architecture: cfg.model,
    archConfig: { ...model.archConfig },
    config: {
      name: cfg.name,
      differences: describeDifferences(cfg, trainCrops),
      epochsCompleted: ckpt.progress.epoch,
      imagesSeen: ckpt.progress.imagesSeen,
      trainSeconds: Math.round(ckpt.progress.trainSeconds),
      batchSize: cfg.batchSize,
      optimizer: cfg.optimizer,
      wsdan: cfg.wsdan,
      augment: cfg.augment,
      backend: ckpt.progress.ranOn ?? cfg.backend,
      seed: cfg.seed,
      initFrom: cfg.initFrom,
      history: ckpt.progress.history,
    },
    inputSize: model.archConfig.inputSize,
    normalization: registry[cfg.model].normalization,
    files,
    dataset: { name: DATA_CONFIG.datasetName, split: splitInfo },
    metrics,
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}

/** The split as the manifest records it (the rule and hashes from training/split.json). */
export function splitInfo(): Record<string, unknown> {
  const s = JSON.parse(readFileSync(DATA_CONFIG.splitFile, 'utf8')) as Record<string, unknown>;
  const { valGroups: _omit, ...rest } = s;
  return { ...rest, file: 'training/split.json', valGroupCount: (s.valGroups as unknown[]).length };
}

export function readExistingMetrics(name: string): Metrics | null {
  const path = join(MODELS_DIR, name, 'manifest.json');
  if (!existsSync(path)) return null;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as ModelManifest).metrics ?? null;
  } catch {
    return null;
  }
}

const fmt = (m: Metrics) => `AUC ${m.auc.toFixed(4)}, log loss ${m.logloss.toFixed(4)}, acc ${m.acc.toFixed(3)}, n ${m.n}`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = new Set(['--model', '--config', '--checkpoint', '--backend', '--force', '--note']);
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`Unknown option ${a} (known: ${[...known].join(', ')}).`);
  const model = opt('model') as Architecture | undefined;
  if (!model || !(model in registry)) throw new Error(`--model must be one of: ${Object.keys(registry).join(', ')}.`);
  const config = opt('config') ?? 'cpu';
  const path = opt('checkpoint') ?? newestCheckpoint(checkpointDir(CHECKPOINT_ROOT, { model, name: config as 'cpu' }));
  if (!path) throw new Error(`No checkpoint for ${model} (${config}) in ${CHECKPOINT_ROOT}; train first: npm run train -- --model ${model} --config ${config}.`);
  await setupBackend((opt('backend') as BackendName | undefined) ?? 'wasm');

  const ckpt = loadCheckpoint(path);
  // --note replaces the run's free-text notes (e.g. to describe a mid-run change in words).
  const note = opt('note');
  if (note !== undefined) ckpt.config.differences = note;
  const staging = join(DATA_CONFIG.cacheDir, `export-${model}`);
  rmSync(staging, { recursive: true, force: true });
  // Staging only: the loader validates the manifest, so it needs finite numbers until measured.
  const placeholder: Metrics = { auc: 0, logloss: 0, acc: 0, n: 0 };
  const trainCrops = loadCropCache(ckpt.config.arch.inputSize, 'train').labels.length;
  await writeModelFolder(ckpt, staging, placeholder, splitInfo(), trainCrops);
  disposeCheckpoint(ckpt);

  // Measure through the app's loader, on the whole validation subset, then write the real metrics.
  const manifestPath = join(staging, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ModelManifest;
  const val = loadCropCache(manifest.inputSize, 'val');
  const { metrics } = await evaluateExported(staging, val);
  manifest.metrics = metrics;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
  console.log(`${model} from ${path}: ${fmt(metrics)} (validation, through the app's loader)`);

  const existing = readExistingMetrics(model);
  const target = join(MODELS_DIR, model);
  if (existing && !isBetter(metrics, existing) && !argv.includes('--force')) {
    console.log(`Kept the existing export in ${target} (${fmt(existing)}): the new model is not better.`);
    return;
  }
  mkdirSync(MODELS_DIR, { recursive: true });
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(staging, target);
  rmSync(old, { recursive: true, force: true });
  console.log(existing ? `Replaced the export in ${target} (was ${fmt(existing)}).` : `Exported to ${target}.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
