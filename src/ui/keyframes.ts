// The stills at shot changes, from the frame thumbnails the page already holds (one per sampled
// frame, 320 px): each is shrunk to 32 px on a canvas for its colour signature, and
// pipeline/shot-changes.ts picks the first frame and the sharpest changes. No extra decoding.
// Needs the DOM (a canvas); the choice itself is pure and tested there.
import { colourSignature, pickKeyframes, type SignedFrame } from '../pipeline/shot-changes';
import type { Keyframe } from '../provenance';
import type { FrameView } from './analysis-state';

/** Side of the image the signature is computed on: colours, not detail, decide a cut. */
const SIGNATURE_SIDE = 32;

function signatureOf(image: ImageBitmap): Float32Array | null {
  // A bitmap of a finished job is closed when the next one starts: width 0 then.
  if (image.width === 0 || image.height === 0) return null;
  const canvas = new OffscreenCanvas(SIGNATURE_SIDE, SIGNATURE_SIDE);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (ctx === null) return null;
  ctx.drawImage(image, 0, 0, SIGNATURE_SIDE, SIGNATURE_SIDE);
  return colourSignature(ctx.getImageData(0, 0, SIGNATURE_SIDE, SIGNATURE_SIDE).data);
}

/** The first frame and each shot change among `frames` that still have their image. */
export function keyframesOf(frames: readonly FrameView[]): Keyframe[] {
  const signed: SignedFrame[] = [];
  for (const f of frames) {
    const signature = f.image === null ? null : signatureOf(f.image);
    if (signature !== null) signed.push({ index: f.frame.index, timeMs: f.frame.timeMs, signature });
  }
  return pickKeyframes(signed);
}

/** A frame's image as a JPEG file for a reverse image search, named after the video and the time. */
export async function keyframeBlob(image: ImageBitmap): Promise<Blob | null> {
  if (image.width === 0 || image.height === 0) return null;
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  if (ctx === null) return null;
  ctx.drawImage(image, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}

/** "clip.mp4", 12340 ms -> "clip.mp4-12.34s.jpg" (odd characters become "_"). */
export function keyframeFileName(file: string, timeMs: number): string {
  const base = (file.split(/[\\/]/).pop() || 'video').replace(/[^\w.-]+/g, '_');
  return `${base}-${(timeMs / 1000).toFixed(2)}s.jpg`;
}
