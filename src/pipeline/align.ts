// Face alignment: a similarity transform (rotation, uniform scale, translation) from the detector's
// four keypoints onto a fixed template, then one bilinear warp to a square crop: alignFaces on a
// frame tensor with tf.image.transform (training, and frames the page only has as a tensor), or
// alignFacesCpu, the same warp read straight from the frame's bytes (the page's usual path).
// Both take the transform from alignmentFor, and align.test.ts holds them to the same crops, so what
// the models learn is what the page shows them.
//
// Template: the seed's (team \WM/, face_utils.py) five-point ArcFace template scaled to 320x320:
// eyes (122.5, 141.25) and (197.5, 141.25), nose tip (160, 178.75), mouth corners (137.5, 225.25) and
// (182.5, 225.25). BlazeFace gives the mouth centre, not its corners, so we use the corners' midpoint
// (160, 225.25): the least-squares fit to the midpoint equals the fit to the two corners whenever the
// corners lie symmetrically about it, which is what the template assumes.
//
// Margin: the eyes sit 75 px apart in the 320 crop (23% of its width), so the crop spans about 4.3
// eye distances: the whole face with forehead, cheeks, chin and some background. Blending artefacts
// of face swaps sit at the face's border, so that context is part of what the models judge.
import * as tf from '@tensorflow/tfjs-core';
import type { Face, Point } from '../types';
import { isYuv, region, type CpuImage, type Rgba } from './cpu-image';
import type { FramePixels } from './frame-tensor';

/** Side of the aligned crop every model's input is resized from (the seed's 320). */
export const ALIGN_SIZE = 320;

/** Template keypoints in a 320x320 crop, in the order of Face.landmarks: the subject's right eye
 *  (image left), left eye (image right), nose tip, mouth centre. */
export const ALIGN_TEMPLATE: readonly [Point, Point, Point, Point] = [
  { x: 122.5, y: 141.25 },
  { x: 197.5, y: 141.25 },
  { x: 160.0, y: 178.75 },
  { x: 160.0, y: 225.25 },
];

/** x' = a*x - b*y + tx, y' = b*x + a*y + ty: a similarity (no shear, no reflection). */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/** Template scaled to a crop of `size` pixels. */
export function templateFor(size: number): Point[] {
  const s = size / ALIGN_SIZE;
  return ALIGN_TEMPLATE.map((p) => ({ x: p.x * s, y: p.y * s }));
}

/**
 * Least-squares similarity mapping src onto dst (the same estimate as Umeyama's method without
 * reflection, which the seed's skimage SimilarityTransform computes). Throws on degenerate input
 * (fewer than two distinct points), which a detector never returns for a real face.
 */
export function similarityTransform(src: readonly Point[], dst: readonly Point[]): Similarity {
  if (src.length !== dst.length || src.length < 2) {
    throw new Error(`similarityTransform needs two equally long lists of at least 2 points (got ${src.length} and ${dst.length}).`);
  }
  const n = src.length;
  const mean = (ps: readonly Point[]) => ({
    x: ps.reduce((s, p) => s + p.x, 0) / n,
    y: ps.reduce((s, p) => s + p.y, 0) / n,
  });
  const ms = mean(src);
  const md = mean(dst);
  let num_a = 0;
  let num_b = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const sx = src[i]!.x - ms.x;
    const sy = src[i]!.y - ms.y;
    const dx = dst[i]!.x - md.x;
    const dy = dst[i]!.y - md.y;
    num_a += sx * dx + sy * dy;
    num_b += sx * dy - sy * dx;
    den += sx * sx + sy * sy;
  }
  if (!(den > 1e-9)) throw new Error('similarityTransform: the source points coincide.');
  const a = num_a / den;
  const b = num_b / den;
  return { a, b, tx: md.x - (a * ms.x - b * ms.y), ty: md.y - (b * ms.x + a * ms.y) };
}

export function applySimilarity(t: Similarity, p: Point): Point {
  return { x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty };
}

