// How many frames one analysis samples: the default, the limit and the parser, declared once. The
// page (?frames=), scan (--frames) and the sampler (pipeline/sample.ts) all use these, so a count
// is either accepted as given or refused with a message, never clamped without a word.
import { APP_CONFIG } from './config';

export const DEFAULT_FRAMES: number = APP_CONFIG.frames;
export const MAX_FRAMES: number = APP_CONFIG.maxFrames;

/** What a valid value is, for the edges' messages: "a whole number from 1 to 256". */
export const FRAMES_RULE = `a whole number from 1 to ${MAX_FRAMES}`;

export function isFrameCount(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_FRAMES;
}

/** Strict: decimal digits naming a count in [1, MAX_FRAMES], or null (the edge says why, with FRAMES_RULE). */
export function parseFrames(text: string): number | null {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return isFrameCount(n) ? n : null;
}
