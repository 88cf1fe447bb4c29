// Shot changes among the sampled frames, for stills a journalist can run through a reverse image
// search by hand: the first frame, then each frame whose colours differ sharply from the frame
// sampled before it. A colour histogram is blind to motion inside a shot and changes wholesale
// at a cut, and it costs nothing on frames already decoded (docs/decisions.md, issue 27).
// Pure: the page computes the signatures from the frame thumbnails it already holds.
import type { Keyframe } from '../provenance';

/** Levels per colour channel: 4 x 4 x 4 = 64 bins. */
const LEVELS = 4;
export const SIGNATURE_BINS = LEVELS ** 3;

/** A histogram distance (0-1) above which two consecutive sampled frames are different shots.
 *  Measured in shot-changes.test.ts and e2e (testsrc2 against a face clip: 0.9+; within the
 *  shared clips, frame to frame: under 0.2). */
export const SHOT_CHANGE_DISTANCE = 0.4;
/** Stills offered at most (the first frame included): enough for a search, few enough to check. */
export const MAX_KEYFRAMES = 8;

/** The normalised 64-bin RGB histogram of RGBA pixels. */
export function colourSignature(rgba: ArrayLike<number>): Float32Array {
  const bins = new Float32Array(SIGNATURE_BINS);
  const n = Math.floor(rgba.length / 4);
  if (n === 0) return bins;
  const q = (v: number) => Math.min(LEVELS - 1, (v * LEVELS) >> 8);
  for (let i = 0; i < n * 4; i += 4) bins[q(rgba[i]!) * LEVELS * LEVELS + q(rgba[i + 1]!) * LEVELS + q(rgba[i + 2]!)]! += 1;
  for (let b = 0; b < SIGNATURE_BINS; b++) bins[b]! /= n;
  return bins;
}

/** Total variation distance between two signatures: 0 = the same colours, 1 = none shared. */
export function signatureDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - (b[i] ?? 0));
  return Math.min(1, sum / 2);
}

export interface SignedFrame {
  index: number;
  timeMs: number;
  signature: Float32Array;
}

/** The first frame and each shot change, in time order; past `max`, the sharpest changes win. */
export function pickKeyframes(frames: readonly SignedFrame[], threshold = SHOT_CHANGE_DISTANCE, max = MAX_KEYFRAMES): Keyframe[] {
  const sorted = [...frames].sort((a, b) => a.timeMs - b.timeMs);
  if (sorted.length === 0 || max < 1) return [];
  const first: Keyframe = { index: sorted[0]!.index, timeMs: sorted[0]!.timeMs, difference: null };
  const changes: Keyframe[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const d = signatureDistance(sorted[i - 1]!.signature, sorted[i]!.signature);
    if (d > threshold) changes.push({ index: sorted[i]!.index, timeMs: sorted[i]!.timeMs, difference: Math.round(d * 1000) / 1000 });
  }
  const kept = [...changes].sort((a, b) => b.difference! - a.difference! || a.timeMs - b.timeMs).slice(0, max - 1);
  return [first, ...kept.sort((a, b) => a.timeMs - b.timeMs)];
}
