// Decoded frame -> upright RGB tensor on the active tfjs backend, and small tensors -> ImageBitmaps
// for the page. Every backend takes the frame's pixels the same way, VideoFrame.copyTo(RGBA), so a
// file gives the same pixels on WebGPU, WebGL and WebAssembly: the ImageBitmap -> fromPixels route
// the GPU backends used to take converts YUV to RGB differently (mean 0.6, max 12 levels per channel
// on a 720p frame), which alone moved a clip's video score by 0.012 between WebGL and WebAssembly
// while the arithmetic moved it by 0.000004 (docs/decisions.md, "The report a colleague can check").
// copyTo was also measured faster than ImageBitmap -> canvas -> getImageData on wasm ("Decode").
// A frame copyTo cannot serve (non-square pixels, a format it refuses) takes the ImageBitmap route,
// on every backend alike.
import * as tf from '@tensorflow/tfjs';
import type { Rotation } from 'mediabunny';

/** RGBA pixels, row-major, 4 bytes a pixel (ImageData's layout, without needing ImageData: Node). */
export interface Rgba {
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

/** The RGBA readback a CPU-backend frame tensor was made from (copyTo), kept with the tensor so a
 *  detector with its own runtime (detect-tasks-vision.ts) reuses it instead of reading the tensor
 *  back: tasks-vision takes an ImageData 10x faster than a VideoFrame (docs/decisions.md). Weak:
 *  it goes when the tensor object does. */
const readbacks = new WeakMap<tf.Tensor, Rgba>();

/** The frame's RGBA pixels: the copyTo readback when the tensor came from one, else read back from
 *  the tensor (GPU backends, rotated or non-square-pixel frames, stills: one extra readback). */
export async function rgbaOf(frame: tf.Tensor3D): Promise<Rgba> {
  const kept = readbacks.get(frame);
  if (kept) return kept;
  const [height, width] = frame.shape;
  return { data: rgbToRgba(await frame.data()), width, height };
}

/** RGB pixels (3 values a pixel) as opaque RGBA (ImageData's layout). */
function rgbToRgba(rgb: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray((rgb.length / 3) * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgba[j] = rgb[i]!;
    rgba[j + 1] = rgb[i + 1]!;
    rgba[j + 2] = rgb[i + 2]!;
    rgba[j + 3] = 255;
  }
  return rgba;
}

/** Upright [H, W, 3] int32 RGB tensor of a frame; the caller disposes it. `source` stays open. */
export async function frameToTensor(source: VideoFrame | ImageBitmap, rotation: Rotation): Promise<tf.Tensor3D> {
  const pixels = await uploadFrame(source);
  if (rotation === 0) return pixels;
  const upright = rotate(pixels, rotation);
  pixels.dispose();
  return upright;
}

/** VideoFrame.copyTo on every backend (one pixel route, one result); ImageBitmap -> fromPixels when
 *  copyTo cannot serve the frame. */
async function uploadFrame(source: VideoFrame | ImageBitmap): Promise<tf.Tensor3D> {
  if (!(source instanceof ImageBitmap)) {
    const copied = await copyFrame(source).catch(() => null);
    if (copied) return copied;
  }
  const bitmap = source instanceof ImageBitmap ? source : await createImageBitmap(source);
  try {
    return tf.browser.fromPixels(bitmap, 3);
  } finally {
    if (bitmap !== source) bitmap.close();
  }
}

/** The frame's visible pixels as RGB via copyTo(RGBA), or null when its pixels are not square
 *  (copyTo gives coded pixels, the page shows display pixels). */
async function copyFrame(frame: VideoFrame): Promise<tf.Tensor3D | null> {
  const rect = frame.visibleRect;
  if (!rect || rect.width !== frame.displayWidth || rect.height !== frame.displayHeight) return null;
  const options = { format: 'RGBA', rect: { x: rect.x, y: rect.y, width: rect.width, height: rect.height } } as VideoFrameCopyToOptions;
  const rgba = new Uint8ClampedArray(frame.allocationSize(options));
  await frame.copyTo(rgba, options);
  const rgb = new Int32Array(rect.width * rect.height * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    rgb[j] = rgba[i];
    rgb[j + 1] = rgba[i + 1];
    rgb[j + 2] = rgba[i + 2];
  }
  const tensor = tf.tensor3d(rgb, [rect.height, rect.width, 3], 'int32');
  readbacks.set(tensor, { data: rgba, width: rect.width, height: rect.height });
  return tensor;
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
    return await createImageBitmap(new ImageData(rgbToRgba(await small.data()), size.width, size.height));
  } finally {
    small.dispose();
  }
}
