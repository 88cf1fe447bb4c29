// Where the data is and which part of it training uses. One place, every number commented, so the
// split recorded in training/split.json can be re-derived from these values alone.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

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
  /** Balanced training subset: this many reals and as many fakes (the training groups hold 12,238
   *  reals). A larger value keeps every earlier choice (the seeded shuffle's prefix grows), so the
   *  cache only gains rows. Why not every real: the app's detector runs at 4-8 crops/s per core here
   *  (measured, detect.log), so 18,000 training crops are about 20 minutes of detection on two cores. */
  trainPerClass: 9000,
  /** Balanced validation subset (reals and fakes each). */
  valPerClass: 1500,
  /** Side of the aligned face crop (the app's APP_CONFIG.alignSize; the seed's 320). */
  alignSize: 320,
  /** Training input sides cached from each aligned crop (resized like the app does at inference). */
  cacheSizes: [64, 96, 128] as const,
  /** Cache of detections and aligned crops (git-ignored). */
  cacheDir: join(here, '.cache'),
  /** The recorded split (committed). */
  splitFile: join(here, 'split.json'),
} as const;

export type CacheSize = (typeof DATA_CONFIG.cacheSizes)[number];
