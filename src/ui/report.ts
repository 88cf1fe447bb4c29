// The downloadable report: everything another person needs to reproduce a verdict (the result,
// the app version and commit, the input's SHA-256, the exact model and face-detector files by
// SHA-256 with their validation metrics, the backend, the settings and the warnings).
// Pure. The model hashes are the ones the worker checked the loaded bytes against (ModelInfo),
// never a second download that could describe a different file; the face detector's are read by
// detector-provenance.ts and passed in.
import { APP_CONFIG } from '../config';
import type { AnalysisResult } from '../types';
import type { ModelInfo } from '../worker/protocol';
import type { DetectorReport, ReportFormat } from './api-types';
import { isSoftwareGpu, reportWarnings } from './report-warnings';

/** The value of DetectorReport.format (the type pins it: a mismatch does not compile). */
export const REPORT_FORMAT: ReportFormat = 'deepfake-detector-report/3';

export interface ReportInput {
  result: AnalysisResult;
  app: DetectorReport['app'];
  input: DetectorReport['input'];
  backend: string | null;
  device: string | null;
  frames: number;
  requestedBackend: string | null;
  models: ModelInfo[];
  faceDetector: DetectorReport['faceDetector'];
  userAgent: string | null;
  generatedAt: Date;
}

export function buildReport(input: ReportInput): DetectorReport {
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
    models: input.models.map((m) => ({
      name: m.name,
      architecture: m.architecture,
      inputSize: m.inputSize,
      weight: m.weight,
      metrics: m.metrics,
      config: m.config,
      manifestSha256: m.manifestSha256,
      files: m.files,
      backbone: m.backbone,
    })),
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
