// The downloadable report: everything a colleague needs to check a verdict (the result, the app
// version and commit, the input's SHA-256, the exact model and face-detector files by SHA-256 with
// their validation metrics, the backend, every setting and threshold the verdict depends on, and
// the warnings). report-html.ts renders the same value for reading and printing.
// Pure. The model hashes are the ones the worker checked the loaded bytes against (ModelInfo),
// never a second download that could describe a different file; the face detector's are read by
// detector-provenance.ts and passed in.
import { APP_CONFIG } from '../config';
import { calibrationFor } from '../pipeline/calibrate';
import type { AnalysisResult } from '../types';
import type { ModelInfo } from '../types';
import type { Provenance } from '../provenance';
import type { DetectorReport, ReportCase, ReportFormat } from './api-types';
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
  /** WebAssembly threads asked for (?threads=); absent or null = the default. */
  threads?: number | null;
  models: ModelInfo[];
  faceDetector: DetectorReport['faceDetector'];
  /** Metadata, credentials and keyframes (null: not read, e.g. the reader was shut down). */
  provenance?: Provenance | null;
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
    settings: reportSettings(input),
    models: input.models.map((m) => ({ ...m })),
    faceDetector: input.faceDetector,
    result: input.result,
    warnings: reportWarnings({ frames: input.frames, result: input.result, backend: input.backend, device: input.device }),
    ...(input.provenance ? { provenance: input.provenance } : {}),
  };
}

/** Every setting and threshold the verdict depends on, read from APP_CONFIG (the one place). */
export function reportSettings(input: Pick<ReportInput, 'frames' | 'requestedBackend' | 'threads' | 'models'>): DetectorReport['settings'] {
  const c = APP_CONFIG;
  return {
    frames: input.frames,
    requestedBackend: input.requestedBackend,
    threads: input.threads ?? null,
    fakeAbove: c.fakeAbove,
    realBelow: c.realBelow,
    minFacePixels: c.minFacePixels,
    minFramesWithFace: c.minFramesWithFace,
    minFaceScore: c.minFaceScore,
    searchEvery: c.searchEvery,
    alignSize: c.alignSize,
    ensemble: c.ensemble.map((m) => ({ name: m.name, weight: m.weight })),
    calibration: {
      platt: { a: c.calibration.platt.a, b: c.calibration.platt.b },
      members: [...c.calibration.members],
      // The worker's own rule (pipeline/calibrate.ts) over the models it loaded.
      applied: calibrationFor(input.models, c.calibration) !== null,
    },
    quality: { ...c.quality },
  };
}

/** "clip.mp4" -> "clip.mp4.report.json" (or .report.html); path separators and odd characters become "_". */
export function reportFileName(file: string, ext: 'json' | 'html' = 'json'): string {
  const base = file.split(/[\\/]/).pop() || 'video';
  return `${base.replace(/[^\w.-]+/g, '_')}.report.${ext}`;
}

/** Page and deepfake-scan on the same file, settings, build, backend and machine: the numbers are
 *  identical, bit for bit (both are the same page; WASM is deterministic; thread count changes
 *  nothing). Measured, and checked by e2e/agreement.e2e.ts; docs/decisions.md, "The report a
 *  colleague can check (issue 10)". */
export const SAME_BACKEND_TOLERANCE = 0;

/** The same, with WebGL (or WebGPU) against WebAssembly: the arithmetic differs in the sixth
 *  decimal (measured 0.0000035 on a video score, WebGL on SwiftShader vs WASM), once every backend
 *  reads the frame's pixels the same way (pipeline/frame-tensor.ts); 1e-4 leaves a margin of 30. */
export const CROSS_BACKEND_TOLERANCE = 1e-4;

/** The case fields as typed: trimmed, empty ones null; null when nothing at all was typed. */
export function reportCase(fields: { sourceUrl: string; analyst: string; notes: string }): ReportCase | null {
  const clean = (s: string) => (s.trim() === '' ? null : s.trim());
  const c: ReportCase = { sourceUrl: clean(fields.sourceUrl), analyst: clean(fields.analyst), notes: clean(fields.notes) };
  return c.sourceUrl === null && c.analyst === null && c.notes === null ? null : c;
}

/** The report with the analyst's case fields, when any was typed (the numbers are unchanged). */
export function withCase(report: DetectorReport, c: ReportCase | null): DetectorReport {
  if (c === null) return report;
  return { ...report, case: c };
}
