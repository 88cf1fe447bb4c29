// Where the data is and which part of it training uses. One place, every number commented, so the
// split recorded in training/split.json can be re-derived from these values alone.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { WHOLE_CROP } from '../src/models/resize-crops';
import type { InputRegion } from '../src/models/types';

const here = dirname(fileURLToPath(import.meta.url));

export const DATA_CONFIG = {
  /** The DFDC face crops (never copied into the repo; see ../shared/data/README.md). */
  dataDir: join(here, '..', '..', 'shared', 'data', 'dfdc-faces'),
  /** Dataset name written into each manifest. */
  datasetName: 'dfdc-faces (Kaggle "deepfake-faces" DFDC crops, ../shared/data/dfdc-faces)',
  /** Seed of the group shuffle and of the balanced subsets. */
  seed: 20261125,
  /** Share of groups (a real video + its fakes) held out for validation. */
  valFraction: 0.15,
  /** Every crop is used: all 34,644 of the training groups (12,238 real, 22,406 fake; batches are
   *  balanced by sampling, training/feature-train.ts) and all 6,115 of the validation groups. With
   *  an ImageNet trunk, more data is what moved validation AUC most (issue 9: 1,800 -> 3,600 crops
   *  took a fine-tuned block 13-14 from 0.75 to 0.80). */
  /** Validation groups are cut in two halves by group (seeded): half A fits the calibration (and
   *  anything else tuned on validation), half B is where every reported number comes from. */
  calibrationHalfSeedOffset: 3,
  /** The balanced 1,500 + 1,500 validation subset of the earlier (small, random-init) models, kept so
   *  their numbers and the new ones compare on the same crops. */
  legacyValPerClass: 1500,
  /** Side of the aligned face crop (the app's APP_CONFIG.alignSize; the seed's 320). */
  alignSize: 320,
  /** Input sides cached from each aligned crop (resized like the app does at inference). 160 px: the
   *  ImageNet trunk's sweet spot on these CPUs (docs/training-recipe.md). */
  cacheSizes: [160] as const,
  /** The square of the 320 aligned crop the SBI recipe's models read (manifest.inputRegion):
   *  136 px from (92, 112), centred on x 160 and y 180 of the template (eyes at y 141, mouth at 225):
   *  brows to just below the mouth, cheek to cheek. The DFDC crops are tight (eye distance 91 px of
   *  224 at the median), so aligned to the template most of them end well inside the 320 crop; this
   *  is the largest centred square that 90.6% of them cover whole (squares of 128 / 132 / 136 / 140 px:
   *  96.4% / 93.9% / 90.6% / 86.0%, over the first 13,000 detections, 2026-12-07); the rest are
   *  filled by repeating their edge pixels (alignFaces fill 'edge'), never black. */
  inputRegion: { left: 92 / 320, top: 112 / 320, size: 136 / 320 },
  /** The window of the 320 aligned crop that the median training crop covers (manifest.inputWindow):
   *  x 60-255, y 84-278, the pixels that at least half of the 15,325 detected training crops had image
   *  at (the other crops' footprints end inside or beyond it; their 10th-90th percentile edges: left
   *  32-70, right 246-282, top 53-93, bottom 268-306). Outside it the models saw black in most of
   *  their training crops; a video frame has hair, neck and background there, so the page blacks it
   *  out for models trained on the whole crop (docs/decisions.md, "The window"). */
  inputWindow: { left: 60 / 320, top: 84 / 320, width: 195 / 320, height: 194 / 320 },
  /** Cache of detections and aligned crops (git-ignored). */
  cacheDir: join(here, '.cache'),
  /** The recorded split (committed). */
  splitFile: join(here, 'split.json'),
} as const;

/** The app's model folders: what export-pair.ts writes and evaluation, the shipped checkpoint and
 *  the tests read. */
export const MODELS_DIR = join(here, '..', 'public', 'models');

export type CacheSize = (typeof DATA_CONFIG.cacheSizes)[number];

/** What a training cache's rows show the trunk, by cache name: the input side and the square of the
 *  aligned crop (its input region) resampled to it. A video cache (feature-videos.ts --recipe) follows
 *  one of them, so the screen scores a checkpoint on the input geometry it was trained on; the input
 *  window (black outside DATA_CONFIG.inputWindow) is a separate choice of the video cache
 *  (--window), which the 160-wj recipe's training rows always have. */
export const CACHE_RECIPES: Record<string, { size: number; region: InputRegion }> = {
  '160-sbi': { size: 160, region: DATA_CONFIG.inputRegion },
  '160': { size: 160, region: WHOLE_CROP },
  '160-wj': { size: 160, region: WHOLE_CROP },
};
