// The bench's JSON report: its shape, the per-stage numbers derived from what the page already
// reports (AnalysisResult.timings), and the sanity check that --short runs in CI. Numbers are
// recorded, never asserted: the machine is shared and busy (docs/decisions.md, "Bench").
import type { AnalysisResult } from '../src/types';

/** The machine's load when a measurement started: the numbers mean little without it. */
export interface LoadSnapshot {
  at: string;
  /** os.loadavg(): 1, 5, 15 minutes. */
  loadavg: [number, number, number];
  /** `top -bn1 | head -15`, or null where top is missing. */
  top: string | null;
}

/** ffmpeg's own decode of the same file: the floor the page's decoder is compared with. */
export interface FfmpegDecode {
  command: string;
  /** The fastest of `runs` (the floor; one run varied 0.83-0.98 s on the 1080p clip at equal load). */
  seconds: number;
  /** Every run's seconds, in order (since 2026-12-02; earlier reports timed one run). */
  runs?: number[];
  frames: number | null;
}

/** One video through the real page, per stage (ms). Per-face values are null when no face was scored. */
export interface VideoRun {
  file: string;
  /** Which decoder the page used (VideoInfo.decoder): WebCodecs, or the software decoder. */
  decoder?: string | null;
  durationS: number;
  width: number;
  height: number;
  sampledFrames: number;
  framesWithFace: number;
  /** Faces scored (every face big enough, up to maxFacesPerFrame per frame): the per-face divisor. */
  facesScored: number;
  /** Opening, decoding and tensor upload of the sampled frames (the page's decodeMs). */
  decodeMs: number;
  decodeMsPerSampledFrame: number;
  /** Frames the decoder produced per second of decoding (excluding the tensor upload). */
  decoderFramesPerS: number | null;
  framesDecoded: number | null;
  /** VideoFrame -> the frame's bytes (YUV planes or RGBA), per sampled frame. */
  uploadMsPerFrame: number | null;
  detectMsPerFrame: number;
  alignMsPerFace: number | null;
  /** The ensemble (and the crop thumbnail's readback) per scored face. */
  modelsMsPerFace: number | null;
  /** Decode, detection and alignment of this video: with the page's readyMs, the "everything
   *  but the classifiers" (bench.ts logs the sum). */
  aroundModelsMs: number;
  totalMs: number;
  /** Wall time the bench waited for the result (includes posting the file). */
  wallMs: number;
  secondsPerVideoSecond: number | null;
  ffmpeg: FfmpegDecode | null;
  /** decodeMs / ffmpeg seconds, both for the same file (the page decodes up to its last sample). */
  decodeVsFfmpeg: number | null;
  /** The decoder alone (decodeMs less the upload: demux and decode to YUV frames, what
   *  `ffmpeg -f null` does) / ffmpeg seconds. The upload is the frame's YUV -> RGBA conversion and
   *  copy into a tensor, which ffmpeg's null output skips. */
  decoderVsFfmpeg: number | null;
  error: string | null;
  load: LoadSnapshot;
}

/** One page configuration (backend, threads) on every video. */
export interface PageRun {
  label: string;
  backend: string;
  /** Requested wasm threads (null = the page's default). */
  threads: number | null;
  /** What the page says it runs on (its "Ready · runs on …" line). */
  device: string;
  /** The commit the served build says it was built from (git describe at build time; "-dirty" when
   *  it had uncommitted changes), which differs from `commit` under BENCH_APP_DIST. */
  appCommit: string | null;
  frames: number;
  /** Page load to "ready" (models loaded, checked and warmed up). */
  readyMs: number;
  /** Page load to ready, plus the first video's analysis (dropped as soon as the page is ready). */
  firstResultMs: number;
  videos: VideoRun[];
}

/** One classifier alone at the pipeline's batch, from the bench page. */
export interface ModelTiming {
  name: string;
  batch: number;
  msPerFace: number;
  /** Multiply-adds x 2 of one face, counted from the kernels tfjs ran. */
  gflopPerFace: number;
  gflopPerS: number;
}

export interface BenchReport {
  schema: 1;
  mode: 'full' | 'short';
  /** The parts that ran (npm run bench -- --only). */
  parts: string[];
  startedAt: string;
  finishedAt: string;
  host: string;
  cpus: number;
  cpuModel: string;
  chromium: string;
  /** The repository's commit (the bench's own code); the served app's is each page run's appCommit. */
  commit: string | null;
  /** The built app served (dist/, or BENCH_APP_DIST when comparing another build). */
  appDist: string;
  notes: string[];
  loadAtStart: LoadSnapshot;
  pages: PageRun[];
  /** Per backend label, from the bench page. */
  models: Record<string, ModelTiming[]>;
  /** Experiments of the bench page (decode strategies, detectors): free-form, each with its load. */
  experiments: Record<string, unknown>;
}

const perOr = (total: number | undefined, n: number): number | null => (total === undefined || n === 0 ? null : total / n);

