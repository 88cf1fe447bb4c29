// The downloadable report: everything another person needs to reproduce a verdict (the result,
// the app version, the exact model files by SHA-256 with their validation metrics, the backend).
// Pure. The hashes are the ones the worker checked the loaded bytes against (ModelInfo), never a
// second download that could describe a different file.
import type { AnalysisResult } from '../types';
import type { ModelInfo } from '../worker/protocol';

export interface ReportInput {
  result: AnalysisResult;
  appVersion: string;
  backend: string | null;
  device: string | null;
  frames: number;
  models: ModelInfo[];
  userAgent: string;
  generatedAt: Date;
}

export const REPORT_FORMAT = 'deepfake-detector-report/1';

export function buildReport(input: ReportInput): Record<string, unknown> {
  return {
    format: REPORT_FORMAT,
    generatedAt: input.generatedAt.toISOString(),
    app: { name: 'deepfake-detector', version: input.appVersion },
    environment: { backend: input.backend, device: input.device, userAgent: input.userAgent },
    settings: { frames: input.frames },
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
    result: input.result,
  };
}

/** "clip.mp4" -> "clip.mp4.report.json"; path separators and odd characters become "_". */
export function reportFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() || 'video';
  return `${base.replace(/[^\w.-]+/g, '_')}.report.json`;
}
