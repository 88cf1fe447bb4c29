// JPEG bytes -> int32 [h, w, 3] RGB tensor with jpeg-js (pure JS: no native dependency to install).
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';

export function decodeJpeg(bytes: Uint8Array): tf.Tensor3D {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
}
