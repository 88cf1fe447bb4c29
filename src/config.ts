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
  /** Detector confidence below which a face is ignored (the face detector's final, refined score). */
  minFaceScore: 0.6,
  /** Longer side (pixels) of the per-frame thumbnail the worker sends to the page (the frame strip
   *  and the evidence images); 0 = send no images. */
  thumbnailSide: 320,
  /** Faces narrower than this (source pixels) carry too little detail to judge. */
  minFacePixels: 48,
  /** Below this validation AUC (from its manifest) a model's scores get a caution beside the
   *  verdict: 0.85 is the quality target set for the shipped ensemble (issue 9); the seed's models
   *  scored well above it. */
  weakModelAuc: 0.85,
  /** Search the whole frame for faces on every n-th sampled frame; in between, the face detector
   *  looks again around the previous frame's faces only (and searches when one of them is gone). 2
   *  cut detection on the 1080p clip from 64 to 44 ms a frame (one thread, quiet machine); on the
   *  six shared videos the same frames have faces and 1 face of 39 fewer was scored on each of the
   *  two with a second person: a face that appears is found one sampled frame later at most
   *  (docs/decisions.md, "Following faces"). 1 = search every frame. */
  searchEvery: 2,
  /** Faces scored per frame, largest first: each costs one more backbone pass and crop readback
   *  (cost measured in docs/decisions.md, "People and the verdict (issue 10)"); four covers a panel or
   *  an interview with an inset, and keeps a crowd scene's time bounded. Faces beyond it are listed
   *  with no score. */
  maxFacesPerFrame: 4,
  /** Below this many sampled frames a report carries a warning: with earlier models the real clip
   *  moved from 44% to 57% between 4 and 32 frames (issue 11); measurements in docs/decisions.md
   *  ("The report: self-describing"). */
  stableFrames: 16,
  /** The input-quality reading (pipeline/quality.ts): the lines past which the verdict carries a
   *  caution, chosen by measurement (docs/decisions.md, "Input quality (issue 27)").
   *  smallFacePixels: a median face of the verdict's person narrower than this (source pixels):
   *  the models read a 160 px crop of a 320 px alignment, so such a face is upscaled 2x or more.
   *  minBitsPerPixel / maxBlockiness: a copy below the first or above the second is "heavily
   *  compressed". Blockiness is the weaker sign (x264 re-encodes raised it only 1.04 -> 1.47, and an
   *  original DFDC clip in ../shared reads 2.3, the darkest 2.7-3.0), so its line sits above every
   *  copy measured: it flags only block artefacts stronger than any H.264 copy tried. minSharpness: faces below it are "blurred" (Laplacian variance at 80 px).
   *  minBarShare: black bars are reported when they take this share of the frame or more.
   *  measureFrames: blockiness and bars are read on this many sampled frames, spread evenly (the
   *  faces' sharpness on every one): a few ms each at 1080p. */
  quality: { smallFacePixels: 80, minBitsPerPixel: 0.02, maxBlockiness: 3.5, minSharpness: 5, minBarShare: 0.04, measureFrames: 4 },
  /** A person (track) counts for the verdict only when scored in at least this many sampled frames
   *  (a still image: its one frame): one or two frames are one glance, too few for a person's score,
   *  and a bootstrap over two values spans only them (the shipped models called a known fake "real"
   *  from 2 frames). No person with enough frames, or fewer frames sampled, makes it "uncertain". */
  minFramesWithFace: 3,
  /** Label bands on the video probability ("the lines"). "real" needs the whole 95% interval at or
   *  below realBelow, "fake" at or above fakeAbove (the margin: a point estimate one point under the
   *  line is no evidence, issue 10); anything else is "uncertain". */
  fakeAbove: 0.6,
  realBelow: 0.4,
  /** The verdict's interval: a smoothed block bootstrap over each person's faces (aggregate.ts
   *  bootstrapMaxMean), seeded so the page and deepfake-scan give identical numbers for identical
   *  scores. 2000 replicates put the percentile's own Monte-Carlo error well under a percentage
   *  point; the cost is microseconds. blockMs: faces of a person within 1 s are one look (the
   *  correlation of two looks' deviations was 0.40 under 0.5 s apart, 0.10 at 0.5-1 s, about 0 beyond,
   *  on the DeepFaceLive validation and shared clips: `npm run evaluate:videos -- --noise`).
   *  lookSd: how much one look's score varies around the person's level (the same measurement, looks
   *  1 s or more apart): the floor that keeps a repeated still from a zero-width interval. */
  bootstrap: { replicates: 2000, level: 0.95, seed: 20261202, blockMs: 1000, lookSd: 0.13 },
  /** "The models disagree" when their P(fake) for the verdict's person differ by more than this
   *  (raw probabilities): no green or red label then. 0.2 = the gap in issue 10's example (34% vs
   *  57%) would count; two models within 20 points read the face the same way. */
  maxModelSpread: 0.2,
  /** Tracking faces into people across sampled frames (src/pipeline/track.ts). Sampled frames are
   *  0.3-1 s apart in a typical clip: a talking head moves little, so box overlap links most faces;
   *  appearance (the shared backbone's pooled features, cosine similarity) links a face whose box
   *  jumped (a cut, a fast turn); a track unseen for maxGap sampled frames is only re-found by
   *  appearance. Values and their measurements: docs/decisions.md, "People and the verdict". */
  tracking: { minIou: 0.3, minSimilarity: 0.9, maxGap: 2 },
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

/** The verdict interval's level in whole percent (95), from bootstrap.level: every text that names
 *  the interval says INTERVAL_LEVEL ("95%"), so the words follow the setting. */
export const INTERVAL_PERCENT = Math.round(APP_CONFIG.bootstrap.level * 100);
export const INTERVAL_LEVEL = `${INTERVAL_PERCENT}%`;
