// Which face of a frame gets scored: the largest (the seed's rule), and only when it is big enough
// to carry the detail the models judge. The others are kept on the frame for later per-person work.
import type { Face } from '../types';

export interface FaceChoice {
  /** The face to align and score, or null. */
  scored: Face | null;
  /** Every face found, largest first. */
  faces: Face[];
  /** True when faces were found but the largest is narrower than the minimum. */
  tooSmall: boolean;
}

export function selectFace(faces: readonly Face[], minFacePixels: number): FaceChoice {
  const sorted = [...faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
  const largest = sorted[0] ?? null;
  const bigEnough = largest !== null && largest.box.width >= minFacePixels;
  return { scored: bigEnough ? largest : null, faces: sorted, tooSmall: largest !== null && !bigEnough };
}