export function invertSimilarity(t: Similarity): Similarity {
  const d = t.a * t.a + t.b * t.b;
  const a = t.a / d;
  const b = -t.b / d;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/** Frame -> crop transform for one face. */
export function alignmentFor(face: Face, size = ALIGN_SIZE): Similarity {
  return similarityTransform(face.landmarks, templateFor(size));
}

/** The 8-value row tf.image.transform wants: it maps each OUTPUT pixel to the INPUT pixel it reads. */
export function transformRow(frameToCrop: Similarity): number[] {
  const inv = invertSimilarity(frameToCrop);
  return [inv.a, -inv.b, inv.tx, inv.b, inv.a, inv.ty, 0, 0];
}

/**
 * Aligned crops [faces.length, size, size, 3], float32 RGB 0..255, black outside the frame (`fill`
 * 'edge' repeats the frame's edge pixels instead: training's tight DFDC crops, where a black border
 * inside the model's input region would be a cue no video has).
 * `frame`: [h, w, 3] RGB 0..255 (int32 or float32), on any backend. The caller disposes the result.
 */
export function alignFaces(frame: tf.Tensor3D, faces: readonly Face[], size = ALIGN_SIZE, fill: 'black' | 'edge' = 'black'): tf.Tensor4D {
  if (faces.length === 0) return tf.zeros([0, size, size, 3]);
  return tf.tidy(() => {
    const image = tf.expandDims(tf.cast(frame, 'float32'), 0) as tf.Tensor4D;
    // tf.image.transform warps a batch of images one transform each; the frame is one image, so each
    // face is its own call (a frame rarely has more than a few faces; tiling a 4K frame would not pay).
    const crops = faces.map((face) =>
      tf.image.transform(image, [transformRow(alignmentFor(face, size))], 'bilinear', fill === 'edge' ? 'nearest' : 'constant', 0, [size, size]),
    );
    return (crops.length === 1 ? crops[0] : tf.concat(crops, 0)) as tf.Tensor4D;
  });
}

/** The pipeline's choice: from the decoded frame's bytes when it holds them (alignFacesCpu), else
 *  from its tensor (alignFaces: rotated and non-square-pixel frames, stills). */
export function alignFrame(frame: FramePixels, faces: readonly Face[], size = ALIGN_SIZE): tf.Tensor4D {
  return frame.image ? alignFacesCpu(frame.image, faces, size) : alignFaces(frame.tensor(), faces, size);
}

/**
 * alignFaces from the frame's bytes on the CPU (what the page's path already holds): the same
 * bilinear warp as tf.image.transform with a black fill (tfjs's kernel, each of the four neighbours
 * read as 0 outside the frame), written out in JS so no frame-sized tensor is made: on wasm, casting
 * a 1080x1920 frame to float cost ~20 ms and the 320 px warp kernel ~10 ms a face, where this loop
 * reads only the ~100k points it samples (docs/decisions.md, "Frame pixels"). From YUV planes, the
 * rectangle the warp reads is converted first (cpu-image.ts), and the warp runs on it shifted by its
 * corner: the same arithmetic, so the same crop as from RGBA. align.test.ts holds it to alignFaces's
 * crops.
 */
export function alignFacesCpu(frame: CpuImage, faces: readonly Face[], size = ALIGN_SIZE): tf.Tensor4D {
  const out = new Float32Array(faces.length * size * size * 3);
  faces.forEach((face, k) => {
    const row = transformRow(alignmentFor(face, size));
    const offset = k * size * size * 3;
    if (!isYuv(frame)) return warpRgba(frame, row, size, out, offset, 0, 0);
    const r = footprint(row, size, frame.width, frame.height);
    warpRgba(region(frame, r.x, r.y, r.width, r.height), row, size, out, offset, r.x, r.y);
  });
  return tf.tensor4d(out, [faces.length, size, size, 3]);
}

/** The frame's pixels a warp of `size` can read (both bilinear neighbours of every point, plus one
 *  pixel against rounding), clipped to the frame: outside it every read is black either way. */
export function footprint(row: readonly number[], size: number, width: number, height: number): { x: number; y: number; width: number; height: number } {
  const [a0, a1, a2, b0, b1, b2] = row as [number, number, number, number, number, number];
  const corners = [0, size - 1].flatMap((x) => [0, size - 1].map((y) => [a0 * x + a1 * y + a2, b0 * x + b1 * y + b2] as const));
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - 1);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - 1);
  const x1 = Math.min(width, Math.floor(Math.max(...xs)) + 3);
  const y1 = Math.min(height, Math.floor(Math.max(...ys)) + 3);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** One bilinear warp (transformRow's affine part: output pixel -> input point) into out[offset...],
 *  from `frame`, a rectangle of the whole frame whose top-left corner is (ox, oy). Every input point
 *  is computed in the whole frame's coordinates and then shifted by the (whole-number) corner, which
 *  is exact in floating point, so the weights are the very ones of a warp over the whole frame. */
function warpRgba(frame: Rgba, row: readonly number[], size: number, out: Float32Array, offset: number, ox: number, oy: number): void {
  const { data, width, height } = frame;
  const [a0, a1, a2, b0, b1, b2] = row as [number, number, number, number, number, number];
  const at = (y: number, x: number, c: number) => (y >= 0 && y < height && x >= 0 && x < width ? data[(y * width + x) * 4 + c]! : 0);
  let o = offset;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++, o += 3) {
      const inX = a0 * x + a1 * y + a2 - ox;
      const inY = b0 * x + b1 * y + b2 - oy;
      const x0 = Math.floor(inX);
      const y0 = Math.floor(inY);
      const fx = inX - x0;
      const fy = inY - y0;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
        const i = (y0 * width + x0) * 4;
        const j = i + width * 4;
        for (let c = 0; c < 3; c++) {
          const top = (1 - fx) * data[i + c]! + fx * data[i + 4 + c]!;
          const bottom = (1 - fx) * data[j + c]! + fx * data[j + 4 + c]!;
          out[o + c] = (1 - fy) * top + fy * bottom;
        }
      } else if (x0 >= -1 && y0 >= -1 && x0 < width && y0 < height) {
        for (let c = 0; c < 3; c++) {
          const top = (1 - fx) * at(y0, x0, c) + fx * at(y0, x0 + 1, c);
          const bottom = (1 - fx) * at(y0 + 1, x0, c) + fx * at(y0 + 1, x0 + 1, c);
          out[o + c] = (1 - fy) * top + fy * bottom;
        }
      }
    }
  }
}
