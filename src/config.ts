// The one app config: sampling, thresholds and ensemble weights. Every field says why.
// The calibration is measured, not chosen: training/evaluate-pair.ts fits Platt scaling on
// validation half A for the ensemble's weights and writes src/calibration.json with the half-B
// metrics of the result.
// The import attribute lets Node's own ESM loader (Playwright Test, tsx) read it as Vite does.
import calibration from './calibration.json' with { type: 'json' };

export const APP_CONFIG = {
  /** Frames sampled evenly over the video. The seed read every 10th frame up to 25 faces; a
   *  fixed count keeps time bounded for long videos. */
  frames: 32,
  /** Most frames one analysis may sample (page ?frames=, scan --frames): bounds time and memory;
   *  more buys little accuracy. A larger request is refused with a message, never clamped. */
  maxFrames: 256,
  /** Side of the aligned face crop every model's input is resized from (the seed used 320). */
  alignSize: 320,
  /** Detector confidence below which a face is ignored. */
  minFaceScore: 0.6,
  /** Faces narrower than this (source pixels) carry too little detail to judge. */
  minFacePixels: 48,
  /** Below this many sampled frames a report carries a warning: with earlier models the real clip
   *  moved from 44% to 57% between 4 and 32 frames (issue 11); measurements in docs/decisions.md
   *  ("The report: self-describing"). */
  stableFrames: 16,
  /** A median scored face narrower than this (source pixels) gets a warning: the models read a
   *  160 px crop of a 320 px alignment, so such a face is upscaled 2x or more. */
  smallFacePixels: 80,
  /** Fewer frames with a face than this makes the verdict "uncertain". */
  minFramesWithFace: 3,
  /** Label bands on the video probability. Between them the verdict is "uncertain". */
  fakeAbove: 0.6,
  realBelow: 0.4,
  /** Ensemble: name of the folder under public/models and its weight on probabilities: the seed's
   *  0.7 (WS-DAN/Xception) and 0.2 (Xception), renormalised (src/calibration.json; not tuned, see
   *  training/evaluate-pair.ts SEED_WEIGHTS). WS-DAN/EfficientNet-b3 (the seed's 0.1) left the
   *  ensemble: no ImageNet weights exist here for it and, trained from scratch, it reached AUC 0.552
   *  (legacy validation subset, its last manifest), near chance. Weights of models that fail to load
   *  are renormalised. */
  // xception first: it is the backbone wsdan-xception's head-only folder reads (manifest.backbone).
  ensemble: [
    { name: 'xception', weight: calibration.weights.xception },
    { name: 'wsdan-xception', weight: calibration.weights['wsdan-xception'] },
  ],
  /** Platt scaling of the ensemble's P(fake), fitted on validation half A for the members with a
   *  positive weight. Applied only when exactly those are loaded (another mix would be
   *  miscalibrated by it). */
  calibration: { platt: calibration.platt, members: Object.entries(calibration.weights).filter(([, w]) => w > 0).map(([name]) => name) },
} as const;

export type AppConfig = typeof APP_CONFIG;
