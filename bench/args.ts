// Command-line arguments of `npm run bench`: strict (an unknown flag is an error), exact messages.

export interface BenchOptions {
  /** CI mode: one clip, few frames, wasm only; records numbers, asserts only that the JSON is sane. */
  short: boolean;
  /** JSON output path; null = bench/results/<date>-<host>.json. */
  out: string | null;
  /** Folder of videos (default ../shared/data/videos relative to the repository). */
  videos: string | null;
  /** Frames sampled per video on wasm (default: the app's, 32; short: 4). */
  frames: number | null;
  /** Frames sampled on WebGPU, which here is SwiftShader software and slow. */
  webgpuFrames: number;
  /** Skip the WebGPU runs. */
  noWebgpu: boolean;
  /** Parts to run (default all): pages (the real app), models, decode, detect. */
  only: BenchPart[];
  /** Training crops (../shared/data/dfdc-faces/faces_224) each detector runs on in the detect part. */
  crops: number;
}

export const BENCH_PARTS = ['pages', 'models', 'decode', 'detect'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export type ParsedBenchArgs = { kind: 'run'; options: BenchOptions } | { kind: 'help' } | { kind: 'error'; message: string };

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Runs the built app (dist/) and the bench page (dist-bench/) in headless Chromium on the videos and
writes one JSON report with every stage's time, the machine's load beside each measurement, and
ffmpeg's decode time of the same files.

Options:
  --short             CI mode: one small clip, 4 frames, wasm only (numbers recorded, not asserted)
  --out FILE          write the JSON report to FILE (default: bench/results/<date>-<host>.json)
  --videos DIR        folder of videos (default: ../shared/data/videos)
  --frames N          frames sampled per video on wasm, 1-1000 (default: 32)
  --webgpu-frames N   frames sampled per video on WebGPU, 1-1000 (default: 4)
  --no-webgpu         skip the WebGPU runs
  --only PARTS        comma-separated parts to run (default all): ${BENCH_PARTS.join(', ')}
  --crops N           training crops each face detector runs on in the detect part, 1-1000 (default: 64)
  -h, --help          show this help`;

const VALUE_FLAGS = ['--out', '--videos', '--frames', '--webgpu-frames', '--only', '--crops'] as const;
const BOOL_FLAGS = ['--short', '--no-webgpu'] as const;

function count(flag: string, v: string): number | string {
  const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : `${flag} must be a whole number from 1 to 1000 (got "${v}").`;
}

export function parseBenchArgs(argv: readonly string[]): ParsedBenchArgs {
  const o: BenchOptions = { short: false, out: null, videos: null, frames: null, webgpuFrames: 4, noWebgpu: false, only: [...BENCH_PARTS], crops: 64 };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') return { kind: 'help' };
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (seen.has(name)) return { kind: 'error', message: `${name} was given twice.` };
    seen.add(name);
    if ((BOOL_FLAGS as readonly string[]).includes(name)) {
      if (inline !== undefined) return { kind: 'error', message: `${name} takes no value.` };
      if (name === '--short') o.short = true;
      else o.noWebgpu = true;
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) return { kind: 'error', message: `Unknown argument "${a}".` };
    const v = inline ?? argv[++i];
    if (v === undefined || v === '') return { kind: 'error', message: `${name} needs a value.` };
    if (name === '--out') o.out = v;
    else if (name === '--videos') o.videos = v;
    else if (name === '--only') {
      const parts = v.split(',');
      const bad = parts.find((p) => !(BENCH_PARTS as readonly string[]).includes(p));
      if (bad !== undefined) return { kind: 'error', message: `--only: unknown part "${bad}" (parts: ${BENCH_PARTS.join(', ')}).` };
      o.only = parts as BenchPart[];
    }
    else {
      const n = count(name, v);
      if (typeof n === 'string') return { kind: 'error', message: n };
      if (name === '--frames') o.frames = n;
      else if (name === '--crops') o.crops = n;
      else o.webgpuFrames = n;
    }
  }
  return { kind: 'run', options: o };
}
