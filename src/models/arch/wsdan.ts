// WS-DAN helpers (Hu et al. 2019, arXiv:1901.09891) shared by training and inference: attention-guided
// crop boxes, attention drop masks, and the validation-time crop refinement.
import * as tf from '@tensorflow/tfjs';

/** Crop boxes [n,4] as [y1,x1,y2,x2] in normalised coords, for tf.image.cropAndResize. */
export function attentionCropBoxes(_attention: tf.Tensor4D, _opts: { theta: number | [number, number]; padding: number; seed?: number; mean?: boolean }): tf.Tensor2D {
  throw new Error('not implemented');
}

/** Drop masks [n,H,W,1] of 0/1 at image size H=W=size: 0 where the chosen map > theta*max. */
export function attentionDropMasks(_attention: tf.Tensor4D, _size: number, _opts: { theta: number | [number, number]; seed?: number }): tf.Tensor4D {
  throw new Error('not implemented');
}
