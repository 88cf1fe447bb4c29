// One file through the whole graph, frame by frame:
//   decode (sampled frame -> upright frame: its YUV planes or RGBA bytes, or an RGB tensor) -> detect (every face;
//   the largest few big enough are scored) -> align (each face's rectangle warped to its crop) -> score (ensemble P(fake) and WS-DAN attention,
//   one batch per frame) -> track (faces -> people) ... then aggregate (people -> video verdict),
//   with the input-quality reading beside it (quality.ts: measured on the frames as they pass).
// Frames stream through one at a time, so memory holds one decoded frame whatever the video's
// length, and the page sees each frame's score as soon as it exists. Readbacks: the detector's
// small outputs, the scores (with attention and descriptors, one readback per frame), and small
// images for the page (the frame's thumbnail and one crop per scored face).
import * as tf from '@tensorflow/tfjs-core';
import { APP_CONFIG } from '../config';
import { failedResult, whyOf } from '../failure';
import { words, type Words } from '../i18n/words';
import { DEFAULT_FRAMES } from '../frames';
import type { AnalysisResult, Box, FaceResult, FrameResult, Progress, Stage, StageTimings, VideoInfo } from '../types';
import { aggregate, type AggregateConfig } from './aggregate';
import { alignFrame } from './align';
import { MediaError, openMedia, type CanDecode, type OpenedMedia } from './decode';
import { detectFaces, type Detector } from './detect';
import { frameToBitmap, framePixels, imageOf, tensorToBitmap, type FramePixels } from './frame-tensor';
import { faceSharpness, measureFrame, readQuality, type FaceQuality, type FrameQuality, type QualityConfig } from './quality';
import { sampleTimes } from './sample';
import { scoreCrops, type EnsembleMember } from './score';
import { selectFaces } from './select-face';
import { EMPTY_TRACKER, trackStep, type TrackConfig, type TrackerState } from './track';

/** What the analysis runs with: loaded once per worker, reused for every file. */
export interface AnalysisContext {
  detector: Detector;
  ensemble: EnsembleMember[];
  /** Name of the tfjs backend, reported with the result. */
  backend: string;
}

