// The software decoder's plan, as pure functions over typed values: what ffprobe said about a file
// (parseProbe), how the wanted moments are split into ffmpeg runs (planRuns) and the arguments of
// each run (frameArgs). decode-fallback.ts runs them in ffmpeg.wasm; these run in Node tests too.
import type { VideoInfo } from '../types';

/** The name the report gives the software decoder (VideoInfo.decoder). */
export const FALLBACK_DECODER = 'ffmpeg.wasm (software)';

/** Where the file is mounted inside ffmpeg.wasm's file system, and where frames are written. */
export const INPUT_DIR = '/in';
export const INPUT_PATH = `${INPUT_DIR}/input`;
export const OUTPUT_DIR = '/frames';

/** What ffprobe says about a file's first video stream; null when it has none it can decode. */
export interface FallbackProbe {
  info: VideoInfo;
  /** Stored (coded) size: frames come out at this size, `info` has the upright one. */
  codedWidth: number;
  codedHeight: number;
  startMs: number;
  /** The stream's YUV matrix as WebCodecs names it, for the frames handed to the browser. */
  matrix: 'bt709' | 'smpte170m' | 'bt2020-ncl';
}

interface ProbeJson {
  streams?: {
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    color_space?: string;
    start_time?: string;
    duration?: string;
    side_data_list?: { rotation?: number }[];
    tags?: { rotate?: string };
  }[];
  format?: { format_name?: string; format_long_name?: string; start_time?: string; duration?: string };
}

/** Readable container names for ffmpeg's demuxer names (the report's `container`). */
const CONTAINERS: Readonly<Record<string, string>> = {
  avi: 'AVI',
  mpegts: 'MPEG-TS',
  mpeg: 'MPEG-PS',
  flv: 'FLV',
  ogg: 'Ogg',
  'mov,mp4,m4a,3gp,3g2,mj2': 'MP4',
  'matroska,webm': 'Matroska',
  gif: 'GIF',
  webp_pipe: 'WebP',
};

/** ffmpeg's codec names mapped to the ones mediabunny reports for the same codecs. */
const CODECS: Readonly<Record<string, string>> = { h264: 'avc', hevc: 'hevc', vp8: 'vp8', vp9: 'vp9', av1: 'av1' };

const seconds = (s: string | undefined): number | null => {
  const n = s === undefined ? Number.NaN : Number(s);
  return Number.isFinite(n) ? n : null;
};

/** Reads `ffprobe -of json -show_format -show_streams` output; null when there is no video stream. */
export function parseProbe(json: string): FallbackProbe | null {
  let parsed: ProbeJson;
  try {
    parsed = JSON.parse(json) as ProbeJson;
  } catch {
    return null;
  }
  const stream = parsed.streams?.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0 && (s.height ?? 0) > 0);
  if (!stream) return null;
  const w = stream.width!;
  const h = stream.height!;
  // ffprobe gives the display matrix's rotation counter-clockwise; the pipeline wants clockwise.
  const ccw = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? -Number(stream.tags?.rotate ?? 0);
  const rotation = ((Math.round(-ccw / 90) * 90) % 360 + 360) % 360;
  const start = seconds(stream.start_time) ?? seconds(parsed.format?.start_time) ?? 0;
  const duration = seconds(stream.duration) ?? seconds(parsed.format?.duration) ?? 0;
  const formatName = parsed.format?.format_name ?? 'unknown';
  // Untagged streams get BT.709, the default WebCodecs gives an I420 frame (and Chromium an untagged
  // H.264 stream), so a file decodes to the same colours on either path. bt470bg, smpte170m and the
  // like share one matrix.
  const space = stream.color_space;
  const matrix = space === 'bt2020nc' ? 'bt2020-ncl' : space === 'bt709' || !space || space === 'unknown' ? 'bt709' : 'smpte170m';
  const quarter = rotation % 180 !== 0;
  return {
    info: {
      width: quarter ? h : w,
      height: quarter ? w : h,
      durationMs: Math.max(0, duration * 1000),
      codec: CODECS[stream.codec_name ?? ''] ?? stream.codec_name ?? 'unknown',
      container: CONTAINERS[formatName] ?? formatName,
      rotation,
      decoder: FALLBACK_DECODER,
    },
    codedWidth: w,
    codedHeight: h,
    startMs: Math.max(0, start * 1000),
    matrix,
  };
}

