// The one app config: sampling, thresholds and ensemble weights. Every field says why.

export const APP_CONFIG = {
  /** Frames sampled evenly over the video. The seed read every 10th frame up to 25 faces; a
   *  fixed count keeps time bounded for long videos. */
  frames: 32,
  /** Side of the aligned face crop every model's input is resized from (the seed used 320). */
  alignSize: 320,
  /** Detector confidence below which a face is ignored. */
  minFaceScore: 0.6,
  /** Faces narrower than this (source pixels) carry too little detail to judge. */
  minFacePixels: 48,
  /** Fewer frames with a face than this makes the verdict "uncertain". */
  minFramesWithFace: 3,
  /** Label bands on the video probability. Between them the verdict is "uncertain". */
  fakeAbove: 0.6,
  realBelow: 0.4,
  /** Ensemble: name of the folder under public/models and its weight on probabilities
   *  (the seed's 0.7 / 0.1 / 0.2). Weights of models that fail to load are renormalised. */
  ensemble: [
    { name: 'wsdan-xception', weight: 0.7 },
    { name: 'wsdan-efficientnet-b3', weight: 0.1 },
    { name: 'xception', weight: 0.2 },
  ],
} as const;

export type AppConfig = typeof APP_CONFIG;