/** The per-stage numbers of one page result. */
export function videoRun(result: AnalysisResult, wallMs: number, ffmpeg: FfmpegDecode | null, load: LoadSnapshot): VideoRun {
  const t = result.timings;
  const sampled = result.frames.length;
  const withFace = result.frames.filter((f) => f.score !== null).length;
  const faces = result.frames.reduce((n, f) => n + f.faces.filter((x) => x.pFake !== null).length, 0);
  const decoderMs = t.decodeMs - (t.uploadMs ?? 0);
  const durationS = (result.video?.durationMs ?? 0) / 1000;
  return {
    file: result.file,
    decoder: result.video?.decoder ?? null,
    durationS,
    width: result.video?.width ?? 0,
    height: result.video?.height ?? 0,
    sampledFrames: sampled,
    framesWithFace: withFace,
    facesScored: faces,
    decodeMs: t.decodeMs,
    decodeMsPerSampledFrame: sampled > 0 ? t.decodeMs / sampled : t.decodeMs,
    decoderFramesPerS: t.framesDecoded && decoderMs > 0 ? t.framesDecoded / (decoderMs / 1000) : null,
    framesDecoded: t.framesDecoded ?? null,
    uploadMsPerFrame: perOr(t.uploadMs, sampled),
    detectMsPerFrame: sampled > 0 ? t.detectMs / sampled : 0,
    alignMsPerFace: perOr(t.alignMs, faces),
    modelsMsPerFace: faces > 0 ? (t.inferMs - (t.alignMs ?? 0)) / faces : null,
    aroundModelsMs: t.decodeMs + t.detectMs + (t.alignMs ?? 0),
    totalMs: t.totalMs,
    wallMs,
    secondsPerVideoSecond: durationS > 0 ? t.totalMs / 1000 / durationS : null,
    ffmpeg,
    decodeVsFfmpeg: ffmpeg && ffmpeg.seconds > 0 ? t.decodeMs / 1000 / ffmpeg.seconds : null,
    decoderVsFfmpeg: ffmpeg && ffmpeg.seconds > 0 ? decoderMs / 1000 / ffmpeg.seconds : null,
    error: result.error,
    load,
  };
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const finiteOrNull = (v: unknown): boolean => v === null || (finite(v) && v >= 0);

/** What is missing or absurd in a report; [] when it is complete and sane. Times are not judged. */
export function checkReport(r: BenchReport): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(r.schema === 1, 'schema is not 1');
  need(r.cpus > 0, 'cpus is not positive');
  need(!Number.isNaN(Date.parse(r.startedAt)) && !Number.isNaN(Date.parse(r.finishedAt)), 'start or finish time is not a date');
  need(r.loadAtStart.loadavg.length === 3 && r.loadAtStart.loadavg.every(finite), 'load at start is not three numbers');
  need(!r.parts.includes('pages') || r.pages.length > 0, 'no page run');
  need(!r.parts.includes('models') || Object.keys(r.models).length > 0, 'no model timing');
  for (const p of r.pages) {
    const where = `page run "${p.label}"`;
    need(p.device.length > 0, `${where}: the page did not say what it runs on`);
    need(finite(p.readyMs) && p.readyMs > 0, `${where}: readyMs is not a positive number`);
    need(finite(p.firstResultMs) && p.firstResultMs >= p.readyMs, `${where}: firstResultMs is not after readyMs`);
    need(p.videos.length > 0, `${where}: no video`);
    for (const v of p.videos) {
      const at = `${where}, ${v.file}`;
      need(v.error === null, `${at}: the page reported an error: ${v.error}`);
      need(v.sampledFrames > 0, `${at}: no frame was sampled`);
      need(v.durationS > 0, `${at}: no duration`);
      for (const k of ['decodeMs', 'decodeMsPerSampledFrame', 'detectMsPerFrame', 'aroundModelsMs', 'totalMs', 'wallMs'] as const) {
        need(finite(v[k]) && v[k] >= 0, `${at}: ${k} is not a number >= 0`);
      }
      for (const k of ['decoderFramesPerS', 'uploadMsPerFrame', 'alignMsPerFace', 'modelsMsPerFace', 'secondsPerVideoSecond', 'decodeVsFfmpeg', 'decoderVsFfmpeg'] as const) {
        need(finiteOrNull(v[k]), `${at}: ${k} is neither null nor a number >= 0`);
      }
      need(v.decodeMs + v.detectMsPerFrame * v.sampledFrames <= v.totalMs + 1, `${at}: the stages add up to more than the total`);
      need(v.framesWithFace === 0 || v.modelsMsPerFace !== null, `${at}: faces were scored but no model time was recorded`);
      need(v.load.loadavg.every(finite), `${at}: no load recorded`);
    }
  }
  for (const [label, models] of Object.entries(r.models)) {
    need(models.length > 0, `models on ${label}: none timed`);
    for (const m of models) {
      need(m.batch >= 1 && finite(m.msPerFace) && m.msPerFace > 0, `models on ${label}: ${m.name} has no time per face`);
      need(finite(m.gflopPerFace) && m.gflopPerFace > 0 && finite(m.gflopPerS) && m.gflopPerS > 0, `models on ${label}: ${m.name} has no GFLOP count`);
    }
  }
  return problems;
}
