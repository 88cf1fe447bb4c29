// Read and decode: a dropped File becomes a few sampled frames. Videos are demuxed by mediabunny
// straight from the File (BlobSource reads slices on demand, so a multi-GB file is never held in
// memory) and decoded by the browser's WebCodecs VideoDecoder; JPEG/PNG/WebP stills become one frame
// through createImageBitmap (which applies their EXIF orientation).
//
// Every way a file can be unusable ends here in a MediaError whose message is one sentence for the
// reader: what is wrong and what to try. Frames that fail to decode in the middle of a damaged file
// are skipped and decoding resumes at the next sampled moment.
import {
  ALL_FORMATS,
  BlobSource,
  EncodedPacketSink,
  Input,
  UnsupportedInputFormatError,
  VideoSampleSink,
  type EncodedPacket,
  type InputVideoTrack,
  type PacketRetrievalOptions,
  type VideoSample,
} from 'mediabunny';
import { isAbort, WordsError } from '../failure';
import { words, type Words } from '../i18n/words';
import type { VideoInfo } from '../types';
import { MediaError, mediaError, preferSequential, type DecodedFrame, type OpenedMedia } from './opened-media';
import { avcLengthSize, isDisposableAvc } from './skip-frames';

// The shared vocabulary of both decoders (opened-media.ts), for callers that import decode.ts.
export { MediaError, mediaError, preferSequential, SEQUENTIAL_MAX_MS, SEQUENTIAL_MAX_PIXELS, type DecodedFrame, type OpenedMedia } from './opened-media';

/** The codecs mediabunny identifies (its VideoCodec values), by the names people know: a name the
 *  same in every language, or the words for what the codec is used for (the catalogs' worker.codec). */
export const CODEC_NAMES: Readonly<Record<string, string | Words>> = {
  avc: 'H.264 (AVC)',
  hevc: 'HEVC (H.265)',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
  prores: 'Apple ProRes',
  // mediabunny's internal ids (sample entries) for codecs it reads but does not name, and ffmpeg's
  // names for them: the words a journalist knows, never a four-letter code.
  mp4v: words('codec.mpeg4'),
  mpeg4: words('codec.mpeg4'),
  s263: words('codec.h263'),
  h263: words('codec.h263'),
  mjpeg: words('codec.mjpeg'),
  jpeg: words('codec.mjpeg'),
  mjpa: words('codec.mjpeg'),
  mpeg2video: words('codec.mpeg2'),
  mp2v: words('codec.mpeg2'),
};

/** What the report names as the decoder (VideoInfo.decoder): the browser's own for everything the
 *  WebCodecs path opens; fallback-plan.ts's FALLBACK_DECODER for the software one. */
export const WEBCODECS_DECODER = 'WebCodecs (browser)';
export const IMAGE_DECODER = 'browser image decoder';

/** The one sentence for a video whose codec the browser's decoder refuses, naming the codec. */
export function codecRefusal(codec: string | null): Words {
  return codec ? words('codecRefused', { codec: CODEC_NAMES[codec] ?? codec }) : words('codecRefusedUnknown');
}

/** The sentence for a file that neither the browser nor the software decoder could decode. */
export function undecodable(codec: string | null): Words {
  return codec ? words('undecodable', { codec: CODEC_NAMES[codec] ?? codec }) : words('undecodableUnknown');
}

/** Bytes openMedia reads first: one MPEG-TS packet and the next one's sync byte. */
export const SNIFF_BYTES = 189;

/** Containers mediabunny does not read (or, for MPEG-TS, reads without the codecs it does not
 *  know: an MPEG-2 TV recording has no track for it) but the software decoder does. */
export function sniffFallbackContainer(head: Uint8Array): 'avi' | 'mpeg-ps' | 'flv' | 'mpeg-ts' | null {
  const ascii = (at: number, text: string) => [...text].every((c, i) => head[at + i] === c.charCodeAt(0));
  if (ascii(0, 'RIFF') && ascii(8, 'AVI ')) return 'avi';
  if (head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0xba) return 'mpeg-ps';
  if (ascii(0, 'FLV')) return 'flv';
  if (head.length >= SNIFF_BYTES && head[0] === 0x47 && head[188] === 0x47) return 'mpeg-ts';
  return null;
}