/** One ffmpeg run: `count` frames, the first at `firstMs`, then every `stepMs`. */
export interface FrameRun {
  firstMs: number;
  stepMs: number;
  count: number;
  /** Index into the wanted times of this run's first moment. */
  from: number;
}

/** The most bytes of decoded frames one run leaves in ffmpeg.wasm's memory before they are read. */
export const RUN_BYTES = 128 * 1024 * 1024;

/**
 * Splits the wanted moments (ascending) into runs of evenly spaced moments (what ffmpeg's fps filter
 * picks in one pass) of at most `maxPerRun` frames. A short video is one pass from the start
 * (sequential: true, every moment in as few runs as memory allows); a long one is one run per moment,
 * each starting at the key frame before it (the jumps of the WebCodecs path).
 */
export function planRuns(timesMs: readonly number[], maxPerRun: number, sequential: boolean): FrameRun[] {
  const runs: FrameRun[] = [];
  const limit = sequential ? Math.max(1, Math.floor(maxPerRun)) : 1;
  for (let i = 0; i < timesMs.length; ) {
    const first = timesMs[i]!;
    const step = i + 1 < timesMs.length ? timesMs[i + 1]! - first : 1000;
    let count = 1;
    while (count < limit && i + count < timesMs.length && Math.abs(timesMs[i + count]! - (first + count * step)) < 0.001) count++;
    runs.push({ firstMs: first, stepMs: count > 1 ? step : 1000, count, from: i });
    i += count;
  }
  return runs;
}

/** Frames per run that fit RUN_BYTES at this size (I420: 1.5 bytes a pixel). */
export function framesPerRun(width: number, height: number): number {
  return Math.max(1, Math.floor(RUN_BYTES / (width * height * 1.5)));
}

/**
 * ffmpeg's arguments for one run. Decoding starts at the key frame at or before the run's first
 * moment (-noaccurate_seek keeps the frames before it for the filter), the original timestamps are
 * kept and -ss is one of them (-copyts, -seek_timestamp: the wanted times are in the file's own
 * timeline, which starts after 0 in an MPEG-TS). The filter then moves the first moment to time 0
 * in microseconds (settb, setpts) so the fps filter's ticks fall exactly on the wanted moments, and
 * with round=up it emits, at each, the last frame whose time is at or before it: the frame on
 * screen then, as the WebCodecs path picks. (With start_time at the moment instead, the ticks
 * follow the input's time base: measured, an AVI at 1/25 s got the frame after, an MP4 the right
 * one.) Frames stay in their stored orientation (the
 * pipeline rotates) and come out as 8-bit I420 (10-bit HEVC is converted by swscale), one file each.
 */
export function frameArgs(run: FrameRun): string[] {
  const fmt = (ms: number) => (ms / 1000).toFixed(6);
  // fps as a rational of whole microseconds, so the filter's ticks land on the wanted times.
  const stepUs = Math.max(1, Math.round(run.stepMs * 1000));
  return [
    '-v', 'error', '-nostats',
    '-noautorotate',
    '-noaccurate_seek', '-seek_timestamp', '1', '-ss', fmt(Math.max(0, run.firstMs)), '-copyts',
    '-i', INPUT_PATH,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', `settb=AVTB,setpts=PTS-${Math.round(run.firstMs * 1000)},fps=fps=1000000/${stepUs}:start_time=0:round=up`,
    '-frames:v', String(run.count),
    '-pix_fmt', 'yuv420p', '-c:v', 'rawvideo', '-f', 'image2',
    `${OUTPUT_DIR}/%04d.yuv`,
  ];
}

/** ffprobe's arguments: the container and every stream, as JSON on stdout. */
export function probeArgs(): string[] {
  return ['-v', 'error', '-of', 'json', '-show_format', '-show_streams', INPUT_PATH];
}

/** Byte layout of one I420 frame as ffmpeg's rawvideo writes it (planes packed, chroma rounded up). */
export function i420Layout(width: number, height: number): { size: number; layout: { offset: number; stride: number }[] } {
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const y = width * height;
  return { size: y + 2 * cw * ch, layout: [{ offset: 0, stride: width }, { offset: y, stride: cw }, { offset: y + cw * ch, stride: cw }] };
}
