// Which moments of a video to look at. The seed read every 10th frame (up to 25 faces); a fixed
// number of frames spread evenly over the whole duration keeps the work bounded whatever the
// length (a 30-minute video costs the same 32 decodes as a 10-second one, plus the key-frame runs
// in front of each, see decode.ts) and still covers the beginning, middle and end.
import { FRAMES_RULE, isFrameCount } from '../frames';

/**
 * Presentation times (ms) of `count` frames evenly spread over [startMs, startMs + durationMs):
 * the centre of each of `count` equal slices, so the first and last samples avoid the fade-in
 * and fade-out that the very first and last frames often are. Sorted ascending, which lets the
 * decoder walk the file once from start to end. An unknown or zero duration gives one sample.
 * `count` was validated at the edge (src/frames.ts); anything else is a caller's bug and throws,
 * so the number a report records is the number sampled.
 */
export function sampleTimes(durationMs: number, count: number, startMs = 0): number[] {
  if (!isFrameCount(count)) throw new RangeError(`Frames to sample must be ${FRAMES_RULE} (got ${count}).`);
  if (!Number.isFinite(durationMs) || durationMs <= 0) return [Math.max(0, startMs)];
  const slice = durationMs / count;
  return Array.from({ length: count }, (_, i) => startMs + (i + 0.5) * slice);
}
