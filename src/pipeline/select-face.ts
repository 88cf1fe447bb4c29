// Which faces of a frame get scored: every face at least minFacePixels wide (narrower ones carry too
// little detail to judge), largest first, at most maxFaces (APP_CONFIG.maxFacesPerFrame: each one
// costs a backbone pass). The others stay on the frame, listed with no score.
import type { Face } from '../types';

export interface FaceChoice {
  /** Every face found, largest first. */
  faces: Face[];
  /** Indices into `faces` of the faces to align and score (a prefix of the big-enough ones). */
  scored: number[];
}

export function selectFaces(faces: readonly Face[], minFacePixels: number, maxFaces: number): FaceChoice {
  const sorted = [...faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
  const scored = sorted.flatMap((f, i) => (f.box.width >= minFacePixels ? [i] : [])).slice(0, Math.max(0, maxFaces));
  return { faces: sorted, scored };
}
