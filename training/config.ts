// One typed, commented training config per model and size. `full` is the seed's (method.md:
// cuihaoleo/kaggle-dfdc train-xception.py, train-wsdan.py, wsdan-conf/*.py) for GPU machines;
// `cpu` is what trains on this 2-core machine in tens of minutes. Overrides from the command line
// (`--epochs 3`, `--optimizer.lr 0.02`) must name an existing key and keep its type.
import type { Architecture } from '../src/models/types';
import { registry, type ArchConfig } from '../src/models/arch/index';

export type ConfigName = 'cpu' | 'full';
export type BackendName = 'auto' | 'webgpu' | 'node' | 'wasm' | 'cpu';

export interface OptimizerConfig {
  /** Initial learning rate of SGD with momentum. */
  lr: number;
  momentum: number;
  /** L2 weight decay added to the gradient (PyTorch SGD's weight_decay). */
  weightDecay: number;
  /** lr multiplied by `gamma` every `every` epochs (seed: WS-DAN 0.95 each epoch; Xception 0.2 every 2). */
  gamma: number;
  every: number;
  /** Learning-rate factor of the final classifier ("fc.*"). WS-DAN feeds it feature_matrix x 100,
   *  so its logits move 100^2 times faster than the weights: with a random backbone, rates that
   *  train the backbone (1e-2) blow the logits up (measured: loss 30-110 within 10 steps). */
  headLrScale: number;
}

export interface WsdanConfig {
  /** Center update rate (seed 0.05). */
  beta: number;
  /** Centers multiplied by this after each epoch (the seed's write-up: x2, to fix them gradually). */
  centerScalePerEpoch: number;
  /** Attention crop: threshold drawn in [lo, hi] x the map's max; box padding (share of the side). */
  cropTheta: [number, number];
  cropPadding: number;
  /** Attention drop: threshold drawn in [lo, hi] x the map's max. */
  dropTheta: [number, number];
  /** Loss weights of the crop and drop branches (seed: 1/3 and 1/2). */
  cropWeight: number;
  dropWeight: number;
  /** Validation crop (seed: theta 0.1, padding 0.05, over the mean attention map). */
  valCropTheta: number;
  valCropPadding: number;
}

export interface TrainConfig {
  model: Architecture;
  name: ConfigName;
  arch: ArchConfig;
  /** Epochs over the training subset (or over `imagesPerEpoch` images when it is smaller). */
  epochs: number;
  /** 0 = the whole training subset; otherwise each epoch sees this many images (seeded order). */
  imagesPerEpoch: number;
  batchSize: number;
  optimizer: OptimizerConfig;
  /** Present for WS-DAN models only. */
  wsdan: WsdanConfig | null;
  /** Apply the seed's augmentation (augment.ts) to training images. */
  augment: boolean;
  backend: BackendName;
  /** Threads computing each step on the wasm and cpu backends (data-parallel, training/parallel.ts);
   *  0 = one per core. webgpu and node (already multi-threaded) use one. */
  workers: number;
  /** Seed of weights init, shuffling, augmentation and attention draws. */
  seed: number;
  /** Stop (after saving a checkpoint) once the run has trained this long; 0 = no limit. */
  maxMinutes: number;
  /** Validation images used by the per-epoch AUC (0 = the whole validation subset). */
  valImages: number;
  /** Save a checkpoint every this many steps, besides each epoch's end. */
  checkpointEvery: number;
  /** Optional checkpoint (of the plain Xception) whose backbone weights initialise a WS-DAN/Xception,
   *  as the seed did; "" = random init. */
  initFrom: string;
  /** Free-text notes on this run added to the manifest's list of differences from the seed
   *  (e.g. a learning rate changed on resume); the rest is derived by describeDifferences. */
  differences: string;
}

