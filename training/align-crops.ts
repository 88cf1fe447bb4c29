// One DFDC crop aligned as the page aligns a face: the app's own alignFaces (src/pipeline/align.ts)
// and resizeCrops (src/models/resize-crops.ts), the very calls the page makes, for feature-cache.ts.
// An image where the detector found no face falls back to the whole crop resized (the cache stores
// it as found=false), because the DFDC crop is itself a face crop; the app would skip such a frame.
import * as tf from '@tensorflow/tfjs';
import { alignFaces } from '../src/pipeline/align';
import { maskOutsideWindow, resizeCrops } from '../src/models/resize-crops';
import type { InputRegion, InputWindow } from '../src/models/types';
import { DATA_CONFIG } from './data-config';
import type { Face, Point } from '../src/types';
import { uniform, type Rng } from '../src/pipeline/rng';

/** The aligned (or, without a face, centre-resized) crop of one image at each size, as uint8.
 *  `fill`: outside the image; by default, with an input region, the tight DFDC crop's edge pixels
 *  (not black). A whole video frame (feature-videos.ts) takes the page's black (alignFrame).
 *  `window`: black outside it (manifest.inputWindow), as the page's preprocessCrops. */
export function cropsFor(frame: tf.Tensor3D, face: Parameters<typeof alignFaces>[1][number] | null, sizes: readonly number[], region?: InputRegion, fill: 'black' | 'edge' = region ? 'edge' : 'black', window?: InputWindow): Uint8Array[] {
  const resized = tf.tidy(() => {
    const aligned = face
      ? alignFaces(frame, [face], DATA_CONFIG.alignSize, fill)
      : (tf.expandDims(tf.cast(frame, 'float32'), 0) as tf.Tensor4D);
    const big = window && face ? maskOutsideWindow(aligned, window) : aligned;
    return sizes.map((s) => tf.cast(tf.clipByValue(tf.round(resizeCrops(big, s, region)), 0, 255), 'int32'));
  });
  const out = resized.map((t) => Uint8Array.from(t.dataSync()));
  tf.dispose(resized);
  return out;
}

/** How far training views move a face's alignment (`jitteredFace`): a detector's keypoints move by a
 *  few pixels between frames and backgrounds, and the shipped pair's score moved by 0.10 at the median
 *  when only the fill around a DFDC crop changed and the detector looked again (probe-surroundings.ts). */
export const JITTER = { shift: 0.04, scale: 0.04, rotateDeg: 4 } as const;

/**
 * The face with its keypoints moved by one random similarity about their centroid: a shift of up to
 * `shift` eye distances along each axis, a scale of 1 +- `scale`, a rotation of +-`rotateDeg`; with
 * `mirror`, the keypoints of the horizontally flipped frame of width `frameWidth` (x -> width - x, the
 * eyes swapped so index 0 stays the image-left eye). Aligning with it is aligning a slightly
 * different detection of the same face; the box moves with the keypoints.
 */
export function jitteredFace(face: Face, rng: Rng, frameWidth: number, mirror: boolean, j: { shift: number; scale: number; rotateDeg: number } = JITTER): Face {
  const pts = face.landmarks.map((p) => (mirror ? { x: frameWidth - p.x, y: p.y } : { ...p }));
  if (mirror) [pts[0], pts[1]] = [pts[1]!, pts[0]!];
  const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  const eye = Math.hypot(pts[1]!.x - pts[0]!.x, pts[1]!.y - pts[0]!.y);
  const s = uniform(rng, 1 - j.scale, 1 + j.scale);
  const th = (uniform(rng, -j.rotateDeg, j.rotateDeg) * Math.PI) / 180;
  const dx = uniform(rng, -j.shift, j.shift) * eye;
  const dy = uniform(rng, -j.shift, j.shift) * eye;
  const move = (p: Point): Point => {
    const x = p.x - cx;
    const y = p.y - cy;
    return { x: cx + dx + s * (Math.cos(th) * x - Math.sin(th) * y), y: cy + dy + s * (Math.sin(th) * x + Math.cos(th) * y) };
  };
  const b = face.box;
  const bx = mirror ? frameWidth - b.x - b.width : b.x;
  const c = move({ x: bx + b.width / 2, y: b.y + b.height / 2 });
  return {
    score: face.score,
    box: { x: c.x - (s * b.width) / 2, y: c.y - (s * b.height) / 2, width: s * b.width, height: s * b.height },
    landmarks: pts.map(move) as Face['landmarks'],
  };
}
