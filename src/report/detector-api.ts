// window.deepfakeDetector: the page's public API (types in api-types.ts). It checks its arguments
// with exact messages, turns a Blob or a same-origin URL into a File, runs analyses one at a time
// and fires 'progress' and 'result' events. The analysis itself is the page's own (host.run, from
// use-analysis.ts), so an API call shows on the page like a dropped file and yields the same report
// as "Download report".
import type { AnalyzeOptions, DeepfakeDetector, DetectorInfo, DetectorProgress, DetectorReport, DetectorStatus } from './api-types';
import { FRAMES_RULE, isFrameCount } from '../frames';
import { errorText } from '../failure';

export interface ApiHost {
  whenReady(): Promise<DetectorInfo>;
  /** One analysis on the page; rejects with an AbortError when cancelled. */
  run(file: File, frames: number, onProgress: (p: Omit<DetectorProgress, 'file'>) => void, signal: AbortSignal, sha256: boolean): Promise<DetectorReport>;
  cancel(): void;
  status(): DetectorStatus;
  /** Frames when the caller gives none (?frames= or the app's default). */
  defaultFrames: number;
  /** The page's own URL: relative URLs resolve against it and only its origin may be fetched. */
  pageUrl: string;
  fetch: typeof fetch;
}

const OPTION_KEYS: readonly string[] = ['frames', 'name', 'sha256', 'signal', 'onProgress'];

/** Checks analyze()'s options; returns the frames to use. Throws a TypeError naming the problem. */
export function checkOptions(
  options: unknown,
  defaultFrames: number,
): { frames: number; name: string | null; sha256: boolean; signal: AbortSignal | null; onProgress: AnalyzeOptions['onProgress'] | null } {
  if (options === undefined || options === null) return { frames: defaultFrames, name: null, sha256: true, signal: null, onProgress: null };
  if (typeof options !== 'object') throw new TypeError('analyze(input, options): options must be an object.');
  const o = options as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length > 0) throw new TypeError(`analyze(): unknown option ${unknown.map((k) => `"${k}"`).join(', ')}; known: ${OPTION_KEYS.join(', ')}.`);
  let frames = defaultFrames;
  if (o.frames !== undefined) {
    if (typeof o.frames !== 'number' || !isFrameCount(o.frames)) {
      throw new TypeError(`analyze(): frames must be ${FRAMES_RULE} (got ${JSON.stringify(o.frames)}).`);
    }
    frames = o.frames;
  }
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name === '')) throw new TypeError('analyze(): name must be a non-empty string.');
  if (o.sha256 !== undefined && typeof o.sha256 !== 'boolean') throw new TypeError('analyze(): sha256 must be true or false.');
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw new TypeError('analyze(): signal must be an AbortSignal.');
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new TypeError('analyze(): onProgress must be a function.');
  return {
    frames,
    name: (o.name as string | undefined) ?? null,
    sha256: (o.sha256 as boolean | undefined) ?? true,
    signal: (o.signal as AbortSignal | undefined) ?? null,
    onProgress: (o.onProgress as AnalyzeOptions['onProgress']) ?? null,
  };
}

/** The URL's last path segment, decoded: what the page calls a fetched file. */
export function nameFromUrl(url: URL): string {
  const last = url.pathname.split('/').filter((s) => s !== '').pop();
  if (last === undefined) return 'download';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** A File for analyze()'s input: Files as they are, Blobs named, same-origin URLs fetched. */
export async function toFile(input: unknown, name: string | null, host: Pick<ApiHost, 'pageUrl' | 'fetch'>, signal: AbortSignal | null): Promise<File> {
  if (input instanceof File) return input;
  if (input instanceof Blob) return new File([input], name ?? 'blob', { type: input.type });
  if (typeof input !== 'string' && !(input instanceof URL)) {
    throw new TypeError('analyze(input): input must be a File, a Blob, or a URL (string or URL) on this page\'s origin.');
  }
  let url: URL;
  try {
    url = new URL(String(input), host.pageUrl);
  } catch {
    throw new TypeError(`analyze(): "${String(input)}" is not a URL.`);
  }
  const origin = new URL(host.pageUrl).origin;
  if (url.origin !== origin) {
    throw new TypeError(
      `analyze(): only URLs on this page's origin (${origin}) can be analysed: its Content-Security-Policy (connect-src 'self') blocks ${url.origin}. Pass a File or Blob instead.`,
    );
  }
  let res: Response;
  try {
    res = await host.fetch(url.href, { cache: 'no-store', signal: signal ?? undefined });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new Error(`analyze(): could not fetch ${url.href}: ${errorText(err)}`);
  }
  if (!res.ok) throw new Error(`analyze(): could not fetch ${url.href}: HTTP ${res.status}.`);
  const blob = await res.blob();
  return new File([blob], name ?? nameFromUrl(url), { type: blob.type });
}

export class DetectorApi extends EventTarget implements DeepfakeDetector {
  readonly apiVersion = 1 as const;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: ApiHost) {
    super();
  }

  ready(): Promise<DetectorInfo> {
    return this.host.whenReady();
  }

  analyze(input: File | Blob | string | URL, options?: AnalyzeOptions): Promise<DetectorReport> {
    let checked: ReturnType<typeof checkOptions>;
    try {
      checked = checkOptions(options, this.host.defaultFrames);
    } catch (err) {
      return Promise.reject(err);
    }
    // One at a time, in call order; a failed call does not stop the next.
    const job = this.chain.then(() => this.run(input, checked));
    this.chain = job.catch(() => undefined);
    return job;
  }

  cancel(): void {
    this.host.cancel();
  }

  status(): DetectorStatus {
    return this.host.status();
  }

  private async run(input: unknown, o: ReturnType<typeof checkOptions>): Promise<DetectorReport> {
    o.signal?.throwIfAborted();
    const file = await toFile(input, o.name, this.host, o.signal);
    await this.host.whenReady();
    o.signal?.throwIfAborted();
    const signal = o.signal ?? new AbortController().signal;
    const report = await this.host.run(
      file,
      o.frames,
      (p) => {
        const detail: DetectorProgress = { file: file.name, ...p };
        o.onProgress?.(detail);
        this.dispatchEvent(new CustomEvent('progress', { detail }));
      },
      signal,
      o.sha256,
    );
    this.dispatchEvent(new CustomEvent('result', { detail: report }));
    return report;
  }
}