const WSDAN_SEED: WsdanConfig = {
  beta: 0.05,
  centerScalePerEpoch: 2,
  cropTheta: [0.4, 0.6],
  cropPadding: 0.1,
  dropTheta: [0.4, 0.7],
  cropWeight: 1 / 3,
  dropWeight: 1 / 2,
  valCropTheta: 0.1,
  valCropPadding: 0.05,
};

/** The seed's settings for each model (GPU runs). */
const FULL: Record<Architecture, Omit<TrainConfig, 'model' | 'name' | 'arch'>> = {
  xception: {
    epochs: 20,
    imagesPerEpoch: 0,
    batchSize: 32,
    optimizer: { lr: 0.01, momentum: 0.9, weightDecay: 1e-4, gamma: 0.2, every: 2, headLrScale: 1 },
    wsdan: null,
    augment: true,
    backend: 'auto',
    workers: 0,
    seed: 1,
    maxMinutes: 0,
    valImages: 0,
    checkpointEvery: 200,
    initFrom: '',
    differences: 'balanced by sampling a 50/50 subset instead of 25%/5% frame sampling',
  },
  'wsdan-xception': {
    epochs: 60,
    imagesPerEpoch: 0,
    batchSize: 10,
    optimizer: { lr: 1e-3, momentum: 0.9, weightDecay: 1e-5, gamma: 0.95, every: 1, headLrScale: 1 },
    wsdan: WSDAN_SEED,
    augment: true,
    backend: 'auto',
    workers: 0,
    seed: 1,
    maxMinutes: 0,
    valImages: 0,
    checkpointEvery: 200,
    initFrom: '',
    differences: '',
  },
  'wsdan-efficientnet-b3': {
    epochs: 60,
    imagesPerEpoch: 0,
    batchSize: 10,
    optimizer: { lr: 1e-3, momentum: 0.9, weightDecay: 1e-5, gamma: 0.95, every: 1, headLrScale: 1 },
    wsdan: WSDAN_SEED,
    augment: true,
    backend: 'auto',
    workers: 0,
    seed: 1,
    maxMinutes: 0,
    valImages: 0,
    checkpointEvery: 200,
    initFrom: '',
    differences: '',
  },
};

/** Small networks from scratch on 2 CPU cores: a larger learning rate than the seed's fine-tuning
 *  rate (the seed started from ImageNet or a trained Xception; random small nets barely move at
 *  1e-3), a gentler decay, and epochs capped in images so a run ends in tens of minutes. */
const CPU: Record<Architecture, Omit<TrainConfig, 'model' | 'name' | 'arch'>> = {
  xception: {
    ...FULL.xception,
    epochs: 12,
    imagesPerEpoch: 2000,
    batchSize: 16,
    optimizer: { lr: 0.02, momentum: 0.9, weightDecay: 1e-4, gamma: 0.85, every: 1, headLrScale: 1 },
    backend: 'auto',
    workers: 0,
    maxMinutes: 60,
    valImages: 1000,
    checkpointEvery: 50,
    differences: '',
  },
  'wsdan-xception': {
    ...FULL['wsdan-xception'],
    epochs: 10,
    imagesPerEpoch: 600,
    batchSize: 12,
    optimizer: { lr: 0.005, momentum: 0.9, weightDecay: 1e-5, gamma: 0.8, every: 1, headLrScale: 0.002 },
    backend: 'auto',
    workers: 0,
    maxMinutes: 65,
    valImages: 500,
    checkpointEvery: 20,
    differences: '',
  },
  'wsdan-efficientnet-b3': {
    ...FULL['wsdan-efficientnet-b3'],
    epochs: 10,
    imagesPerEpoch: 600,
    batchSize: 12,
    optimizer: { lr: 0.01, momentum: 0.9, weightDecay: 1e-5, gamma: 0.8, every: 1, headLrScale: 0.001 },
    backend: 'auto',
    workers: 0,
    maxMinutes: 65,
    valImages: 500,
    checkpointEvery: 20,
    differences: '',
  },
};

