// The most suspicious frames: the evidence a reader looks at first (the page's gallery and the
// HTML report's). Pure. Items are a plain list so per-face crops (tracks) can feed it later.
import type { AnalysisResult, FrameResult } from '../types';
import { framePerson } from './person';

/** How many frames the galleries show. */
export const GALLERY_SIZE = 6;

/** One frame in the gallery. `crop` is whatever picture the caller has for it (or null). */
export interface EvidenceItem<Crop> {
  frameIndex: number;
  timeMs: number;
  score: number;
  /** The person whose face gave the frame its score. */
  person: number | null;
  crop: Crop | null;
}

/** The scored frames, most suspicious first (ties in time order), at most `n`. */
export function mostSuspicious<F extends Pick<FrameResult, 'index' | 'timeMs' | 'score'>>(frames: readonly F[], n: number = GALLERY_SIZE): (F & { score: number })[] {
  return frames
    .filter((f): f is F & { score: number } => f.score !== null)
    .sort((a, b) => b.score - a.score || a.timeMs - b.timeMs)
    .slice(0, n);
}

/** Gallery items for frames with pictures: `cropOf` gives a frame's picture (or null). */
export function evidenceItems<Crop>(frames: readonly FrameResult[], cropOf: (index: number) => Crop | null, n: number = GALLERY_SIZE): EvidenceItem<Crop>[] {
  return mostSuspicious(frames, n).map((f) => ({ frameIndex: f.index, timeMs: f.timeMs, score: f.score, person: framePerson(f), crop: cropOf(f.index) }));
}

/** The one whole frame the report shows with its faces boxed: the most suspicious frame of the
 *  person the verdict comes from, else the most suspicious frame; null when none was scored. */
export function reportFrameIndex(result: Pick<AnalysisResult, 'frames' | 'tracks' | 'basis'>): number | null {
  const track = result.tracks.find((t) => t.id === result.basis?.track);
  return track?.peakFrame ?? mostSuspicious(result.frames, 1)[0]?.index ?? null;
}
