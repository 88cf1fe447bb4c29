// Why a result may be less stable than usual, as sentences for the report, the page's JSON and
// deepfake-scan's stderr. Pure: thresholds come from APP_CONFIG.
import { APP_CONFIG } from '../config';
import type { AnalysisResult } from '../types';

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

export function reportWarnings({ frames, result, backend, device }: WarningInput): string[] {
  const out: string[] = [];
  // A still image has one frame by nature; the frame count only matters for a video.
  const isVideo = result.video === null || result.video.durationMs > 0;
  if (frames < APP_CONFIG.stableFrames && isVideo && result.error === null) {
    out.push(
      `Only ${frames} frame${frames === 1 ? '' : 's'} sampled: below ${APP_CONFIG.stableFrames} the score depends on which frames happen to be picked (it has moved by up to 13 points against ${APP_CONFIG.frames} frames); use ${APP_CONFIG.frames} (the default) or more.`,
    );
  }
  // The faces that matter are those of the person the verdict comes from (its median width).
  const person = result.tracks.find((t) => t.id === result.basis?.track);
  const widths = person ? [person.faceSize] : result.frames.filter((f) => f.score !== null && f.box !== null).map((f) => f.box!.width);
  if (widths.length > 0) {
    const w = median(widths);
    if (w < APP_CONFIG.smallFacePixels) {
      out.push(
        `The faces are small (median ${Math.round(w)} px wide, under ${APP_CONFIG.smallFacePixels} px): the models see upscaled crops; a higher-resolution copy gives a more reliable score.`,
      );
    }
  }
  if (isSoftwareGpu(backend, device)) {
    out.push(
      `The GPU backend runs on a software rasteriser (${device}): scores can differ slightly from a hardware GPU or from WebAssembly, and analysis is slow; use --backend wasm (?backend=wasm) on machines without a GPU.`,
    );
  }
  return out;
}