/** The named config of one model, with its architecture config from the shared registry. */
export function baseConfig(model: Architecture, name: ConfigName): TrainConfig {
  const entry = registry[model];
  if (!entry) throw new Error(`Unknown model "${model}" (known: ${Object.keys(registry).join(', ')}).`);
  const base = name === 'full' ? FULL[model] : CPU[model];
  const cfg: TrainConfig = structuredClone({ model, name, arch: { ...entry[name] }, ...base });
  return cfg;
}

/** What a (possibly overridden) config changes from the seed's, for the manifest. */
export function describeDifferences(cfg: TrainConfig, trainCrops: number): string {
  const full = FULL[cfg.model];
  const fullArch = registry[cfg.model].full;
  const parts = [
    `input ${cfg.arch.inputSize} px instead of ${fullArch.inputSize}`,
    `width x${cfg.arch.widthMultiplier} instead of x${fullArch.widthMultiplier}`,
  ];
  if (cfg.arch.middleBlocks !== undefined) parts.push(`${cfg.arch.middleBlocks} middle-flow blocks instead of ${fullArch.middleBlocks}`);
  if (cfg.arch.depthMultiplier !== undefined) parts.push(`depth x${cfg.arch.depthMultiplier} instead of x${fullArch.depthMultiplier}`);
  parts.push(
    `${cfg.epochs} epochs of at most ${cfg.imagesPerEpoch || 'all'} images instead of ${full.epochs} full epochs`,
    `batch ${cfg.batchSize} instead of ${full.batchSize}`,
    `SGD lr ${cfg.optimizer.lr} x${cfg.optimizer.gamma} per ${cfg.optimizer.every} epoch instead of lr ${full.optimizer.lr} x${full.optimizer.gamma} per ${full.optimizer.every} (small random-init nets need the larger rate)` +
      ((cfg.optimizer.headLrScale ?? 1) !== 1 ? `, classifier at ${cfg.optimizer.headLrScale} x lr (its input is scaled by 100)` : ''),
    cfg.initFrom ? `initialised from ${cfg.initFrom}` : 'random initialisation (no ImageNet weights here)',
    `balanced subset of ${trainCrops} training crops made by the app's detector and alignment`,
  );
  if (cfg.differences) parts.push(cfg.differences);
  return parts.join('; ');
}

/**
 * Apply `--key value` overrides (dotted keys reach nested fields). Unknown keys and values of the
 * wrong type are errors, so a typo never silently trains with the default.
 */
export function applyOverrides(cfg: TrainConfig, overrides: Record<string, string>): TrainConfig {
  const out = structuredClone(cfg) as unknown as Record<string, unknown>;
  for (const [key, raw] of Object.entries(overrides)) {
    const path = key.split('.');
    let obj = out;
    for (const p of path.slice(0, -1)) {
      const next = obj[p];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new Error(`Unknown config key "${key}".`);
      obj = next as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (!(last in obj)) throw new Error(`Unknown config key "${key}" (keys: ${Object.keys(obj).join(', ')}).`);
    obj[last] = parseLike(obj[last], raw, key);
  }
  return out as unknown as TrainConfig;
}

function parseLike(current: unknown, raw: string, key: string): unknown {
  if (typeof current === 'number') {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) throw new Error(`Config key "${key}" needs a number, got "${raw}".`);
    return v;
  }
  if (typeof current === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new Error(`Config key "${key}" needs true or false, got "${raw}".`);
    return raw === 'true';
  }
  if (typeof current === 'string') return raw;
  if (Array.isArray(current)) {
    const v = raw.split(',').map(Number);
    if (v.length !== current.length || v.some((x) => !Number.isFinite(x))) throw new Error(`Config key "${key}" needs ${current.length} comma-separated numbers, got "${raw}".`);
    return v;
  }
  throw new Error(`Config key "${key}" is a section, not a value; set one of its fields (e.g. "${key}.<field>").`);
}
