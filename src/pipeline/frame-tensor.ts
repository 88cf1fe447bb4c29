// Decoded frame -> upright frame pixels (the bytes the CPU holds: the decoder's YUV planes or RGBA,
// and an RGB tensor on the active tfjs backend made when asked for), and small images -> ImageBitmaps
// for the page. Every backend takes the frame's pixels the same way, from VideoFrame.copyTo, so a
// file gives the same pixels on WebGPU, WebGL and WebAssembly: the ImageBitmap -> fromPixels route
// the GPU backends used to take converts YUV to RGB differently (mean 0.6, max 12 levels per channel
// on a 720p frame), which alone moved a clip's video score by 0.012 between WebGL and WebAssembly
// while the arithmetic moved it by 0.000004 (docs/decisions.md, "The report a colleague can check").
// copyTo was also measured faster than ImageBitmap -> canvas -> getImageData on wasm ("Decode"), and
// copying the planes (converted where read, cpu-image.ts) faster than copyTo(RGBA) ("YUV planes").
// A frame copyTo cannot serve (non-square pixels, a format it refuses) takes the ImageBitmap route,
// on every backend alike.
import * as tf from '@tensorflow/tfjs-core';
import type { Rotation } from 'mediabunny';
import type { Box } from '../types';
import { isYuv, matrixFor, region, subsample, toRgba, type CpuImage, type PlaneLayout, type Rgba, type Yuv, type YuvMatrix } from './cpu-image';

/** A decoded, upright frame. Where copyTo served it, it holds the frame's bytes (YUV planes or RGBA)
 *  and makes the RGB tensor only when something asks for one (the tfjs detector, alignFaces on a
 *  tensor): the page's own path reads the bytes (tasks-vision, alignFacesCpu, the thumbnail), and
 *  building a 1080p int32 tensor cost 22-24 ms a frame on wasm (the RGBA -> RGB loop) plus the copy
 *  into the backend, for pixels nothing read but a face's rectangle (docs/decisions.md, "Frame
 *  pixels"). */
export class FramePixels {
  private made: tf.Tensor3D | null;

  private constructor(
    readonly width: number,
    readonly height: number,
    /** The upright frame's bytes, when the CPU already holds them; else null. */
    readonly image: CpuImage | null,
    tensor: tf.Tensor3D | null,
  ) {
    this.made = tensor;
  }

  static fromImage(image: CpuImage): FramePixels {
    return new FramePixels(image.width, image.height, image, null);
  }

  /** Takes ownership of `tensor` ([H, W, 3] RGB 0..255). */
  static fromTensor(tensor: tf.Tensor3D): FramePixels {
    return new FramePixels(tensor.shape[1], tensor.shape[0], null, tensor);
  }

  /** [H, W, 3] int32 RGB on the active backend; made on the first call, then kept until dispose. */
  tensor(): tf.Tensor3D {
    this.made ??= rgbaToTensor(toRgba(this.image!));
    return this.made;
  }

  dispose(): void {
    this.made?.dispose();
    this.made = null;
  }
}

/** A frame as a tensor, from whichever form it comes in (the seams take either). */
export const tensorOf = (frame: FramePixels | tf.Tensor3D): tf.Tensor3D => (frame instanceof FramePixels ? frame.tensor() : frame);

/** The frame's pixels on the CPU: the bytes it holds, else read back from its tensor as RGBA (rotated
 *  or non-square-pixel frames, stills, tensors: one extra readback). */
