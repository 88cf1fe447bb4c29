// The face detectors the bench compares, behind one shape: a decoded frame (VideoFrame, or
// ImageBitmap for a still) in, the faces in frame pixels out (largest first), with the time the
// detection alone took. For the app's detector the frame -> tensor upload is outside the timing
// (the pipeline does it anyway, for alignment); tasks-vision takes the frame itself, so its own
// upload and conversion are inside its time.
import * as tf from '@tensorflow/tfjs';
import type { FaceDetector, Detection } from '@mediapipe/tasks-vision';
import { APP_CONFIG } from '../../src/config';
import { DEFAULT_DETECT_OPTIONS, DETECTOR_FILES, detectFaces, disposeDetector, loadDetector, type Detector } from '../../src/pipeline/detect';
import { createFaceDetector, loadTasksVisionDetector } from '../../src/pipeline/detect-tasks-vision';
import { framePixels } from '../../src/pipeline/frame-tensor';

import type { DetectorKind, FoundFace, FrameInput } from './protocol';

type Rotation = Parameters<typeof framePixels>[1];

export interface FrameDetector {
  detectFrame(source: VideoFrame | ImageBitmap, rotation: Rotation): Promise<{ ms: number; faces: FoundFace[] }>;
  close(): void;
}

const area = (f: FoundFace): number => f.box.width * f.box.height;
/** Width of the 'scaled' input (bench/page/protocol.ts, FrameInput). */
const SCALED_WIDTH = 640;

export async function openDetector(kind: DetectorKind, input: FrameInput, base: string): Promise<FrameDetector> {
  if (kind === 'blazeface-tfjs') return appDetector(base);
  if (kind === 'mediapipe-two-stage') return mediapipeTwoStage(base);
  return mediapipeDetector(kind, input, base);
}

async function appDetector(base: string): Promise<FrameDetector> {
  return throughSeam(
    await loadDetector({
      fullRange: new URL(`detector/${DETECTOR_FILES.fullRange}`, base).href,
      shortRange: new URL(`detector/${DETECTOR_FILES.shortRange}`, base).href,
    }),
  );
}

/** A detector of the app's seam (detectFaces on the app's frame, warmed up on a blank frame):
 *  reading the frame's pixels (framePixels) is outside the timing, as in the pipeline. */
async function throughSeam(detector: Detector): Promise<FrameDetector> {
  const blank = tf.zeros([360, 640, 3], 'int32') as tf.Tensor3D;
  await detectFaces(detector, blank); // warm-up: first-run allocations
  blank.dispose();
  return {
    async detectFrame(source, rotation) {
      const pixels = await framePixels(source, rotation);
      try {
        const t0 = performance.now();
        const faces = await detectFaces(detector, pixels, { minScore: APP_CONFIG.minFaceScore });
        const ms = performance.now() - t0;
        return { ms, faces: faces.map((f) => ({ score: f.score, box: f.box, keypoints: f.landmarks })).sort((a, b) => area(b) - area(a)) };
      } finally {
        pixels.dispose();
      }
    },
    close: () => disposeDetector(detector),
  };
}

/** A tasks-vision FaceDetector with one model (the app's createFaceDetector), warmed up on a blank frame. */
async function createMediapipe(base: string, model: 'short' | 'full', minScore: number): Promise<FaceDetector> {
  const detector = await createFaceDetector(base, model === 'short' ? 'shortRange' : 'fullRange', minScore, DEFAULT_DETECT_OPTIONS.iouThreshold);
  const warm = new OffscreenCanvas(640, 360);
  warm.getContext('2d')!.fillRect(0, 0, 640, 360);
  detector.detect(warm);
  return detector;
}

async function mediapipeDetector(kind: 'mediapipe-short' | 'mediapipe-full', input: FrameInput, base: string): Promise<FrameDetector> {
  const detector = await createMediapipe(base, kind === 'mediapipe-short' ? 'short' : 'full', APP_CONFIG.minFaceScore);
  return {
    async detectFrame(source, rotation) {
      if (rotation !== 0) throw new Error(`the bench passes frames to tasks-vision unrotated; this video has rotation ${rotation}`);
      const w = source instanceof VideoFrame ? source.displayWidth : source.width;
      const h = source instanceof VideoFrame ? source.displayHeight : source.height;
      if (source instanceof ImageBitmap || input === 'frame') {
        const t0 = performance.now();
        const result = detector.detect(source);
        return { ms: performance.now() - t0, faces: result.detections.map((d: Detection) => toFound(d, w, h)).sort((a, b) => area(b) - area(a)) };
      }
      if (input === 'rgba') {
        const rect = { x: 0, y: 0, width: w, height: h };
        const rgba = new Uint8ClampedArray(source.allocationSize({ format: 'RGBA', rect } as VideoFrameCopyToOptions));
        await source.copyTo(rgba, { format: 'RGBA', rect } as VideoFrameCopyToOptions);
        const image = new ImageData(rgba, w, h);
        const t0 = performance.now();
        const result = detector.detect(image);
        return { ms: performance.now() - t0, faces: result.detections.map((d: Detection) => toFound(d, w, h)).sort((a, b) => area(b) - area(a)) };
      }
      const t0 = performance.now();
      const scale = Math.min(1, SCALED_WIDTH / w);
      const small = await createImageBitmap(source, { resizeWidth: Math.round(w * scale), resizeHeight: Math.round(h * scale), resizeQuality: 'medium' });
      const result = detector.detect(small);
      const ms = performance.now() - t0;
      small.close();
      // Keypoints are normalised, so they map back to the full frame; the box is in the small image's pixels.
      const faces = result.detections.map((d: Detection) => toFound(d, w, h, 1 / scale)).sort((a, b) => area(b) - area(a));
      return { ms, faces };
    },
    close: () => detector.close(),
  };
}

/** tasks-vision's box is in pixels, its keypoints normalised to the image; the first four keypoints
 *  are BlazeFace's right eye, left eye, nose tip, mouth centre (the app's landmark order). */
function toFound(d: Detection, w: number, h: number, boxScale = 1): FoundFace {
  const b = d.boundingBox ?? { originX: 0, originY: 0, width: 0, height: 0 };
  return {
    score: d.categories[0]?.score ?? 0,
    box: { x: b.originX * boxScale, y: b.originY * boxScale, width: b.width * boxScale, height: b.height * boxScale },
    keypoints: (d.keypoints ?? []).slice(0, 4).map((k) => ({ x: k.x * w, y: k.y * h })),
  };
}

/**
 * The page's detector (src/pipeline/detect-tasks-vision.ts: detect.ts's two stages on tasks-vision)
 * through the app's own seam: the frame becomes the app's FramePixels (framePixels: copyTo's RGBA
 * bytes, which this detector reads), outside the timing; detectFaces is timed (for blazeface-tfjs
 * that includes making the frame's RGB tensor, which only it needs).
 */
async function mediapipeTwoStage(base: string): Promise<FrameDetector> {
  return throughSeam(await loadTasksVisionDetector(base));
}
