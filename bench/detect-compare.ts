// How two face detectors agree on the same frames, from the largest face each found per frame:
// whether they found one, whether it is the same face (boxes overlap), and how far apart their four
// alignment keypoints are in units of the reference detector's eye distance (what alignment sees:
// an error of 0.1 moves the aligned crop by a tenth of the eye distance).
import { iou } from '../src/pipeline/box';
import type { FoundFace } from './page/protocol';

export interface Agreement {
  frames: number;
  both: number;
  onlyReference: number;
  onlyOther: number;
  neither: number;
  /** Frames where both found a face and the two boxes overlap with IoU >= 0.5. */
  sameFace: number;
  /** Over the same-face frames: the largest of the four keypoint distances / reference eye distance. */
  keypointErrorMedian: number | null;
  keypointErrorMax: number | null;
}

/** Largest of the four keypoint distances, in units of `ref`'s eye distance (null: no eye distance). */
export function keypointError(ref: FoundFace, other: FoundFace): number | null {
  if (ref.keypoints.length < 4 || other.keypoints.length < 4) return null;
  const d = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);
  const eyes = d(ref.keypoints[0]!, ref.keypoints[1]!);
  if (!(eyes > 0)) return null;
  return Math.max(...ref.keypoints.slice(0, 4).map((p, i) => d(p, other.keypoints[i]!))) / eyes;
}

export function compareLargest(reference: (FoundFace | null)[], other: (FoundFace | null)[]): Agreement {
  if (reference.length !== other.length) throw new Error(`the two detectors saw different frame counts (${reference.length} vs ${other.length})`);
  const a: Agreement = { frames: reference.length, both: 0, onlyReference: 0, onlyOther: 0, neither: 0, sameFace: 0, keypointErrorMedian: null, keypointErrorMax: null };
  const errors: number[] = [];
  reference.forEach((r, i) => {
    const o = other[i] ?? null;
    if (r && o) {
      a.both++;
      if (iou(r.box, o.box) >= 0.5) {
        a.sameFace++;
        const e = keypointError(r, o);
        if (e !== null) errors.push(e);
      }
    } else if (r) a.onlyReference++;
    else if (o) a.onlyOther++;
    else a.neither++;
  });
  if (errors.length > 0) {
    const s = [...errors].sort((x, y) => x - y);
    a.keypointErrorMedian = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    a.keypointErrorMax = s[s.length - 1]!;
  }
  return a;
}

/** Every face of two detectors on the same frames, paired frame by frame. */
export interface FaceSetAgreement {
  frames: number;
  referenceFaces: number;
  otherFaces: number;
  /** Pairs: a reference face and the other detector's face overlapping it most (IoU >= 0.5), each used once. */
  matched: number;
  /** Faces one detector found that the other did not, with the frame and the face (for the message). */
  onlyReference: { frame: number; face: FoundFace }[];
  onlyOther: { frame: number; face: FoundFace }[];
  /** Over the matched pairs: the largest of the four keypoint distances / reference eye distance. */
  keypointErrorMedian: number | null;
  keypointErrorMax: number | null;
}

/** Pairs every face of `reference` with one of `other` in the same frame (largest reference face
 *  first, greedily by IoU >= 0.5), and measures the pairs' keypoint agreement. */
export function compareAll(reference: FoundFace[][], other: FoundFace[][]): FaceSetAgreement {
  if (reference.length !== other.length) throw new Error(`the two detectors saw different frame counts (${reference.length} vs ${other.length})`);
  const out: FaceSetAgreement = { frames: reference.length, referenceFaces: 0, otherFaces: 0, matched: 0, onlyReference: [], onlyOther: [], keypointErrorMedian: null, keypointErrorMax: null };
  const errors: number[] = [];
  reference.forEach((refs, frame) => {
    const left = [...(other[frame] ?? [])];
    out.referenceFaces += refs.length;
    out.otherFaces += left.length;
    for (const r of [...refs].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)) {
      let best = -1;
      let bestIou = 0.5;
      left.forEach((o, i) => {
        const v = iou(r.box, o.box);
        if (v >= bestIou) [best, bestIou] = [i, v];
      });
      if (best < 0) {
        out.onlyReference.push({ frame, face: r });
        continue;
      }
      const [o] = left.splice(best, 1);
      out.matched++;
      const e = keypointError(r, o!);
      if (e !== null) errors.push(e);
    }
    for (const o of left) out.onlyOther.push({ frame, face: o });
  });
  if (errors.length > 0) {
    const s = [...errors].sort((x, y) => x - y);
    out.keypointErrorMedian = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    out.keypointErrorMax = s[s.length - 1]!;
  }
  return out;
}