export async function imageOf(frame: FramePixels | tf.Tensor3D): Promise<CpuImage> {
  if (frame instanceof FramePixels && frame.image) return frame.image;
  const t = tensorOf(frame);
  const [height, width] = t.shape;
  return { data: rgbToRgba(await t.data()), width, height };
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

function rgbaToTensor(image: Rgba): tf.Tensor3D {
  const rgba = image.data;
  const rgb = new Int32Array(image.width * image.height * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return tf.tensor3d(rgb, [image.height, image.width, 3], 'int32');
}

/** The upright frame; the caller disposes it. `source` stays open. */
export async function framePixels(source: VideoFrame | ImageBitmap, rotation: Rotation): Promise<FramePixels> {
  // A rotated frame becomes a tensor whole: the browser's RGBA is then the cheaper copy.
  const copied = source instanceof ImageBitmap ? null : await copyFrame(source, rotation === 0).catch(() => null);
  if (copied && rotation === 0) return FramePixels.fromImage(copied);
  const pixels = copied ? rgbaToTensor(toRgba(copied)) : await bitmapTensor(source);
  if (rotation === 0) return FramePixels.fromTensor(pixels);
  const upright = rotate(pixels, rotation);
  pixels.dispose();
  return FramePixels.fromTensor(upright);
}

/** ImageBitmap -> fromPixels, for what copyTo cannot serve. */
async function bitmapTensor(source: VideoFrame | ImageBitmap): Promise<tf.Tensor3D> {
  const bitmap = source instanceof ImageBitmap ? source : await createImageBitmap(source);
  try {
    return tf.browser.fromPixels(bitmap, 3);
  } finally {
    if (bitmap !== source) bitmap.close();
  }
}

/** The frame's visible pixels via copyTo: its YUV planes where `planes` allows and the page converts
 *  them as the browser does (checked on this frame), else RGBA; null when its pixels are not square
 *  (copyTo gives coded pixels, the page shows display pixels). */
async function copyFrame(frame: VideoFrame, planes: boolean): Promise<CpuImage | null> {
  const rect = frame.visibleRect;
  if (!rect || rect.width !== frame.displayWidth || rect.height !== frame.displayHeight) return null;
  const visible = { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  const matrix = matrixFor(frame.colorSpace);
  const kind = `${frame.format}/${matrix?.name}`;
  if (planes && matrix && !convertsOtherwise.has(kind)) {
    const yuv = await copyPlanes(frame, visible, matrix).catch(() => null);
    if (yuv && (await convertsAsBrowser(frame, visible, yuv))) return yuv;
    if (yuv) convertsOtherwise.add(kind);
  }
  return copyRgba(frame, visible);
}

/** Pixel formats and matrices whose conversion was found to differ from this browser's: their frames
 *  go straight to copyTo(RGBA) for the life of the worker. */
const convertsOtherwise = new Set<string>();

async function copyRgba(frame: VideoFrame, rect: DOMRectInit): Promise<Rgba> {
  const options = { format: 'RGBA', rect } as VideoFrameCopyToOptions;
  const rgba = new Uint8ClampedArray(frame.allocationSize(options));
  await frame.copyTo(rgba, options);
  return { data: rgba, width: rect.width!, height: rect.height! };
}

const CHROMA_SHIFT: Partial<Record<VideoPixelFormat, readonly [number, number]>> = { I420: [1, 1], I422: [1, 0], I444: [0, 0] };

/** The frame's 8-bit planes (I420, I422, I444), converted later with `matrix`; null for another format. */
async function copyPlanes(frame: VideoFrame, rect: Box, matrix: YuvMatrix): Promise<Yuv | null> {
  const shift = frame.format ? CHROMA_SHIFT[frame.format] : undefined;
  // A rectangle that starts inside a chroma sample would shift the chroma grid.
  if (!shift || rect.x % (1 << shift[0]) !== 0 || rect.y % (1 << shift[1]) !== 0) return null;
  const data = new Uint8Array(frame.allocationSize({ rect }));
  const layout = await frame.copyTo(data, { rect });
  if (layout.length !== 3) return null;
  const planes = layout.map((p) => ({ offset: p.offset, stride: p.stride })) as [PlaneLayout, PlaneLayout, PlaneLayout];
  return { data, width: rect.width, height: rect.height, planes, chromaShift: shift, matrix };
}

/** Side of the block compared with the browser's own conversion on every frame. */
const CHECK_SIDE = 16;

/** Whether cpu-image.ts converts this frame to the very bytes copyTo(RGBA) gives: compared on a
 *  block at the frame's centre (0.1-0.3 ms), so a browser or colour space that converts otherwise
 *  takes copyTo(RGBA) instead of pixels that differ from it. */
async function convertsAsBrowser(frame: VideoFrame, rect: Box, planes: Yuv): Promise<boolean> {
  const side = Math.min(CHECK_SIDE, planes.width, planes.height);
  const x = (planes.width - side) >> 2 << 1;
  const y = (planes.height - side) >> 2 << 1;
  const theirs = await copyRgba(frame, { x: rect.x + x, y: rect.y + y, width: side, height: side });
  const ours = region(planes, x, y, side, side);
  return theirs.data.length === ours.data.length && theirs.data.every((v, i) => v === ours.data[i]);
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

/** The frame no larger than maxSide, as an ImageBitmap for the page: resized by the browser from the
 *  bytes the frame holds (YUV planes read at twice the size, nearest, then resized, so only those
 *  pixels are converted), else as tensorToBitmap. */
export async function frameToBitmap(frame: FramePixels, maxSide: number): Promise<ImageBitmap> {
  if (!frame.image) return tensorToBitmap(frame.tensor(), maxSide);
  const size = fitWithin(frame.width, frame.height, maxSide);
  const source = isYuv(frame.image) ? subsample(frame.image, 2 * maxSide) : frame.image;
  const image = new ImageData(source.data, source.width, source.height);
  return createImageBitmap(image, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'medium' });
}

/** A copy of an RGB image (0..255, [H, W, 3]) no larger than maxSide, as an ImageBitmap for the
 *  page. This reads back the small resized copy only (e.g. 320x180x4 bytes for the timeline). */
export async function tensorToBitmap(image: tf.Tensor3D, maxSide: number): Promise<ImageBitmap> {
  const [h, w] = image.shape;
  const size = fitWithin(w, h, maxSide);
  const small = tf.tidy(() => {
    const resized = size.width === w && size.height === h ? tf.cast(image, 'float32') : tf.image.resizeBilinear(image, [size.height, size.width], true);
    return tf.cast(tf.clipByValue(resized, 0, 255), 'int32');
  });
  try {
    return await createImageBitmap(new ImageData(rgbToRgba(await small.data()), size.width, size.height));
  } finally {
    small.dispose();
  }
}
