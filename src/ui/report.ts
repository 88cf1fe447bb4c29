// The downloadable report: everything another person needs to reproduce a verdict (the result,
// the app version and commit, the input's SHA-256, the exact model and face-detector files by
// SHA-256 with their validation metrics, the backend, the settings and the warnings).
// Pure: the hashes are fetched by model-manifests.ts and passed in.
import { APP_CONFIG } from '../config';
import type { AnalysisResult } from '../types';
import type { ModelInfo } from '../worker/protocol';
import type { DetectorReport, ReportFormat } from './api-types';
import { isSoftwareGpu, reportWarnings } from './report-warnings';

/** The value of DetectorReport.format (the type pins it: a mismatch does not compile). */
export const REPORT_FORMAT: ReportFormat = 'deepfake-detector-report/2';

/** What the page knows about one model's files, read from its manifest.json. */
export interface ModelProvenance {
  name: string;
  /** SHA-256 (hex) of manifest.json itself: it lists every weight file's own hash. */
  manifestSha256: string | null;
  files: { path: string; sha256: string; bytes: number }[];
  metrics: { auc: number; logloss: number; acc: number; n: number } | null;
  config: string | null;
  /** Why the provenance is missing, when it is. */
  error: string | null;
}

export interface ReportInput {
  result: AnalysisResult;
  app: DetectorReport['app'];
  input: DetectorReport['input'];
  backend: string | null;
  device: string | null;
  frames: number;
  requestedBackend: string | null;
  models: ModelInfo[];
  provenance: ModelProvenance[];
  faceDetector: DetectorReport['faceDetector'];
  userAgent: string | null;
  generatedAt: Date;
}

export function buildReport(input: ReportInput): DetectorReport {
  const byName = new Map(input.provenance.map((p) => [p.name, p]));
  return {
    format: REPORT_FORMAT,
    generatedAt: input.generatedAt.toISOString(),
    app: input.app,
    environment: {
      backend: input.backend,
      device: input.device,
      softwareGpu: isSoftwareGpu(input.backend, input.device),
      userAgent: input.userAgent,
    },
    input: input.input,
    settings: {
      frames: input.frames,
      requestedBackend: input.requestedBackend,
      fakeAbove: APP_CONFIG.fakeAbove,
      realBelow: APP_CONFIG.realBelow,
      minFacePixels: APP_CONFIG.minFacePixels,
      minFramesWithFace: APP_CONFIG.minFramesWithFace,
    },
    models: input.models.map((m) => {
      const p = byName.get(m.name);
      return {
        name: m.name,
        architecture: m.architecture,
        inputSize: m.inputSize,
        weight: m.weight,
        metrics: p?.metrics ?? m.metrics,
        config: p?.config ?? null,
        manifestSha256: p?.manifestSha256 ?? null,
        files: p?.files ?? [],
        provenanceError: p ? p.error : 'manifest not read',
      };
    }),
    faceDetector: input.faceDetector,
    result: input.result,
    warnings: reportWarnings({ frames: input.frames, result: input.result, backend: input.backend, device: input.device }),
  };
}

/** "clip.mp4" -> "clip.mp4.report.json"; path separators and odd characters become "_". */
export function reportFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() || 'video';
  return `${base.replace(/[^\w.-]+/g, '_')}.report.json`;
}

/** SHA-256 digest bytes as lowercase hex. */
export function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}
