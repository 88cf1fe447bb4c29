// Why a result may be less stable than usual, as sentences for the report, the page's JSON and
// deepfake-scan's stderr (English, from the i18n layer's catalog), and in the readable report's
// language. Pure: thresholds come from APP_CONFIG.
import { APP_CONFIG } from '../config';
import { i18n } from '../i18n/i18n';
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

/** Why a result may be less stable, as catalog keys and their numbers (one per warning). */
export type ReportWarning =
  | { key: 'fewFrames'; count: number; stable: number; standard: number }
  | { key: 'smallFaces'; px: number; min: number }
  | { key: 'softwareGpu'; device: string };

export function warningItems({ frames, result, backend, device }: WarningInput): ReportWarning[] {
  const out: ReportWarning[] = [];
  // A still image has one frame by nature; the frame count only matters for a video.
  const isVideo = result.video === null || result.video.durationMs > 0;
  if (frames < APP_CONFIG.stableFrames && isVideo && result.error === null) {
    out.push({ key: 'fewFrames', count: frames, stable: APP_CONFIG.stableFrames, standard: APP_CONFIG.frames });
  }
  // The faces that matter are those of the person the verdict comes from (its median width).
  const person = result.tracks.find((t) => t.id === result.basis?.track);
  const widths = person ? [person.faceSize] : result.frames.filter((f) => f.score !== null && f.box !== null).map((f) => f.box!.width);
  if (widths.length > 0) {
    const w = median(widths);
    if (w < APP_CONFIG.smallFacePixels) out.push({ key: 'smallFaces', px: Math.round(w), min: APP_CONFIG.smallFacePixels });
  }
  if (isSoftwareGpu(backend, device)) out.push({ key: 'softwareGpu', device: device! });
  return out;
}

/** A warning as a sentence in `lng` (the JSON report and deepfake-scan: English). */
export function warningText(w: ReportWarning, lng: string): string {
  const t = i18n.getFixedT(lng);
  switch (w.key) {
    case 'fewFrames':
      return t('warnings.fewFrames', w);
    case 'smallFaces':
      return t('warnings.smallFaces', w);
    case 'softwareGpu':
      return t('warnings.softwareGpu', w);
  }
}

/** The warnings as the JSON report and deepfake-scan's stderr say them: in English. */
export function reportWarnings(input: WarningInput): string[] {
  return warningItems(input).map((w) => warningText(w, 'en'));
}
