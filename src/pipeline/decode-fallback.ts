// The software decoder, for what the browser's WebCodecs refuses (HEVC, MPEG-4 Part 2, H.263,
// Motion JPEG, MPEG-2, and containers mediabunny cannot read such as AVI): ffmpeg.wasm's core
// (@ffmpeg/core, docs/decisions.md "Software decoder"), run in the analysis worker itself.
//
// decode.ts imports this module only when WebCodecs or mediabunny has refused a file, so neither the
// module nor its 32 MB wasm is fetched for H.264 and the other WebCodecs formats (e2e checks it).
// The wasm is a build asset of the app's own origin (Vite emits it; the service worker precaches
// it), so the CSP (`script-src 'self' 'wasm-unsafe-eval'`) holds and it works offline.
//
// The file is mounted, not copied (WORKERFS reads slices of the File on demand). Each ffmpeg run is
// synchronous and blocks the worker: cancel still works, since it terminates the worker.
/// <reference path="./ffmpeg-core.d.ts" />
import createCore from '@ffmpeg/core';
import wasmUrl from '@ffmpeg/core/wasm?url';
import type { Rotation } from 'mediabunny';
import { WordsError } from '../failure';
import { words, type Words } from '../i18n/words';
import { MediaError, mediaError, preferSequential, type DecodedFrame, type OpenedMedia } from './opened-media';
import { INPUT_DIR, OUTPUT_DIR, frameArgs, framesPerRun, i420Layout, parseProbe, planRuns, probeArgs, type FallbackProbe } from './fallback-plan';

interface Core {
  exec(...args: string[]): number;
  ffprobe(...args: string[]): number;
  setLogger(logger: (entry: { type: string; message: string }) => void): void;
  reset(): void;
  FS: {
    mkdir(path: string): void;
    readdir(path: string): string[];
    readFile(path: string): Uint8Array;
    unlink(path: string): void;
    mount(type: unknown, options: unknown, path: string): void;
    unmount(path: string): void;
    filesystems: { WORKERFS: unknown };
  };
}

let corePromise: Promise<Core> | null = null;

/** One core per worker, started on first use (about 0.3-0.5 s once the wasm is cached). */
function loadCore(): Promise<Core> {
  corePromise ??= (async () => {
    // The core finds its wasm through the hash of mainScriptUrlOrBlob (its own locateFile reads it).
    const hash = btoa(JSON.stringify({ wasmURL: new URL(wasmUrl, self.location.href).href, workerURL: '' }));
    const core = (await createCore({ mainScriptUrlOrBlob: `ffmpeg-core.js#${hash}` })) as Core;
    core.FS.mkdir(INPUT_DIR);
    core.FS.mkdir(OUTPUT_DIR);
    return core;
  })();
  corePromise.catch(() => (corePromise = null));
  return corePromise;
}

/** Runs one ffmpeg or ffprobe command; returns its exit code and what it printed. */
function run(core: Core, tool: 'exec' | 'ffprobe', args: string[]): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  core.setLogger(({ type, message }) => (type === 'stdout' ? out : err).push(message));
  try {
    const code = core[tool](...args);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    core.reset();
    core.setLogger(() => undefined);
  }
}

/**
 * Opens `file` with the software decoder, or throws `refusal` when ffmpeg cannot read it either,
 * `unavailable` (the browser's own refusal) when the decoder cannot start, and a MediaError when
 * the file has no usable video.
 */
