// Command-line arguments of `scan`: strict, with exact messages (an unknown flag is an error,
// never silently ignored), so a typo in a batch script fails loudly instead of scanning wrongly.

import { BACKEND_RULE, parseBackend, type BackendName } from '../src/backends';
import { DEFAULT_FRAMES, FRAMES_RULE, MAX_FRAMES, parseFrames } from '../src/frames';

export interface ScanOptions {
  /** JSONL output file; null = stdout. */
  out: string | null;
  /** Forced backend; null = the page's own choice (WebGPU, then WebGL, then WASM). */
  backend: BackendName | null;
  /** Frames sampled per video; null = the app's default (DEFAULT_FRAMES). */
  frames: number | null;
  /** Upper bound on one file's analysis, in seconds. */
  timeoutPerFileS: number;
  /** Files and directories, as given. */
  paths: string[];
}

export type ParsedArgs =
  | { kind: 'run'; options: ScanOptions }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

/** Long enough for a 1080p clip on a software GPU; short enough that a stuck file cannot stall a batch. */
export const DEFAULT_TIMEOUT_PER_FILE_S = 300;

export const USAGE = `Usage: npm run scan -- [options] PATH...

Runs the in-page deepfake detector (headless Chromium, the built app in dist/) on each video file.
Directories are walked recursively; every file in them is tried. One JSON object per input is
written, in input order, to FILE or stdout; progress goes to stderr.

Options:
  --out FILE               write JSON lines to FILE instead of stdout
  --backend NAME           force a backend: webgpu, webgl or wasm (default: the best available)
  --frames N               frames to sample per video, 1-${MAX_FRAMES} (default: the app's, ${DEFAULT_FRAMES})
  --timeout-per-file S     give up on one file after S seconds (default: ${DEFAULT_TIMEOUT_PER_FILE_S})
  -h, --help               show this help

Environment:
  CHROMIUM_PATH            Chromium executable (default: /usr/bin/chromium, else Playwright's own)`;

type ValueFlag = '--out' | '--backend' | '--frames' | '--timeout-per-file';
const VALUE_FLAGS: readonly ValueFlag[] = ['--out', '--backend', '--frames', '--timeout-per-file'];

function isValueFlag(name: string): name is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(name);
}

/** Parses argv (without node and the script). Never throws; never reads the file system. */
export function parseScanArgs(argv: readonly string[]): ParsedArgs {
  const seen = new Set<string>();
  const values: Partial<Record<ValueFlag, string>> = {};
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
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!isValueFlag(name)) return { kind: 'error', message: `unknown option '${name}'` };
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

  return { kind: 'run', options: { out: values['--out'] ?? null, backend, frames, timeoutPerFileS, paths } };
}
