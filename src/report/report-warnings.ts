// Why a result may be less stable than usual, as sentences for the report, the page's JSON and
// deepfake-scan's stderr. One mechanism: the input's own quality (quality.ts's issues: heavy
// compression, blur, small faces) comes first and is also the caution the page shows beside the
// verdict (verdictCautions); the run's settings and engine (few frames, a software GPU) follow.
// Pure: thresholds come from APP_CONFIG.
import { APP_CONFIG } from '../config';
import { qualityIssues } from '../pipeline/quality';
import type { AnalysisResult } from '../types';
import { issueSentence } from './quality-words';

/** Renderers that are software rasterisers (Chromium without a GPU falls back to SwiftShader). */
const SOFTWARE_GPU = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render driver/i;

export function isSoftwareGpu(backend: string | null, device: string | null): boolean {
  return (backend === 'webgpu' || backend === 'webgl') && device !== null && SOFTWARE_GPU.test(device);
}

export interface WarningInput {
  frames: number;
  result: AnalysisResult;
  backend: string | null;
  device: string | null;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** What the input's quality means for this verdict, one sentence per issue (none for an error). A
 *  report made before the reading existed is judged on its faces' size alone, as it was then. */
export function verdictCautions(result: AnalysisResult): string[] {
  if (result.error !== null) return [];
  const q = result.quality;
  if (q !== undefined) return q.issues.map((issue) => issueSentence(issue, q, result));
  // The faces that matter are those of the person the verdict comes from (its median width).
  const person = result.tracks.find((t) => t.id === result.basis?.track);
  const widths = person ? [person.faceSize] : result.frames.filter((f) => f.score !== null && f.box !== null).map((f) => f.box!.width);
  if (widths.length === 0) return [];
  const faceSize = median(widths);
  const legacy = { width: 0, height: 0, fps: null, bitrate: null, bitrateFrom: null, bitsPerPixel: null, blockiness: null, sharpness: null, faceSize, people: [], bars: null, framesMeasured: 0 };
  return qualityIssues(legacy, null, APP_CONFIG.quality).map((issue) => issueSentence(issue, { ...legacy, issues: [issue] }, result));
}

export function reportWarnings({ frames, result, backend, device }: WarningInput): string[] {
  const out: string[] = verdictCautions(result);
  // A still image has one frame by nature; the frame count only matters for a video.
  const isVideo = result.video === null || result.video.durationMs > 0;
  if (frames < APP_CONFIG.stableFrames && isVideo && result.error === null) {
    out.push(
      `Only ${frames} frame${frames === 1 ? '' : 's'} sampled: below ${APP_CONFIG.stableFrames} the score depends on which frames happen to be picked (it has moved by up to 13 points against ${APP_CONFIG.frames} frames); use ${APP_CONFIG.frames} (the default) or more.`,
    );
  }
  if (isSoftwareGpu(backend, device)) {
    out.push(
      `The GPU backend runs on a software rasteriser (${device}): scores can differ slightly from a hardware GPU or from WebAssembly, and analysis is slow; use --backend wasm (?backend=wasm) on machines without a GPU.`,
    );
  }
  return out;
}
