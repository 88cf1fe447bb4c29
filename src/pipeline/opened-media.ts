// What an opened file is, for every decoder: the browser's (decode.ts) and the software one
// (decode-fallback.ts). Both import it; decode.ts re-exports it, so callers keep one entry point
// and the two decoders import nothing from each other but decode.ts's lazy import of the fallback.
import type { Rotation } from 'mediabunny';
import { WordsError } from '../failure';
import { words, type Words } from '../i18n/words';
import type { FrameSample, VideoInfo } from '../types';

/** What can be wrong with the input file itself: each is one sentence of the catalogs' worker
 *  section (src/i18n/en-worker.ts), shown to the reader in the page's language. */
export type MediaProblem = 'empty' | 'notMedia' | 'truncated' | 'audioOnly' | 'noFrames' | 'badImage' | 'zeroSize';

/** A problem with the input file itself; its words are shown to the reader as they are. */
export class MediaError extends WordsError {
  constructor(said: Words) {
    super(said);
    this.name = 'MediaError';
  }

  /** Whether it is `problem` (the software decoder retries some of them). */
  is(problem: MediaProblem): boolean {
    return this.words.key === problem;
  }
}

/** The MediaError for one of the problems with the file itself. */
export function mediaError(problem: MediaProblem): MediaError {
  return new MediaError(words(problem));
}

/** One decoded, sampled frame. `source` is closed by the iterator that yielded it as soon as the
 *  consumer asks for the next one (or leaves the loop): copy what you need before then. */
export interface DecodedFrame {
  sample: FrameSample;
  source: VideoFrame | ImageBitmap;
  /** Clockwise rotation (degrees) to apply to `source` to show it upright. */
  rotation: Rotation;
}

/** An opened file: what it is, and its frames at the requested times. */
export interface OpenedMedia {
  info: VideoInfo;
  /** True for a still image: one frame, whatever the times asked for. */
  still: boolean;
  /** First presentation time in ms (sampling starts there). */
  startMs: number;
  /** Frames nearest to `timesMs` (ascending), in order. Frames that fail to decode are skipped
   *  and reported through `onSkip`; throws MediaError.noFrames when none decodes at all. */
  frames(timesMs: number[], signal?: AbortSignal, onSkip?: (timeMs: number, error: unknown) => void): AsyncGenerator<DecodedFrame>;
  /** Frames decoded so far, sampled or not (the bench's decoder frames/s). */
  decoded(): number;
  close(): void;
}

/** Decoding every frame is preferred while it costs at most this many pixels (about a minute of
 *  720p at 30 fps) and this many milliseconds of video (per-frame overhead dominates tiny frames);
 *  above either the decoder jumps between key frames. */
export const SEQUENTIAL_MAX_PIXELS = 60 * 30 * 1280 * 720;
export const SEQUENTIAL_MAX_MS = 120_000;

/** Whether to decode every frame from the start (decode.ts videoFrames; decode-fallback.ts plans
 *  its runs by it too). Frame rate is assumed 30 fps: the container's rate may be missing, and this
 *  only chooses between two correct strategies. */
export function preferSequential(info: Pick<VideoInfo, 'durationMs' | 'width' | 'height'>): boolean {
  return info.durationMs <= SEQUENTIAL_MAX_MS && (info.durationMs / 1000) * 30 * info.width * info.height <= SEQUENTIAL_MAX_PIXELS;
}
