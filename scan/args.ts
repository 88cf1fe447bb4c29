// Command-line arguments of `deepfake-scan`: strict, with exact messages (an unknown flag is an
// error, never silently ignored), so a typo in a batch script fails loudly instead of scanning wrongly.
import { EXIT_CODES_TEXT } from './exit-codes';
import { parseShard, SHARD_RULE, shardFromEnv, type Shard } from './shard';

import { BACKEND_RULE, parseBackend, type BackendName } from '../src/backends';
import { MAX_WASM_THREADS } from '../src/models/backend-order';
import { APP_CONFIG } from '../src/config';
import { DEFAULT_FRAMES, FRAMES_RULE, MAX_FRAMES, parseFrames } from '../src/frames';

export type FailOn = 'fake' | 'uncertain';

export interface ScanOptions {
  /** JSONL output file; null = stdout. */
  out: string | null;
  /** Forced backend; null = the page's own choice (WebGPU, then WebGL, then WASM). */
  backend: BackendName | null;
  /** Frames sampled per video; null = the app's default (DEFAULT_FRAMES). */
  frames: number | null;
  /** Upper bound on one file's analysis, in seconds. */
  timeoutPerFileS: number;
  /** Summary JSON file; null = only the summary on stderr. */
  summary: string | null;
  /** Exit with EXIT.failOn when an input gets this label ('uncertain' also matches 'fake'). */
  failOn: FailOn | null;
  /** Try every file in directories, not only those whose first bytes look like video or images. */
  all: boolean;
  /** Walk directories below the ones named. */
  recursive: boolean;
  /** Pages analysing in parallel. */
  jobs: number;
  /** WebAssembly threads per page; null = the cores shared out among the pages (pageThreads). */
  threads: number | null;
  /** The built page to serve; null = the one next to this command. */
  page: string | null;
  /** No per-file progress on stderr (warnings, errors and the summary stay). */
  quiet: boolean;
  /** Keep the lines already in --out for the same inputs, settings and models; analyse the rest. */
  resume: boolean;
  /** This process's part of the inputs (--shard I/N, or --shards N with JOB_COMPLETION_INDEX). */
  shard: Shard | null;
  /** Files, directories and glob patterns, as given. */
  paths: string[];
}

/** `deepfake-scan merge`: shard outputs into one file and one summary. */
export interface MergeOptions {
  out: string | null;
  summary: string | null;
  failOn: FailOn | null;
  /** The shards' --out files (each with its FILE.shard.json beside it). */
  files: string[];
}

export type ParsedArgs =
  | { kind: 'run'; options: ScanOptions }
  | { kind: 'merge'; options: MergeOptions }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

/** Long enough for a 1080p clip on a software GPU; short enough that a stuck file cannot stall a batch. */
export const DEFAULT_TIMEOUT_PER_FILE_S = 300;
/** Each page holds its own copy of the models and a worker; see docs/decisions.md for the measurement. */
export const MAX_JOBS = 8;
/** The most WebAssembly threads a page is asked for (the page's own bound on ?threads=). */
export const MAX_THREADS = MAX_WASM_THREADS;

/**
 * WebAssembly threads per page when --threads is not given: the machine's cores shared out among the
 * `jobs` pages, at least 1. The page's own default is half the cores (tfjs's), which leaves a core
 * idle on a machine that does nothing else. Measured on the idle 2-core machine, the 1080p clip
 * through the page, interleaved: 2 threads analysed it in 6.1-6.4 s, 1 thread in 8.1-8.6 s, with
 * the same score to every digit; on the same machine under load 8-17, 2 threads lost every time
 * (docs/decisions.md, "WebAssembly threads"), hence --threads 1 for a shared machine.
 */
export function pageThreads(cores: number, jobs: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, jobs)));
}

