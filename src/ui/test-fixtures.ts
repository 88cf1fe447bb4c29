// Small typed values for the UI's unit tests (never imported by the app).
import type { AnalysisResult, FrameResult } from '../types';

export function makeResult(over: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    file: 'clip.mp4',
    score: 0.83,
    label: 'fake',
    reason: 'Most frames look manipulated.',
    error: null,
    frames: [],
    models: {},
    backend: 'wasm',
    timings: { decodeMs: 1, detectMs: 2, inferMs: 3, totalMs: 6 },
    video: null,
    ...over,
  };
}

export function makeFrame(index: number, score: number | null, timeMs = index * 1000): FrameResult {
  return {
    index,
    timeMs,
    score,
    box: score === null ? null : { x: 10, y: 20, width: 100, height: 120 },
    faces: [],
    models: score === null ? {} : { 'wsdan-xception': score },
  };
}