export type ImageKind = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp';

/** Still-image formats recognised by their first bytes (never by the file name, which lies). */
export function sniffImage(head: Uint8Array): ImageKind | null {
  const at = (offset: number, bytes: number[]) => bytes.every((b, i) => head[offset + i] === b);
  if (at(0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'webp';
  if (at(0, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (at(0, [0x42, 0x4d])) return 'bmp';
  return null;
}


/** Whether the browser can decode a track; injectable so Node tests can stand in for WebCodecs. */
export type CanDecode = (track: InputVideoTrack) => Promise<boolean>;

/** Opens a file for analysis or throws a MediaError that says why it cannot be analysed. */
export async function openMedia(file: Blob, canDecode: CanDecode = (t) => t.canDecode()): Promise<OpenedMedia> {
  if (file.size === 0) throw mediaError('empty');
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const image = sniffImage(head);
  if (image) return openImage(file, image);
  try {
    return await openVideo(file, canDecode);
  } catch (error) {
    const refusal = fallbackReason(error, head);
    if (!refusal) throw error;
    // Loaded only now: the H.264 path never fetches the software decoder (e2e/fallback-decode).
    // Where it cannot load (a host without its files), the browser's refusal stands.
    const loaded = await import('./decode-fallback').catch(() => null);
    if (!loaded) throw error;
    return loaded.openFallback(file, refusal, error as MediaError);
  }
}

/** Codec refusals carry the codec; openVideo throws this subclass for them. */
export class CodecRefused extends MediaError {
  constructor(readonly codec: string | null) {
    super(codecRefusal(codec));
  }
}

/** Whether the software decoder should try a file WebCodecs' path refused, and the sentence to show
 *  if it cannot either; null to keep the first refusal (damaged, empty, audio only, not media). */
export function fallbackReason(error: unknown, head: Uint8Array): MediaError | null {
  if (error instanceof CodecRefused) return new MediaError(undecodable(error.codec));
  const container = sniffFallbackContainer(head);
  if (error instanceof MediaError && error.is('notMedia') && container) return error;
  if (error instanceof MediaError && error.is('truncated') && container === 'mpeg-ts') return error;
  return null;
}

async function openImage(file: Blob, kind: ImageKind): Promise<OpenedMedia> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw mediaError('badImage');
  }
  if (bitmap.width === 0 || bitmap.height === 0) {
    bitmap.close();
    throw mediaError('badImage');
  }
  const info: VideoInfo = { width: bitmap.width, height: bitmap.height, durationMs: 0, codec: kind, container: 'image', rotation: 0, decoder: IMAGE_DECODER };
  let pending: ImageBitmap | null = bitmap;
  return {
    info,
    still: true,
    startMs: 0,
    async *frames() {
      if (!pending) return;
      const source = pending;
      pending = null;
      try {
        yield { sample: { index: 0, timeMs: 0 }, source, rotation: 0 };
      } finally {
        source.close();
      }
    },
    decoded: () => 1,
    close() {
      pending?.close();
      pending = null;
    },
  };
}

/** What a video file's container says, before any frame is decoded. */
export interface ProbedVideo {
  input: Input;
  track: InputVideoTrack;
  info: VideoInfo;
  startMs: number;
}

/** Container-level checks (format, tracks, codec, size, duration). Runs in Node as in the browser. */
export async function probeVideo(file: Blob, canDecode: CanDecode): Promise<ProbedVideo> {
  if (file.size === 0) throw mediaError('empty');
  const input = new Input({ formats: ALL_FORMATS, source: new BlobSource(file) });
  try {
    const format = await input.getFormat().catch((error: unknown) => {
      throw error instanceof UnsupportedInputFormatError ? mediaError('notMedia') : error;
    });
    const tracks = await input.getTracks();
    const track = await input.getPrimaryVideoTrack();
    if (!track) {
      // A container with no track at all lost its index (an MP4 cut off before its moov box).
      throw mediaError(tracks.length > 0 ? 'audioOnly' : 'truncated');
    }
    const codec = await track.getCodec();
    // A codec mediabunny cannot name (MPEG-2 in an MPEG-TS) is one WebCodecs cannot be asked about.
    if (codec === null || !(await canDecode(track))) {
      const internal = await track.getInternalCodecId().catch(() => null);
      throw new CodecRefused(codec ?? (typeof internal === 'string' ? internal : null));
    }
    const [width, height, rotation, firstSec] = await Promise.all([
      track.getDisplayWidth(),
      track.getDisplayHeight(),
      track.getRotation(),
      track.getFirstTimestamp(),
    ]);
    if (!(width > 0 && height > 0)) throw mediaError('zeroSize');
    // Metadata first: computing the duration can mean scanning a whole file without an index.
    const endSec = (await input.getDurationFromMetadata([track]).catch(() => null)) ?? (await track.computeDuration());
    const startMs = Math.max(0, firstSec * 1000);
    const stream = await streamRates(track);
    const info: VideoInfo = {
      width,
      height,
      durationMs: Math.max(0, endSec * 1000 - startMs),
      codec: codec ?? 'unknown',
      container: format.name,
      rotation,
      decoder: WEBCODECS_DECODER,
      ...stream,
    };
    return { input, track, info, startMs };
  } catch (error) {
    input.dispose();
    if (error instanceof MediaError) throw error;
    // The container was recognised but its structure could not be read: damaged or cut off.
    throw mediaError('truncated');
  }
}

/** Packets read for the stream's frame rate and bitrate (the input-quality reading): an MP4's index
 *  gives them without reading the media, a Matroska file without cues is read this far; 900 is 30 s
 *  at 30 fps, long enough that the first key frame's extra size weighs little. */
export const RATE_PACKETS = 900;

/** The video stream's frames per second and bits per second, from its packets; {} when they cannot
 *  be read (the reading then falls back to the file's size). */
async function streamRates(track: InputVideoTrack): Promise<{ fps?: number; bitrate?: number }> {
  const stats = await track.computePacketStats(RATE_PACKETS).catch(() => null);
  if (stats === null || stats.packetCount < 2) return {};
  const ok = (v: number) => Number.isFinite(v) && v > 0;
  return { ...(ok(stats.averagePacketRate) ? { fps: stats.averagePacketRate } : {}), ...(ok(stats.averageBitrate) ? { bitrate: stats.averageBitrate } : {}) };
}

async function openVideo(file: Blob, canDecode: CanDecode): Promise<OpenedMedia> {
  const probed = await probeVideo(file, canDecode);
  const counter = { decoded: 0 };
  return {
    info: probed.info,
    still: false,
    startMs: probed.startMs,
    frames: (timesMs, signal, onSkip) => videoFrames(probed, timesMs, signal, onSkip, counter),
    decoded: () => counter.decoded,
    close: () => probed.input.dispose(),
  };
}

/** Longest wait for one sampled frame before it counts as undecodable (a stuck decoder must not
 *  hang the analysis; a 4K key-frame run on a slow machine takes a few seconds). */
export const FRAME_TIMEOUT_MS = 30_000;


/** A sequential pass over a long video (the fallback) stops after this long; the moments it did
 *  not reach are reported as skipped. Keeps a 30-minute video's worst case bounded. */
export const SEQUENTIAL_BUDGET_MS = 180_000;

/** A wanted moment this far past the last decoded frame's end means the media data stops early
 *  (truncated file). Larger than any real frame gap except slide shows; covers containers that
 *  give frames no duration (0). */
export const END_GAP_MS = 500;

type Skip = (timeMs: number, error: unknown) => void;

/**
 * The frames at the requested times, decoded in forward passes only (never a seek per frame):
 *  - short videos (preferSequential): one pass from the start, keeping the frame shown at each
 *    wanted time. Cheap at these lengths, and it never restarts the decoder. H.264 pictures that
 *    nothing refers to are not decoded unless one is the frame shown at a wanted time
 *    (decodedPackets; about half the frames of an x264 file with B-frames); the same in the jumps;
 *  - long videos: mediabunny's samplesAtTimestamps, which walks the file once, jumping to the key
 *    frame before each wanted time and decoding each packet at most once, so the cost is bounded by
 *    (sampled frames x key-frame interval) whatever the length.
 * Measured in Chromium 14x: a fresh VideoDecoder cannot start at the second IDR frame of the
 * FaceForensics++ clips (x264 High 4:4:4), though it decodes through it from the first; so when a
 * jump fails, the remaining moments get one sequential pass from the start. After a decode error
 * (damaged bytes) the failed moment is skipped (onSkip) and decoding resumes with a fresh decoder
 * at the key frame before the next moment. No decodable frame at all is a MediaError.
 */
async function* videoFrames(
  video: ProbedVideo,
  timesMs: number[],
  signal?: AbortSignal,
  onSkip?: Skip,
  counter: { decoded: number } = { decoded: 0 },
): AsyncGenerator<DecodedFrame> {
  const state: PassState = { next: 0, index: 0, lastTimestamp: Number.NaN, counter };
  const long = !preferSequential(video.info);
  let sequentialDone = false;
  // Each round either finishes or consumes at least one moment, so this ends.
  while (state.next < timesMs.length) {
    let error: unknown = undefined;
    if (!long && !sequentialDone) {
      sequentialDone = true;
      error = yield* sequentialPass(video, timesMs, state, Number.POSITIVE_INFINITY, signal, onSkip);
    } else {
      error = yield* jumpPass(video, timesMs, state, signal);
      if (error !== undefined && !sequentialDone) {
        sequentialDone = true;
        error = yield* sequentialPass(video, timesMs, state, SEQUENTIAL_BUDGET_MS, signal, onSkip);
      }
    }
    if (error === undefined) break;
    if (state.next < timesMs.length) onSkip?.(timesMs[state.next]!, error);
    state.next++;
  }
  if (state.index === 0) throw mediaError('noFrames');
}

interface PassState {
  /** Index into timesMs of the next moment to fetch. */
  next: number;
  /** Index of the next frame we yield. */
  index: number;
  /** Timestamp (s) of the last frame yielded: short videos repeat frames for nearby times. */
  lastTimestamp: number;
  /** Every frame the decoder handed us, sampled or not. */
  counter: { decoded: number };
}

/** Yields one sample as a VideoFrame (closed when the consumer moves on); the sample is closed. */
async function* emit(sample: VideoSample, state: PassState): AsyncGenerator<DecodedFrame> {
  if (sample.timestamp === state.lastTimestamp) return;
  state.lastTimestamp = sample.timestamp;
  const rotation = sample.rotation;
  const timeMs = sample.timestamp * 1000;
  const frame = sample.toVideoFrame();
  try {
    yield { sample: { index: state.index++, timeMs }, source: frame, rotation };
  } finally {
    frame.close();
  }
}

/** Key-frame jumps over the moments from state.next on; returns the error that stopped it (the
 *  failed moment is state.next), or undefined when every moment was fetched. */
async function* jumpPass(video: ProbedVideo, timesMs: number[], state: PassState, signal?: AbortSignal): AsyncGenerator<DecodedFrame, unknown> {
  const wanted = timesMs.slice(state.next);
  const iterator = new PacketFilterSink(video.track, await decodedPackets(video.track, wanted)).samplesAtTimestamps(wanted.map((t) => t / 1000));
  try {
    while (state.next < timesMs.length) {
      signal?.throwIfAborted();
      const step = await withTimeout(iterator.next(), FRAME_TIMEOUT_MS);
      if (step.done) return undefined;
      const sample = step.value;
      if (!sample) return new WordsError(words('noFrameThere'));
      state.counter.decoded++;
      try {
        yield* emit(sample, state);
      } finally {
        sample.close();
      }
      state.next++;
    }
    return undefined;
  } catch (error) {
    if (signal?.aborted || isAbort(error)) throw error;
    return error ?? new WordsError(words('decodeFailed'));
  } finally {
    // Closes the decoder and any frames it decoded ahead; a stuck return() must not block us.
    void iterator.return(undefined).catch(() => undefined);
  }
}

/** Every frame from the start, keeping the one on screen at each remaining wanted time; returns
 *  the error that stopped it (at moment state.next), or undefined. */
async function* sequentialPass(
  video: ProbedVideo,
  timesMs: number[],
  state: PassState,
  budgetMs: number,
  signal?: AbortSignal,
  onSkip?: Skip,
): AsyncGenerator<DecodedFrame, unknown> {
  const started = performance.now();
  const iterator = new PacketFilterSink(video.track, await decodedPackets(video.track, timesMs.slice(state.next))).samples();
  let held: VideoSample | null = null; // the latest frame at or before the next wanted time
  try {
    while (state.next < timesMs.length) {
      signal?.throwIfAborted();
      if (performance.now() - started > budgetMs) throw new WordsError(words('decodeSlow', { seconds: budgetMs / 1000 }));
      const step = await withTimeout(iterator.next(), FRAME_TIMEOUT_MS);
      if (step.done) break;
      const sample = step.value;
      state.counter.decoded++;
      // Emit the held frame for every wanted time this new frame has passed.
      while (state.next < timesMs.length && sample.timestamp * 1000 > timesMs[state.next]!) {
        if (held) yield* emit(held, state);
        else onSkip?.(timesMs[state.next]!, null); // wanted time before the first frame
        state.next++;
      }
      held?.close();
      held = sample;
    }
    // The last frame stays on screen until the end, unless the frames stop well before the
    // duration the container claims: a file cut off mid-download keeps its index (moov first) but
    // loses the media; those moments are reported as skipped rather than silently dropped.
    while (held && state.next < timesMs.length) {
      const shownUntilMs = (held.timestamp + (held.duration || 0)) * 1000;
      if (timesMs[state.next]! > shownUntilMs + END_GAP_MS) {
        onSkip?.(timesMs[state.next]!, new WordsError(words('dataEndsAt', { seconds: shownUntilMs / 1000 })));
      } else {
        yield* emit(held, state);
      }
      state.next++;
    }
    return undefined;
  } catch (error) {
    if (signal?.aborted || isAbort(error)) throw error;
    return error ?? new WordsError(words('decodeFailed'));
  } finally {
    held?.close();
    void iterator.return(undefined).catch(() => undefined);
  }
}

/**
 * Which packets a pass decodes: all of them, except H.264 pictures nothing refers to (skip-frames.ts)
 * that are not on screen at one of `timesMs`. The frame on screen at a time is the one mediabunny's
 * getPacket names (the last in presentation order starting at or before it: the frame the
 * sequential pass keeps, and the target of a key-frame jump), found in the container's index
 * without reading frame data. Every packet is kept when the stream is not length-prefixed H.264, or
 * when the index cannot be read.
 */
async function decodedPackets(track: InputVideoTrack, timesMs: readonly number[]): Promise<(packet: EncodedPacket) => boolean> {
  const everything = () => true;
  try {
    if ((await track.getCodec()) !== 'avc') return everything;
    const lengthSize = avcLengthSize((await track.getDecoderConfig())?.description);
    if (lengthSize === null) return everything;
    const index = new EncodedPacketSink(track);
    const shown = new Set<number>();
    for (const t of timesMs) {
      const packet = await index.getPacket(t / 1000, { metadataOnly: true });
      if (packet) shown.add(packet.timestamp);
    }
    return (p) => shown.has(p.timestamp) || !isDisposableAvc(p.data, lengthSize);
  } catch {
    return everything;
  }
}

/**
 * mediabunny's VideoSampleSink (its decoder set-up and Chromium workarounds kept), reading its
 * packets through `keep`. The hook is the sink's `_createPacketSink`, internal to mediabunny 1.61
 * (the version package.json pins): were it renamed, every packet would be decoded again, which
 * e2e/decode-skip.e2e.ts would notice.
 */
class PacketFilterSink extends VideoSampleSink {
  constructor(
    private readonly source: InputVideoTrack,
    private readonly keep: (packet: EncodedPacket) => boolean,
  ) {
    super(source);
  }

  _createPacketSink(): EncodedPacketSink {
    return new FilteredPacketSink(this.source, this.keep);
  }
}

class FilteredPacketSink extends EncodedPacketSink {
  constructor(
    track: InputVideoTrack,
    private readonly keep: (packet: EncodedPacket) => boolean,
  ) {
    super(track);
  }

  /** Both passes read packets through this: the key-frame jumps call it packet after packet up to
   *  their target (kept), and mediabunny's packets(), the one pass's source, pumps with it. The first
   *  packet of either is a key frame, a reference picture: kept. */
  override async getNextPacket(packet: EncodedPacket, options?: PacketRetrievalOptions): Promise<EncodedPacket | null> {
    let next = await super.getNextPacket(packet, options);
    while (next && !this.keep(next)) next = await super.getNextPacket(next, options);
    return next;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WordsError(words('frameTimeout', { ms }))), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