export const USAGE = `Usage: deepfake-scan [options] PATH...

Runs the in-page deepfake detector (the built page, served on 127.0.0.1, in headless Chromium) on
each video or image and writes one JSON line per input to stdout (or --out FILE), in input order.
Logs, progress, warnings and the summary go to stderr, so stdout can be piped straight into jq.
PATH is a file, a directory (walked recursively; only files whose first bytes look like a video or
an image are taken, unless --all) or a quoted glob pattern ('clips/**/*.mp4').

Options:
  --out FILE               write the JSON lines to FILE instead of stdout
  --summary FILE           also write a summary (counts by label, failures, time) as JSON to FILE
  --fail-on LABEL          exit 5 when an input is labelled LABEL: fake, or uncertain (fake or uncertain)
  --frames N               frames to sample per video, 1-${MAX_FRAMES} (default: the app's, ${DEFAULT_FRAMES}; under ${APP_CONFIG.stableFrames} warns)
  --backend NAME           force a backend: webgpu, webgl or wasm (default: the best available)
  --jobs N                 analyse N files at once, one page each, 1-${MAX_JOBS} (default 1)
  --threads N              WebAssembly threads per page, 1-${MAX_THREADS} (default: the cores divided by
                           --jobs, at least 1; on a busy machine 1 can be faster)
  --timeout-per-file S     give up on one file after S seconds (default: ${DEFAULT_TIMEOUT_PER_FILE_S})
  --all                    in directories, try every file, not only videos and images
  --no-recursive           in directories, take only the files directly inside
  --page DIR               serve this built page (default: the one installed with the command)
  -q, --quiet              no per-file progress on stderr (warnings, errors and the summary stay)
  --resume                 with --out: keep the lines already in FILE for the same inputs (path and
                           SHA-256), settings and models, and analyse only the rest (after a stop)
  --shard I/N              analyse only this process's part of the inputs: N parts in all, this is
                           part I (0 to N-1); each input goes to one part by a hash of its path, so
                           N processes on N machines analyse every input once. Needs --out: the
                           finished part writes FILE.shard.json beside it, for merge
  --shards N               --shard with I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)
  -h, --help               show this help
  -V, --version            print the version

Each line is a report (src/report/report.schema.json, the same as the page's "Download report"):
  format, generatedAt       "deepfake-detector-report/3" and when the line was made
  app                       name, version and git commit of the page that ran
  environment               backend (webgpu, webgl, wasm), device, softwareGpu, userAgent
  input                     name, path (as given), bytes, sha256
  settings                  frames, backend and threads asked for, every threshold, ensemble weights, calibration
  models, faceDetector      each model's weight, validation metrics and file SHA-256s; the detector's
  result                    score (P(fake) 0-1 or null), label (fake, real, uncertain or null), reason,
                            error (one sentence or null), frames (per-frame time, score and box of
                            its most suspicious face, every face with its score, person and attention),
                            tracks (per person: frames, score, 95% interval, models, peak frame),
                            basis (the video rule, the person it came from, the interval, whether the
                            models agree), models (per-model score), timings, video (width, height, ...),
                            quality (bits per pixel, blockiness, face size and sharpness, black bars,
                            and the issues that make the verdict less reliable)
  warnings                  why the result may be unstable (a heavily compressed copy, blurred or small
                            faces, few frames, software GPU)

${EXIT_CODES_TEXT}

Usage: deepfake-scan merge [--out FILE] [--summary FILE] [--fail-on LABEL] SHARD_OUT...
  Joins the --out files of every shard of one run (each with its FILE.shard.json) into one file in
  input order, the same lines a single run makes, and one summary. Refuses, writing nothing, when
  a shard is missing or unfinished (exit 3), or when files are given twice, come from different
  runs or hold a line twice (exit 2).

Examples:
  deepfake-scan --summary summary.json clips/ > results.jsonl
  deepfake-scan --fail-on fake --frames 32 'uploads/**/*.mp4' | jq -r 'select(.result.label=="fake") | .input.path'

Environment:
  CHROMIUM_PATH            Chromium executable (default: /usr/bin/chromium, else Playwright's own)`;

type ValueFlag = '--out' | '--backend' | '--frames' | '--timeout-per-file' | '--summary' | '--fail-on' | '--jobs' | '--threads' | '--page' | '--shard' | '--shards';
const VALUE_FLAGS: readonly ValueFlag[] = ['--out', '--backend', '--frames', '--timeout-per-file', '--summary', '--fail-on', '--jobs', '--threads', '--page', '--shard', '--shards'];
type BoolFlag = '--all' | '--no-recursive' | '--quiet' | '--resume';
const BOOL_FLAGS: Readonly<Record<string, BoolFlag>> = { '--all': '--all', '--no-recursive': '--no-recursive', '--quiet': '--quiet', '-q': '--quiet', '--resume': '--resume' };
/** What merge takes: the rest are scan's alone. */
const MERGE_VALUE_FLAGS: readonly ValueFlag[] = ['--out', '--summary', '--fail-on'];
const MERGE_BOOL_FLAGS: readonly BoolFlag[] = [];

function isValueFlag(name: string): name is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(name);
}

