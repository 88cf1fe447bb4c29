// The pair's training settings and what every step of the pipeline agrees on: the cached trunk's
// shape, the two heads' architectures, the defaults of feature-train.ts. Its own module so that the
// trainer, its gradient worker, evaluation and export all read one definition (the worker once
// imported feature-train.ts for headArch, and feature-train.ts the worker: an import circle).
import type { ArchConfig } from '../src/models/arch/index';
import type { FineTuned } from './joint-step';

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
