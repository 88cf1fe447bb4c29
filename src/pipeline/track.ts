// Track: links the scored faces of successive sampled frames into people, one frame at a time (so
// each streamed frame already carries its faces' track ids). Pure: the state goes in and comes out.
//
// Per frame, in two greedy passes (each face and each track used at most once per frame):
//  1. box overlap: a face joins the track whose last box it overlaps most (IoU >= minIou), among
//     tracks seen within the last maxGap sampled frames;
//  2. appearance, for faces left over (the box jumped: a cut, a fast turn, a long gap): a face joins
//     the track whose mean appearance descriptor is most similar (cosine >= minSimilarity), among
//     every track not already used in this frame;
//  3. anything else starts a new track. Ids are 1, 2, ... in order of creation; faces are taken in
//     the caller's order (largest first), so the result is deterministic.
// Greedy matching (highest IoU / similarity first) is enough here: faces in one frame rarely overlap,
// and an optimal assignment (Hungarian) would change nothing for them.
import type { Box } from '../types';
import { iou } from './box';

export interface TrackConfig {
  /** Box overlap (intersection over union) that links a face to a track's last box. */
  minIou: number;
  /** Cosine similarity of appearance descriptors that links a face whose box jumped. */
  minSimilarity: number;
  /** Sampled frames a track may go unseen and still be linked by overlap alone. */
  maxGap: number;
}

/** One face to track: its box and, when the models produced one, an appearance descriptor. */
export interface TrackFace {
  box: Box;
  descriptor: ArrayLike<number> | null;
}

interface TrackEntry {
  id: number;
  lastFrame: number;
  lastBox: Box;
  /** Sum of its faces' unit descriptors (the mean's direction), null until one arrives. */
  descriptorSum: number[] | null;
}

export interface TrackerState {
  tracks: readonly TrackEntry[];
  nextId: number;
}

export const EMPTY_TRACKER: TrackerState = { tracks: [], nextId: 1 };

/** Cosine similarity; 0 when either vector is all zeros or their lengths differ. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Greedy one-to-one matching of faces to tracks by descending affinity (ties: earlier face, then
 *  earlier track). Returns track index per face (or -1). */
function greedy(affinity: number[][], threshold: number, freeFace: boolean[], freeTrack: boolean[]): number[] {
  const pairs: { f: number; t: number; a: number }[] = [];
  affinity.forEach((row, f) =>
    row.forEach((a, t) => {
      if (freeFace[f] && freeTrack[t] && a >= threshold) pairs.push({ f, t, a });
    }),
  );
  pairs.sort((p, q) => q.a - p.a || p.f - q.f || p.t - q.t);
  const out = affinity.map(() => -1);
  for (const { f, t } of pairs) {
    if (!freeFace[f] || !freeTrack[t]) continue;
    out[f] = t;
    freeFace[f] = false;
    freeTrack[t] = false;
  }
  return out;
}

function unit(v: ArrayLike<number>): number[] {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  return Array.from(v, (x) => x * s);
}

/** Links one frame's faces (sampled-frame index `frame`, after every earlier frame) to tracks.
 *  Returns the new state and the track id of each face, in the faces' order. */
export function trackStep(state: TrackerState, frame: number, faces: readonly TrackFace[], cfg: TrackConfig): { state: TrackerState; ids: number[] } {
  const tracks = state.tracks;
  const freeFace = faces.map(() => true);
  const freeTrack = tracks.map(() => true);
  const recent = tracks.map((t) => frame - t.lastFrame <= cfg.maxGap);
  const byIou = greedy(
    faces.map((f) => tracks.map((t, i) => (recent[i] ? iou(f.box, t.lastBox) : 0))),
    // IoU of 0 never links, whatever the config says.
    Math.max(cfg.minIou, Number.MIN_VALUE),
    freeFace,
    freeTrack,
  );
  const byLook = greedy(
    faces.map((f) => tracks.map((t) => (f.descriptor && t.descriptorSum ? cosine(f.descriptor, t.descriptorSum) : -Infinity))),
    cfg.minSimilarity,
    freeFace,
    freeTrack,
  );
  const next = tracks.map((t) => ({ ...t }));
  let nextId = state.nextId;
  const ids = faces.map((face, f) => {
    const match = byIou[f]! >= 0 ? byIou[f]! : byLook[f]!;
    const d = face.descriptor ? unit(face.descriptor) : null;
    if (match >= 0) {
      const t = next[match]!;
      t.lastFrame = frame;
      t.lastBox = face.box;
      if (d) t.descriptorSum = t.descriptorSum && t.descriptorSum.length === d.length ? t.descriptorSum.map((x, i) => x + d[i]!) : d;
      return t.id;
    }
    const id = nextId++;
    next.push({ id, lastFrame: frame, lastBox: face.box, descriptorSum: d });
    return id;
  });
  return { state: { tracks: next, nextId }, ids };
}

/** Tracks a whole sequence of frames (in order): the track id of every face, per frame. */
export function trackFaces(frames: readonly { frame: number; faces: readonly TrackFace[] }[], cfg: TrackConfig): number[][] {
  let state = EMPTY_TRACKER;
  return frames.map(({ frame, faces }) => {
    const step = trackStep(state, frame, faces, cfg);
    state = step.state;
    return step.ids;
  });
}