function wholeNumber(s: string, min: number, max: number): number | null {
  const n = /^\d+$/.test(s) ? Number(s) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** Parses argv (without node and the script). Never throws; never reads the file system; reads
 *  `env` only for --shards (JOB_COMPLETION_INDEX). */
export function parseScanArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ParsedArgs {
  const merge = argv[0] === 'merge';
  if (merge) argv = argv.slice(1);
  const seen = new Set<string>();
  const values: Partial<Record<ValueFlag, string>> = {};
  const bools = new Set<BoolFlag>();
  const paths: string[] = [];
  let onlyPaths = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '-V' || arg === '--version') return { kind: 'version' };
    const bool = BOOL_FLAGS[arg];
    if (bool !== undefined && merge && !MERGE_BOOL_FLAGS.includes(bool)) return { kind: 'error', message: `option '${arg}' is not one of merge's` };
    if (bool !== undefined) {
      if (bools.has(bool)) return { kind: 'error', message: `option '${bool}' given more than once` };
      bools.add(bool);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!isValueFlag(name)) return { kind: 'error', message: `unknown option '${name}'` };
    if (merge && !MERGE_VALUE_FLAGS.includes(name)) return { kind: 'error', message: `option '${name}' is not one of merge's` };
    if (seen.has(name)) return { kind: 'error', message: `option '${name}' given more than once` };
    seen.add(name);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      // "--out --frames 3" is a missing value, not a file called "--frames".
      if (value === undefined || value.startsWith('--')) return { kind: 'error', message: `option '${name}' needs a value` };
      i++;
    }
    if (value === '') return { kind: 'error', message: `option '${name}' needs a value` };
    values[name] = value;
  }

  let failOn: FailOn | null = null;
  if (values['--fail-on'] !== undefined) {
    const f = values['--fail-on'];
    if (f !== 'fake' && f !== 'uncertain') return { kind: 'error', message: `--fail-on must be fake or uncertain (got '${f}')` };
    failOn = f;
  }

  if (merge) {
    if (paths.length === 0) return { kind: 'error', message: "merge needs the shards' output files" };
    return { kind: 'merge', options: { out: values['--out'] ?? null, summary: values['--summary'] ?? null, failOn, files: paths } };
  }

  let backend: BackendName | null = null;
  if (values['--backend'] !== undefined) {
    const b = values['--backend'];
    backend = parseBackend(b);
    if (backend === null) return { kind: 'error', message: `--backend must be ${BACKEND_RULE} (got '${b}')` };
  }

  let frames: number | null = null;
  if (values['--frames'] !== undefined) {
    const f = values['--frames'];
    frames = parseFrames(f);
    if (frames === null) return { kind: 'error', message: `--frames must be ${FRAMES_RULE} (got '${f}')` };
  }
  let jobs = 1;
  if (values['--jobs'] !== undefined) {
    const j = wholeNumber(values['--jobs'], 1, MAX_JOBS);
    if (j === null) return { kind: 'error', message: `--jobs must be a whole number from 1 to ${MAX_JOBS} (got '${values['--jobs']}')` };
    jobs = j;
  }
  let threads: number | null = null;
  if (values['--threads'] !== undefined) {
    const n = wholeNumber(values['--threads'], 1, MAX_THREADS);
    if (n === null) return { kind: 'error', message: `--threads must be a whole number from 1 to ${MAX_THREADS} (got '${values['--threads']}')` };
    threads = n;
  }

  let shard: Shard | null = null;
  if (values['--shard'] !== undefined && values['--shards'] !== undefined) return { kind: 'error', message: '--shard and --shards cannot both be given' };
  if (values['--shard'] !== undefined) {
    shard = parseShard(values['--shard']);
    if (shard === null) return { kind: 'error', message: `--shard must be ${SHARD_RULE} (got '${values['--shard']}')` };
  }
  if (values['--shards'] !== undefined) {
    const s = shardFromEnv(values['--shards'], env);
    if (typeof s === 'string') return { kind: 'error', message: s };
    shard = s;
  }
  // A shard's manifest lives beside its output file, and resuming reads the file back.
  if (shard !== null && values['--out'] === undefined) return { kind: 'error', message: `${values['--shard'] !== undefined ? '--shard' : '--shards'} needs --out FILE (merge reads FILE and FILE.shard.json)` };
  if (bools.has('--resume') && values['--out'] === undefined) return { kind: 'error', message: '--resume needs --out FILE (the lines to keep are read from it)' };

  let timeoutPerFileS = DEFAULT_TIMEOUT_PER_FILE_S;
  if (values['--timeout-per-file'] !== undefined) {
    const t = values['--timeout-per-file'];
    const s = /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
    if (!Number.isFinite(s) || s <= 0) {
      return { kind: 'error', message: `--timeout-per-file must be a positive number of seconds (got '${t}')` };
    }
    timeoutPerFileS = s;
  }

  if (paths.length === 0) return { kind: 'error', message: 'no input paths given' };

  return {
    kind: 'run',
    options: {
      out: values['--out'] ?? null,
      backend,
      frames,
      timeoutPerFileS,
      summary: values['--summary'] ?? null,
      failOn,
      all: bools.has('--all'),
      recursive: !bools.has('--no-recursive'),
      jobs,
      threads,
      page: values['--page'] ?? null,
      quiet: bools.has('--quiet'),
      resume: bools.has('--resume'),
      shard,
      paths,
    },
  };
}
