// Which moments of a video to look at. The seed read every 10th frame (up to 25 faces); a fixed
// number of frames spread evenly over the whole duration keeps the work bounded whatever the
// length (a 30-minute video costs the same 32 decodes as a 10-second one, plus the key-frame runs
// in front of each, see decode.ts) and still covers the beginning, middle and end.

/** Never more than this many frames, whatever the caller asks: bounds time and memory. */
export const MAX_FRAMES = 256;

/**
 * Presentation times (ms) of `count` frames evenly spread over [startMs, startMs + durationMs):
 * the centre of each of `count` equal slices, so the first and last samples avoid the fade-in
 * and fade-out that the very first and last frames often are. Sorted ascending, which lets the
 * decoder walk the file once from start to end. An unknown or zero duration gives one sample.
 */
export function sampleTimes(durationMs: number, count: number, startMs = 0): number[] {
  const n = clampCount(count);
  if (!Number.isFinite(durationMs) || durationMs <= 0) return [Math.max(0, startMs)];
  const slice = durationMs / n;
  return Array.from({ length: n }, (_, i) => startMs + (i + 0.5) * slice);
}

/** Whole number in [1, MAX_FRAMES]; anything unusable (NaN, < 1) becomes 1. */
export function clampCount(count: number): number {
  if (!Number.isFinite(count) || count < 1) return 1;
  return Math.min(MAX_FRAMES, Math.floor(count));
}
