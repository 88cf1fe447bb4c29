// Decoded frame -> upright RGB tensor on the active tfjs backend, and small tensors -> ImageBitmaps
// for the page. The frame goes VideoFrame -> ImageBitmap (stays on the GPU in Chromium) ->
// tf.browser.fromPixels: on webgpu that is a copyExternalImageToTexture, on webgl a texture upload;
// only the wasm backend has to read the pixels through a 2-D canvas. tfjs cannot take a VideoFrame
// itself (its type check accepts ImageBitmap but not VideoFrame). Tried for wasm: VideoFrame.copyTo
// with format 'RGBA' instead of the canvas; no faster in our measurement (0.8-1.2 s per 1080p frame
// either way on the loaded 2-core machine), so one path serves every backend.
import * as tf from '@tensorflow/tfjs';
import type { Rotation } from 'mediabunny';

/** Upright [H, W, 3] int32 RGB tensor of a frame; the caller disposes it. `source` stays open. */
export async function frameToTensor(source: VideoFrame | ImageBitmap, rotation: Rotation): Promise<tf.Tensor3D> {
  const pixels = await uploadFrame(source);
  if (rotation === 0) return pixels;
  const upright = rotate(pixels, rotation);
  pixels.dispose();
  return upright;
}

/** ImageBitmap -> fromPixels: stays on the GPU on webgpu/webgl. */
async function uploadFrame(source: VideoFrame | ImageBitmap): Promise<tf.Tensor3D> {
  const bitmap = source instanceof ImageBitmap ? source : await createImageBitmap(source);
  try {
    return tf.browser.fromPixels(bitmap, 3);
  } finally {
    if (bitmap !== source) bitmap.close();
  }
}

/** Rotates an [H, W, C] image clockwise by a multiple of 90 degrees, on the backend (no readback). */
export function rotate<T extends tf.Tensor3D>(image: T, rotation: Rotation): T {
  return tf.tidy(() => {
    switch (rotation) {
      case 0:
        return image.clone();
      case 90: // clockwise: the left column becomes the top row
        return tf.reverse(tf.transpose(image, [1, 0, 2]), 1);
      case 180:
        return tf.reverse(image, [0, 1]);
      case 270:
        return tf.reverse(tf.transpose(image, [1, 0, 2]), 0);
    }
  }) as T;
}

/** Size that fits within maxSide on its longer side, keeping the aspect ratio (never enlarges). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** A copy of an RGB image (0..255, [H, W, 3]) no larger than maxSide, as an ImageBitmap for the
 *  page. This reads back the small resized copy only (e.g. 320x180x4 bytes for the timeline). */
export async function tensorToBitmap(image: tf.Tensor3D, maxSide: number): Promise<ImageBitmap> {
  const [h, w] = image.shape;
  const size = fitWithin(w, h, maxSide);
  const small = tf.tidy(() => {
    const resized = size.width === w && size.height === h ? image.toFloat() : tf.image.resizeBilinear(image, [size.height, size.width], true);
    return tf.clipByValue(resized, 0, 255).toInt();
  });
  try {
    const rgb = (await small.data()) as Int32Array;
    const rgba = new Uint8ClampedArray(size.width * size.height * 4);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgba[j] = rgb[i];
      rgba[j + 1] = rgb[i + 1];
      rgba[j + 2] = rgb[i + 2];
      rgba[j + 3] = 255;
    }
    return await createImageBitmap(new ImageData(rgba, size.width, size.height));
  } finally {
    small.dispose();
  }
}