export async function openFallback(file: Blob, refusal: MediaError, unavailable: MediaError = refusal): Promise<OpenedMedia> {
  let core: Core;
  try {
    core = await loadCore();
  } catch {
    // The decoder could not start (its wasm missing or refused): the browser's refusal stands.
    throw unavailable;
  }
  const input = typeof File !== 'undefined' && file instanceof File ? file : new File([file], 'input');
  core.FS.mount(core.FS.filesystems.WORKERFS, { blobs: [{ name: 'input', data: input }] }, INPUT_DIR);
  let mounted = true;
  const unmount = () => {
    if (!mounted) return;
    mounted = false;
    clearOutput(core);
    core.FS.unmount(INPUT_DIR);
  };
  try {
    const probe = parseProbe(run(core, 'ffprobe', probeArgs()).stdout);
    if (!probe) throw refusal;
    if (!(probe.info.width > 0 && probe.info.height > 0)) throw mediaError('zeroSize');
    const counter = { decoded: 0 };
    return {
      info: probe.info,
      still: false,
      startMs: probe.startMs,
      frames: (timesMs, signal, onSkip) => fallbackFrames(core, probe, timesMs, counter, signal, onSkip),
      decoded: () => counter.decoded,
      close: unmount,
    };
  } catch (error) {
    unmount();
    throw error;
  }
}

function clearOutput(core: Core): void {
  for (const name of core.FS.readdir(OUTPUT_DIR)) if (name !== '.' && name !== '..') core.FS.unlink(`${OUTPUT_DIR}/${name}`);
}

/** The frames at `timesMs` in ffmpeg runs (fallback-plan.ts), each frame handed on as an I420
 *  VideoFrame (the browser converts it to RGB as it does WebCodecs' frames). */
async function* fallbackFrames(
  core: Core,
  probe: FallbackProbe,
  timesMs: number[],
  counter: { decoded: number },
  signal?: AbortSignal,
  onSkip?: (timeMs: number, error: unknown) => void,
): AsyncGenerator<DecodedFrame> {
  const { codedWidth: w, codedHeight: h } = probe;
  const { size, layout } = i420Layout(w, h);
  // 'bt2020-ncl' is in the WebCodecs spec and Chromium, not yet in TypeScript's lib.
  const colorSpace = {
    matrix: probe.matrix,
    primaries: probe.matrix === 'bt709' ? 'bt709' : probe.matrix === 'bt2020-ncl' ? 'bt2020' : 'smpte170m',
    transfer: 'bt709',
    fullRange: false,
  } as VideoColorSpaceInit;
  const runs = planRuns(timesMs, framesPerRun(w, h), preferSequential(probe.info));
  let index = 0;
  /** Why the last run failed: ffmpeg's own last line (its words, not ours), or its exit code. */
  let lastError: Words | string | null = null;
  for (const r of runs) {
    signal?.throwIfAborted();
    // Let the worker answer messages (progress, cancel) between runs.
    await new Promise((resolve) => setTimeout(resolve, 0));
    clearOutput(core);
    const { code, stderr } = run(core, 'exec', frameArgs(r));
    const names = core.FS.readdir(OUTPUT_DIR).filter((n) => n.endsWith('.yuv')).sort();
    if (code !== 0 && names.length === 0) lastError = stderr.split('\n').filter(Boolean).pop() ?? words('ffmpegExit', { code });
    for (let k = 0; k < r.count; k++) {
      const timeMs = timesMs[r.from + k]!;
      const name = names[k];
      const data = name ? core.FS.readFile(`${OUTPUT_DIR}/${name}`) : null;
      if (name) core.FS.unlink(`${OUTPUT_DIR}/${name}`);
      if (!data || data.byteLength < size) {
        onSkip?.(timeMs, typeof lastError === 'string' ? new Error(lastError) : new WordsError(lastError ?? words('dataEndsBefore')));
        continue;
      }
      counter.decoded++;
      const frame = new VideoFrame(data as Uint8Array<ArrayBuffer>, {
        format: 'I420',
        codedWidth: w,
        codedHeight: h,
        timestamp: Math.round(timeMs * 1000),
        layout,
        colorSpace,
      });
      try {
        yield { sample: { index: index++, timeMs }, source: frame, rotation: probe.info.rotation as Rotation };
      } finally {
        frame.close();
      }
      signal?.throwIfAborted();
    }
  }
  clearOutput(core);
  if (index === 0) throw mediaError('noFrames');
}
