// One DFDC crop aligned as the page aligns a face: the app's own alignFaces (src/pipeline/align.ts)
// and resizeCrops (src/models/resize-crops.ts), the very calls the page makes, for feature-cache.ts.
// An image where the detector found no face falls back to the whole crop resized (the cache stores
// it as found=false), because the DFDC crop is itself a face crop; the app would skip such a frame.
import * as tf from '@tensorflow/tfjs';
import { alignFaces } from '../src/pipeline/align';
import { resizeCrops } from '../src/models/resize-crops';
import type { InputRegion } from '../src/models/types';
import { DATA_CONFIG } from './data-config';

/** The aligned (or, without a face, centre-resized) crop of one image at each size, as uint8.
 *  `fill`: outside the image; by default, with an input region, the tight DFDC crop's edge pixels
 *  (not black). A whole video frame (feature-videos.ts) takes the page's black (alignFrame). */
export function cropsFor(frame: tf.Tensor3D, face: Parameters<typeof alignFaces>[1][number] | null, sizes: readonly number[], region?: InputRegion, fill: 'black' | 'edge' = region ? 'edge' : 'black'): Uint8Array[] {
  const resized = tf.tidy(() => {
    const big = face
      ? alignFaces(frame, [face], DATA_CONFIG.alignSize, fill)
      : (tf.expandDims(tf.cast(frame, 'float32'), 0) as tf.Tensor4D);
    return sizes.map((s) => tf.cast(tf.clipByValue(tf.round(resizeCrops(big, s, region)), 0, 255), 'int32'));
  });
  const out = resized.map((t) => Uint8Array.from(t.dataSync()));
  tf.dispose(resized);
  return out;
}
