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
  /** Balanced training subset: this many reals and as many fakes. Why not all 40,759 crops: the
   *  app's detector takes about 90 ms per crop on one shared core here (measured), so 15,000 crops
   *  take about 25 minutes; all of them would take an hour of the two-hour budget. */
  trainPerClass: 6000,
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