export interface AnalysisOptions extends AggregateConfig {
  /** Frames to sample evenly over the video. */
  frames: number;
  minFaceScore: number;
  alignSize: number;
  /** Faces scored per frame, largest first. */
  maxFacesPerFrame: number;
  /** Whole-frame face search on every n-th sampled frame; in between, around the last faces. */
  searchEvery: number;
  tracking: TrackConfig;
  /** The input-quality lines, and on which sampled frames blockiness and bars are read. */
  quality: QualityConfig & { measureFrames: number };
  /** Longer side of the per-frame thumbnail sent to the page; 0 = send no images. */
  thumbnailSide: number;
  signal?: AbortSignal;
  /** Stand-in for WebCodecs' own check (tests). */
  canDecode?: CanDecode;
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = {
  frames: DEFAULT_FRAMES,
  minFaceScore: APP_CONFIG.minFaceScore,
  minFacePixels: APP_CONFIG.minFacePixels,
  minFramesWithFace: APP_CONFIG.minFramesWithFace,
  fakeAbove: APP_CONFIG.fakeAbove,
  realBelow: APP_CONFIG.realBelow,
  maxModelSpread: APP_CONFIG.maxModelSpread,
  bootstrap: APP_CONFIG.bootstrap,
  alignSize: APP_CONFIG.alignSize,
  maxFacesPerFrame: APP_CONFIG.maxFacesPerFrame,
  searchEvery: APP_CONFIG.searchEvery,
  tracking: APP_CONFIG.tracking,
  quality: APP_CONFIG.quality,
  thumbnailSide: APP_CONFIG.thumbnailSide,
};

export interface AnalysisEvents {
  onProgress?(progress: Progress): void;
  /** A finished frame; the bitmaps are the receiver's to close (or transfer). `frameScale` is
   *  frameImage pixels per source pixel (draw frame.box * frameScale on it). `crops[i]` is the
   *  aligned crop of frame.faces[i], null for a face that was not scored. */
  onFrame?(frame: FrameResult, frameImage: ImageBitmap | null, frameScale: number, crops: (ImageBitmap | null)[]): void;
  /** Something the reader should know that did not stop the analysis (e.g. skipped frames). */
  onNotice?(said: Words): void;
}

/**
 * Ends the current task, so a cancel (Worker.terminate) takes effect here. Chromium lets a worker's
 * running task finish and forces termination only after 2 s; on the wasm backend every tfjs
 * readback resolves as a microtask, so without this one file's whole analysis can be one task
 * (measured with e2e/cancel.e2e.ts: the worker thread kept computing 1.9 s after cancel). A
 * MessageChannel message is a real task, without setTimeout's 4 ms clamping.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** The result for a file that could not be analysed: `message` is the one sentence to show. */
/** Analyses one file. Bad input resolves with `error` set (one sentence); only an abort rejects. */
export async function runAnalysis(
  file: File,
  context: AnalysisContext,
  options: Partial<AnalysisOptions> = {},
  events: AnalysisEvents = {},
): Promise<AnalysisResult> {
  const opts = { ...DEFAULT_ANALYSIS_OPTIONS, ...options };
  const started = performance.now();
  const timings: StageTimings = { decodeMs: 0, detectMs: 0, inferMs: 0, totalMs: 0, uploadMs: 0, alignMs: 0, qualityMs: 0, framesDecoded: 0 };
  const finish = (partial: Pick<AnalysisResult, 'score' | 'label' | 'reason' | 'error' | 'frames' | 'models' | 'tracks' | 'basis' | 'quality'>, video: VideoInfo | null): AnalysisResult => {
    timings.totalMs = performance.now() - started;
    return { file: file.name, ...partial, backend: context.backend, timings, video };
  };
  const failed = (error: MediaError, video: VideoInfo | null) => {
    timings.totalMs = performance.now() - started;
    return failedResult(file.name, error.words, context.backend, timings, video);
  };

  // 1. Open: container, track, codec (or a one-sentence reason why not).
  let media: OpenedMedia;
  try {
    media = await openMedia(file, opts.canDecode);
  } catch (error) {
    if (error instanceof MediaError) return failed(error, null);
    throw error;
  }
  timings.decodeMs += performance.now() - started;

  try {
    const times = media.still ? [0] : sampleTimes(media.info.durationMs, opts.frames, media.startMs);
    const total = times.length;
    const frames: FrameResult[] = [];
    const tracker = { state: EMPTY_TRACKER };
    // The faces of the last analysed frame (the detector follows them between searches).
    const follow = { boxes: [] as Box[], frames: 0 };
    // Blockiness and bars on measureFrames sampled frames spread evenly (every `every`-th).
    const measured = { frames: [] as FrameQuality[], faces: [] as FaceQuality[], every: Math.max(1, Math.ceil(total / opts.quality.measureFrames)) };
    let skipped = 0;
    // The first skipped moment (seconds) and why, for the notice.
    const firstSkip: { at: number; why: Words | string } = { at: 0, why: '' };
    const onSkip = (timeMs: number, error: unknown) => {
      if (skipped++ === 0) Object.assign(firstSkip, { at: timeMs / 1000, why: error instanceof Error ? whyOf(error) : words('noFrameThere') });
    };
    const progress = (stage: Stage) => {
      const done = frames.length + skipped;
      const elapsed = performance.now() - started;
      const etaMs = done > 0 ? (elapsed / done) * Math.max(0, total - done) : null;
      events.onProgress?.({ stage, done, total, etaMs });
    };
    progress('decode');

    // 2. Decode the sampled frames in one forward pass; each is closed when the loop moves on.
    let waitStart = performance.now();
    for await (const decoded of media.frames(times, opts.signal, onSkip)) {
      const uploadStart = performance.now();
      const pixels = await framePixels(decoded.source, decoded.rotation);
      timings.uploadMs! += performance.now() - uploadStart;
      timings.decodeMs += performance.now() - waitStart;
      timings.framesDecoded = media.decoded();
      try {
        const { frame, crops, frameImage } = await analyseFrame(pixels, decoded.sample, context, opts, timings, progress, tracker, follow, measured);
        frames.push(frame);
        events.onFrame?.(frame, frameImage, frameImage ? frameImage.width / pixels.width : 0, crops);
      } finally {
        pixels.dispose();
      }
      opts.signal?.throwIfAborted();
      progress('decode');
      waitStart = performance.now();
    }
    timings.framesDecoded = media.decoded();
    if (skipped > 0) events.onNotice?.(words('skipped', { skipped, total, ...firstSkip }));

    // 5. Aggregate into the video's verdict.
    const verdict = aggregate(frames, opts, media.still);
    const info = media.info;
    const stream = { width: info.width, height: info.height, durationMs: info.durationMs, bytes: file.size, fps: info.fps ?? null, bitrate: info.bitrate ?? null, still: media.still };
    const quality = readQuality(stream, measured.frames, measured.faces, verdict.tracks, verdict.basis?.track ?? null, opts.quality);
    events.onProgress?.({ stage: 'done', done: total, total, etaMs: 0 });
    return finish({ score: verdict.score, label: verdict.label, reason: verdict.reason, error: null, frames, models: verdict.models, tracks: verdict.tracks, basis: verdict.basis, quality }, info);
  } catch (error) {
    if (error instanceof MediaError) return failed(error, media.info);
    throw error;
  } finally {
    media.close();
  }
}

/** Detect, align, score and track one upright frame; `pixels` stays the caller's; `tracker.state`
 *  moves on by this frame. */
async function analyseFrame(
  pixels: FramePixels,
  sample: { index: number; timeMs: number },
  context: AnalysisContext,
  opts: AnalysisOptions,
  timings: StageTimings,
  progress: (stage: Stage) => void,
  tracker: { state: TrackerState },
  follow: { boxes: Box[]; frames: number },
  measured: { frames: FrameQuality[]; faces: FaceQuality[]; every: number },
): Promise<{ frame: FrameResult; crops: (ImageBitmap | null)[]; frameImage: ImageBitmap | null }> {
  // 3. Detect every face (searching the frame, or following the last frame's faces between
  //    searches); score the largest few that are big enough.
  progress('detect');
  await yieldToEventLoop();
  let t = performance.now();
  const hints = follow.frames % Math.max(1, opts.searchEvery) !== 0 ? follow.boxes : [];
  const detected = await detectFaces(context.detector, pixels, { minScore: opts.minFaceScore, hints });
  follow.boxes = detected.map((f) => f.box);
  follow.frames++;
  const choice = selectFaces(detected, opts.minFacePixels, opts.maxFacesPerFrame);
  timings.detectMs += performance.now() - t;

  const faces: FaceResult[] = choice.faces.map((f) => ({ ...f, pFake: null, models: {}, track: null, attention: null }));
  const crops: (ImageBitmap | null)[] = faces.map(() => null);
  if (choice.scored.length > 0) {
    // 4. Align to the template (GPU warp) and score the frame's faces as one batch.
    progress('score');
    await yieldToEventLoop();
    t = performance.now();
    // From the frame's bytes when it holds them (only the rectangle each crop samples is read).
    const aligned = alignFrame(pixels, choice.scored.map((i) => choice.faces[i]!), opts.alignSize);
    // Exact on wasm (ops run when called); on a GPU backend only the time to queue the warp, whose
    // GPU work is then billed to the models (a readback here to split them would cost a sync).
    timings.alignMs! += performance.now() - t;
    try {
      const scored = await scoreCrops(context.ensemble, aligned, APP_CONFIG.calibration);
      // 5. Track: link these faces to the people of earlier frames.
      const step = trackStep(
        tracker.state,
        sample.index,
        choice.scored.map((i, k) => ({ box: choice.faces[i]!.box, descriptor: scored.descriptors[k]! })),
        opts.tracking,
      );
      tracker.state = step.state;
      choice.scored.forEach((i, k) => {
        faces[i] = { ...faces[i]!, pFake: scored.scores[k]!, models: scored.models[k]!, track: step.ids[k]!, attention: scored.attention[k]! };
      });
      timings.inferMs += performance.now() - t;
      if (opts.thumbnailSide > 0) {
        for (const [k, i] of choice.scored.entries()) {
          const one = tf.tidy(() => tf.squeeze(tf.slice(aligned, [k, 0, 0, 0], [1, -1, -1, -1]), [0])) as tf.Tensor3D;
          try {
            crops[i] = await tensorToBitmap(one, opts.alignSize);
          } finally {
            one.dispose();
          }
        }
      }
    } finally {
      aligned.dispose();
    }
  }
  await measureQuality(pixels, sample.index, faces, measured.every, measured, timings);
  const frameImage = opts.thumbnailSide > 0 ? await frameToBitmap(pixels, opts.thumbnailSide) : null;
  // The frame's summary is its most suspicious scored face (ties: the larger, listed first).
  const top = faces.reduce<FaceResult | null>((best, f) => (f.pFake !== null && (best === null || f.pFake > best.pFake!) ? f : best), null);
  const frame: FrameResult = { ...sample, score: top?.pFake ?? null, box: top?.box ?? null, faces, models: top?.models ?? {} };
  return { frame, crops, frameImage };
}

/** The input-quality samples of one frame: every scored face's width and sharpness, and on every
 *  `every`-th sampled frame its blockiness and bars. Reads the bytes the CPU already holds; a frame
 *  held only as a tensor (rotated, stills) is read back on the measured frames only. */
async function measureQuality(
  pixels: FramePixels,
  index: number,
  faces: readonly FaceResult[],
  every: number,
  measured: { frames: FrameQuality[]; faces: FaceQuality[] },
  timings: StageTimings,
): Promise<void> {
  const t = performance.now();
  const whole = index % Math.max(1, every) === 0;
  const image = pixels.image ?? (whole ? await imageOf(pixels) : null);
  if (image !== null && whole) measured.frames.push(measureFrame(image));
  for (const f of faces) {
    if (f.pFake === null) continue;
    measured.faces.push({ track: f.track, width: f.box.width, sharpness: image === null ? null : faceSharpness(image, f.box) });
  }
  timings.qualityMs! += performance.now() - t;
}
