// Why a result may be less stable than usual, as sentences for the report, the page's JSON and
// deepfake-scan's stderr (English, from the i18n layer's catalog), and in the readable report's and
// the page's language. One mechanism: the input's own quality (quality.ts's issues: heavy
// compression, blur, small faces) comes first and is also the caution the page shows beside the
// verdict (verdictCautions); the run's settings and engine (few frames, a software GPU) follow.
// Pure: thresholds come from APP_CONFIG.
import { APP_CONFIG } from '../config';
import { i18n, language } from '../i18n/i18n';
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

/** What the input's quality means for this verdict, one sentence per issue (none for an error), in
 *  `lng`. A report made before the reading existed is judged on its faces' size alone, as it was then. */
export function verdictCautions(result: AnalysisResult, lng: string = language()): string[] {
  if (result.error !== null) return [];
  const q = result.quality;
  if (q !== undefined) return q.issues.map((issue) => issueSentence(issue, q, result, lng));
  // The faces that matter are those of the person the verdict comes from (its median width).
  const person = result.tracks.find((t) => t.id === result.basis?.track);
  const widths = person ? [person.faceSize] : result.frames.filter((f) => f.score !== null && f.box !== null).map((f) => f.box!.width);
  if (widths.length === 0) return [];
  const faceSize = median(widths);
  const legacy = { width: 0, height: 0, fps: null, bitrate: null, bitrateFrom: null, bitsPerPixel: null, blockiness: null, sharpness: null, faceSize, people: [], bars: null, framesMeasured: 0 };
  return qualityIssues(legacy, null, APP_CONFIG.quality).map((issue) => issueSentence(issue, { ...legacy, issues: [issue] }, result, lng));
}

/** The run's own warnings (not the input's), as catalog keys and their numbers. */
export type ReportWarning = { key: 'fewFrames'; count: number; stable: number; standard: number } | { key: 'softwareGpu'; device: string };

export function warningItems({ frames, result, backend, device }: WarningInput): ReportWarning[] {
  const out: ReportWarning[] = [];
  // A still image has one frame by nature; the frame count only matters for a video.
  const isVideo = result.video === null || result.video.durationMs > 0;
  if (frames < APP_CONFIG.stableFrames && isVideo && result.error === null) {
    out.push({ key: 'fewFrames', count: frames, stable: APP_CONFIG.stableFrames, standard: APP_CONFIG.frames });
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
    case 'softwareGpu':
      return t('warnings.softwareGpu', w);
  }
}

/** The warnings as the JSON report and deepfake-scan's stderr say them: in English. */
export function reportWarnings(input: WarningInput): string[] {
  return [...verdictCautions(input.result, 'en'), ...warningItems(input).map((w) => warningText(w, 'en'))];
}
