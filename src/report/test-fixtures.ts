// Small typed values for the UI's unit tests (never imported by the app).
import type { AnalysisResult, FaceResult, FrameResult, InputQuality } from '../types';

export function makeResult(over: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    file: 'clip.mp4',
    score: 0.83,
    label: 'fake',
    reason: 'Most frames look manipulated.',
    error: null,
    frames: [],
    models: {},
    tracks: [],
    basis: null,
    backend: 'wasm',
    timings: { decodeMs: 1, detectMs: 2, inferMs: 3, totalMs: 6 },
    video: null,
    ...over,
  };
}

/** A frame whose one face (person 1) scored `score`, or a frame without a face. */
export function makeFrame(index: number, score: number | null, timeMs = index * 1000): FrameResult {
  const box = { x: 10, y: 20, width: 100, height: 120 };
  const models: Record<string, number> = score === null ? {} : { 'wsdan-xception': score };
  const landmarks: FaceResult['landmarks'] = [{ x: 30, y: 60 }, { x: 80, y: 60 }, { x: 55, y: 85 }, { x: 55, y: 110 }];
  return {
    index,
    timeMs,
    score,
    box: score === null ? null : box,
    faces: score === null ? [] : [{ box, score: 0.9, landmarks, pFake: score, models, track: 1, attention: { side: 2, values: [1, 0.5, 0.25, 0] } }],
    models,
  };
}

/** A clean input-quality reading (a 1080p original): no issue. */
export const CLEAN: InputQuality = {
  width: 1920,
  height: 1080,
  fps: 29.97,
  bitrate: 2_156_000,
  bitrateFrom: 'stream',
  bitsPerPixel: 0.0347,
  blockiness: 1.2,
  sharpness: 40,
  faceSize: 180,
  people: [{ track: 1, faceSize: 180, sharpness: 40 }],
  bars: null,
  framesMeasured: 8,
  issues: [],
};
