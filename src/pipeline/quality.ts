// The input-quality reading: what the detector had to work with. A 300 kbit/s re-encode with 60 px
// faces and a clean 1080p original must not get the same kind of verdict, so the worker measures,
// per file: bits per pixel (how much the encoder had for each pixel of each frame), 8x8 blockiness
// (what heavy block-based compression leaves), the sharpness of the scored faces, their size, and
// black bars (letterboxing, pillarboxing). readQuality turns the samples into InputQuality, and
// its `issues` feed the verdict's caution (ui/report-warnings.ts says them in words). The lines are
// in APP_CONFIG.quality, chosen by measurement (docs/decisions.md, "Input quality (issue 27)").
// Pure: frames arrive as CpuImage (the decoder's YUV planes or RGBA), faces as boxes.
import type { BlackBars, Box, InputQuality, PersonQuality, QualityIssue, Track } from '../types';
import { isYuv, type CpuImage } from './cpu-image';

/** Luma, one byte a pixel, row-major (Y of the YUV planes; from RGBA, BT.601 weights). Row y starts
 *  at offset + y * stride (defaults 0 and width): a frame's Y plane is read where it lies. */
export interface Gray {
  data: Uint8Array;
  width: number;
  height: number;
  offset?: number;
  stride?: number;
}

/** The frame's luma without a copy where it has a Y plane (the page's usual case), else converted. */
export function frameLuma(image: CpuImage): Gray {
  if (!isYuv(image)) return lumaOf(image);
  const { offset, stride } = image.planes[0];
  return { data: image.data, width: image.width, height: image.height, offset, stride };
}

/** The lines an input must clear (APP_CONFIG.quality). */
export interface QualityConfig {
  /** Below this many bits per pixel the copy counts as heavily compressed. */
  minBitsPerPixel: number;
  /** Above this blockiness the copy counts as heavily compressed. */
  maxBlockiness: number;
  /** Below this face sharpness the faces count as blurred. */
  minSharpness: number;
  /** A median face narrower than this (source pixels) counts as small. */
  smallFacePixels: number;
  /** Bars count when they take at least this share of the frame's height (or width). */
  minBarShare: number;
}

/** Side (pixels) every face is resampled to before its sharpness is measured: the Laplacian's
 *  variance depends on scale, so faces of any size are compared at one. 80 px is about the face's
 *  width in the models' 160 px input (the 320 px alignment puts the face in half of it). */
export const SHARPNESS_SIDE = 80;

/** The frame's luma (a copy; a rectangle of it when given). YUV: the Y plane as decoded (limited
 *  range, black at 16); RGBA: (77 R + 150 G + 29 B) / 256. */
export function lumaOf(image: CpuImage, rect: Box = { x: 0, y: 0, width: image.width, height: image.height }): Gray {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const width = Math.max(0, Math.min(image.width, Math.ceil(rect.x + rect.width)) - x0);
  const height = Math.max(0, Math.min(image.height, Math.ceil(rect.y + rect.height)) - y0);
  const out = new Uint8Array(width * height);
  if (isYuv(image)) {
    const { offset, stride } = image.planes[0];
    for (let y = 0; y < height; y++) {
      const from = offset + (y0 + y) * stride + x0;
      out.set(image.data.subarray(from, from + width), y * width);
    }
  } else {
    const d = image.data;
    for (let y = 0, o = 0; y < height; y++) {
      let i = ((y0 + y) * image.width + x0) * 4;
      for (let x = 0; x < width; x++, o++, i += 4) out[o] = (77 * d[i]! + 150 * d[i + 1]! + 29 * d[i + 2]!) >> 8;
    }
  }
  return { data: out, width, height };
}

/** A luma value at or below this is black (limited-range black is 16, full-range 0; compression
 *  noise in a flat bar stays within a few levels). */
const DARK = 32;
/** A row or column is part of a bar when this share of its pixels is dark (a subtitle or a logo
 *  over a bar leaves most of it black)... */
const DARK_SHARE = 0.97;
/** ...and this share within FLAT levels of its darkest pixel: a bar is one flat black, where a dark
 *  floor or night sky has texture (the shared clip dfdc-fake-abofeumbvv's floor: 90% dark, but
 *  spread over 7-58). */
const FLAT_SHARE = 0.9;
const FLAT = 3;

/** Whether the `n` pixels at data[start], data[start + step], ... are a bar's. */
function barLine(data: Uint8Array, start: number, step: number, n: number): boolean {
  if (n <= 0) return false;
  let min = 255;
  for (let k = 0, i = start; k < n; k++, i += step) if (data[i]! < min) min = data[i]!;
  let dark = 0;
  let flat = 0;
  for (let k = 0, i = start; k < n; k++, i += step) {
    const v = data[i]!;
    if (v <= DARK) dark++;
    if (v <= min + FLAT) flat++;
  }
  return dark >= DARK_SHARE * n && flat >= FLAT_SHARE * n;
}

/** Black bars of one frame: rows from the top and bottom, columns from the left and right, that are
 *  flat black. Null for a frame (nearly) black all over: it says nothing about bars. */
export function blackBars(g: Gray): BlackBars | null {
  const { data, width, height } = g;
  const offset = g.offset ?? 0;
  const stride = g.stride ?? width;
  if (width === 0 || height === 0) return null;
  const rowDark = (y: number): boolean => barLine(data, offset + y * stride, 1, width);
  const colDark = (x: number, top: number, bottom: number): boolean => barLine(data, offset + top * stride + x, stride, bottom - top);
  let top = 0;
  while (top < height && rowDark(top)) top++;
  // More than 90% of the rows black: a fade or a black frame, not a picture with bars.
  if (top >= height * 0.9) return null;
  let bottom = 0;
  while (bottom < height - top && rowDark(height - 1 - bottom)) bottom++;
  if (top + bottom >= height * 0.9) return null;
  // Columns only over the picture's rows: a letterbox's black would make every column look dark.
  const y0 = top;
  const y1 = height - bottom;
  let left = 0;
  while (left < width && colDark(left, y0, y1)) left++;
  if (left >= width * 0.9) return null;
  let right = 0;
  while (right < width - left && colDark(width - 1 - right, y0, y1)) right++;
  if (left + right >= width * 0.9) return null;
  return { top, bottom, left, right };
}

/**
 * Blockiness of one frame's picture (inside `bars`): block-based codecs (H.264, MPEG-2, VP8/9)
 * quantise each 8x8 (or 4x4, 16x16) block alone, so under heavy compression the luma steps between
 * neighbouring pixels are larger where two blocks meet than inside a block. For each direction the
 * mean absolute step is taken at each of the 8 phases (column mod 8, row mod 8): blockiness is the
 * largest phase's mean over the mean of the other seven, averaged over both directions; 1 is no
 * grid. The strongest phase, not phase 0, because a crop or a rotation moves the grid. Null for a
 * picture too flat (mean step under 0.05 levels: a black frame) or too small to say. Reads every `step`-th row
 * (horizontal steps) and column (vertical steps): an eighth of a 1080p frame, 260,000 steps each way, is plenty.
 */
export function blockiness(g: Gray, bars: BlackBars | null = null, step = 8): number | null {
  const { data } = g;
  const offset = g.offset ?? 0;
  const stride = g.stride ?? g.width;
  const x0 = bars?.left ?? 0;
  const x1 = g.width - (bars?.right ?? 0);
  const y0 = bars?.top ?? 0;
  const y1 = g.height - (bars?.bottom ?? 0);
  if (x1 - x0 < 32 || y1 - y0 < 32) return null;
  const h = new Float64Array(8);
  const v = new Float64Array(8);
  const hn = new Float64Array(8);
  const vn = new Float64Array(8);
  for (let y = y0; y < y1; y += step) {
    const row = offset + y * stride;
    // The step between x - 1 and x sits on a block edge when x is a multiple of 8 (phase 0).
    for (let x = x0 + 1; x < x1; x++) {
      const p = x & 7;
      h[p]! += Math.abs(data[row + x]! - data[row + x - 1]!);
      hn[p]!++;
    }
  }
  for (let y = y0 + 1; y < y1; y++) {
    const p = y & 7;
    const row = offset + y * stride;
    for (let x = x0; x < x1; x += step) {
      v[p]! += Math.abs(data[row + x]! - data[row - stride + x]!);
      vn[p]!++;
    }
  }
  const ratio = (sum: Float64Array, n: Float64Array): number | null => {
    const means = Array.from(sum, (s, p) => s / Math.max(1, n[p]!));
    const total = means.reduce((a, b) => a + b, 0);
    if (total / 8 < 0.05) return null;
    const peak = Math.max(...means);
    // Floored: blocks flat inside (each block its mean) would divide by zero.
    const rest = Math.max(0.1, (total - peak) / 7);
    return peak / rest;
  };
  const both = [ratio(h, hn), ratio(v, vn)].filter((r): r is number => r !== null);
  return both.length === 0 ? null : both.reduce((a, b) => a + b, 0) / both.length;
}

/** The face's luma resampled to side x side: box-averaged when the face is larger (what
 *  downscaling does), bilinear when smaller. */
export function resampleFace(image: CpuImage, box: Box, side = SHARPNESS_SIDE): Gray | null {
  const g = lumaOf(image, box);
  if (g.width < 4 || g.height < 4) return null;
  const out = new Uint8Array(side * side);
  const sx = g.width / side;
  const sy = g.height / side;
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      let value: number;
      if (sx >= 1 && sy >= 1) {
        const xa = Math.floor(i * sx);
        const xb = Math.max(xa + 1, Math.floor((i + 1) * sx));
        const ya = Math.floor(j * sy);
        const yb = Math.max(ya + 1, Math.floor((j + 1) * sy));
        let sum = 0;
        for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) sum += g.data[y * g.width + x]!;
        value = sum / ((xb - xa) * (yb - ya));
      } else {
        const fx = Math.min(g.width - 1.001, Math.max(0, (i + 0.5) * sx - 0.5));
        const fy = Math.min(g.height - 1.001, Math.max(0, (j + 0.5) * sy - 0.5));
        const xa = Math.floor(fx);
        const ya = Math.floor(fy);
        const ax = fx - xa;
        const ay = fy - ya;
        const at = (x: number, y: number) => g.data[y * g.width + x]!;
        value = (1 - ay) * ((1 - ax) * at(xa, ya) + ax * at(xa + 1, ya)) + ay * ((1 - ax) * at(xa, ya + 1) + ax * at(xa + 1, ya + 1));
      }
      out[j * side + i] = Math.round(value);
    }
  }
  return { data: out, width: side, height: side };
}

/** Variance of the 4-neighbour Laplacian over the interior: the classic focus measure (Pech-Pacheco
 *  et al. 2000); a blurred or smoothed-out face has little of it. */
export function laplacianVariance(g: Gray): number | null {
  const { data, width, height } = g;
  if (width < 3 || height < 3) return null;
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      const l = data[i - 1]! + data[i + 1]! + data[i - width]! + data[i + width]! - 4 * data[i]!;
      sum += l;
      sq += l * l;
      n++;
    }
  }
  const mean = sum / n;
  return sq / n - mean * mean;
}

/** The sharpness of one face (InputQuality.sharpness): the Laplacian's variance over the face's own
 *  variance, so a dark or low-contrast face is not taken for a blurred one (the shared clip
 *  dfdc-fake-abofeumbvv's face, mean luma 14, has a Laplacian variance of 4 but is in focus); x100.
 *  Null when its box is too small to read or it is one flat colour. */
export function faceSharpness(image: CpuImage, box: Box): number | null {
  const face = resampleFace(image, box);
  if (face === null) return null;
  const lap = laplacianVariance(face);
  let sum = 0;
  let sq = 0;
  for (const v of face.data) {
    sum += v;
    sq += v * v;
  }
  const n = face.data.length;
  const variance = sq / n - (sum / n) ** 2;
  return lap === null || variance < 1 ? null : (100 * lap) / variance;
}

/** What one measured frame gave. */
export interface FrameQuality {
  blockiness: number | null;
  /** Null for a frame black all over (it says nothing about bars). */
  bars: BlackBars | null;
}

export function measureFrame(image: CpuImage): FrameQuality {
  const g = frameLuma(image);
  const bars = blackBars(g);
  return { blockiness: blockiness(g, bars), bars };
}

/** One scored face: its person, width and sharpness. */
export interface FaceQuality {
  track: number | null;
  width: number;
  sharpness: number | null;
}

/** What the container and the file say, beside the pixels. */
export interface StreamFacts {
  width: number;
  height: number;
  durationMs: number;
  /** File size in bytes. */
  bytes: number;
  /** The video stream's own numbers, when its packets were read. */
  fps: number | null;
  bitrate: number | null;
  still: boolean;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const nonNull = <T>(v: T | null): v is T => v !== null;

/** Bars in every measured frame: each side's smallest; null unless one pair of sides takes at
 *  least minShare of the frame (a few rows of padding are not a letterbox). */
export function commonBars(frames: readonly FrameQuality[], width: number, height: number, minShare: number): BlackBars | null {
  const seen = frames.map((f) => f.bars).filter(nonNull);
  if (seen.length === 0) return null;
  const side = (k: keyof BlackBars) => Math.min(...seen.map((b) => b[k]));
  const bars = { top: side('top'), bottom: side('bottom'), left: side('left'), right: side('right') };
  const letterbox = bars.top + bars.bottom >= minShare * height;
  const pillarbox = bars.left + bars.right >= minShare * width;
  return letterbox || pillarbox ? bars : null;
}

/**
 * The reading for a file. `verdictTrack` is the person the verdict comes from: the faces that matter
 * are theirs, so face size and sharpness are judged on them when there is one, else on every face.
 */
export function readQuality(
  stream: StreamFacts,
  frames: readonly FrameQuality[],
  faces: readonly FaceQuality[],
  tracks: readonly Track[],
  verdictTrack: number | null,
  config: QualityConfig,
): InputQuality {
  const { width, height } = stream;
  const seconds = stream.durationMs / 1000;
  const fps = stream.still ? null : stream.fps;
  const [bitrate, bitrateFrom] = stream.still
    ? [null, null]
    : stream.bitrate !== null
      ? [stream.bitrate, 'stream' as const]
      : seconds > 0 && stream.bytes > 0
        ? [(stream.bytes * 8) / seconds, 'file' as const]
        : [null, null];
  const bitsPerPixel = bitrate !== null && fps !== null && fps > 0 ? bitrate / (width * height * fps) : null;
  const people: PersonQuality[] = tracks.map((t) => ({
    track: t.id,
    faceSize: t.faceSize,
    sharpness: median(faces.filter((f) => f.track === t.id).map((f) => f.sharpness).filter(nonNull)),
  }));
  const reading: Omit<InputQuality, 'issues'> = {
    width,
    height,
    fps,
    bitrate,
    bitrateFrom,
    bitsPerPixel,
    blockiness: median(frames.map((f) => f.blockiness).filter(nonNull)),
    sharpness: median(faces.map((f) => f.sharpness).filter(nonNull)),
    faceSize: median(faces.map((f) => f.width)),
    people,
    bars: commonBars(frames, width, height, config.minBarShare),
    framesMeasured: frames.length,
  };
  return { ...reading, issues: qualityIssues(reading, people.find((p) => p.track === verdictTrack) ?? null, config) };
}

/** Which lines the reading crosses, most serious first: compression damages what the models read
 *  (the blending edges and texture a swap leaves), blur hides it, small faces are upscaled. */
export function qualityIssues(q: Omit<InputQuality, 'issues'>, person: PersonQuality | null, config: QualityConfig): QualityIssue[] {
  const out: QualityIssue[] = [];
  const compressed =
    (q.bitsPerPixel !== null && q.bitsPerPixel < config.minBitsPerPixel) || (q.blockiness !== null && q.blockiness > config.maxBlockiness);
  if (compressed) out.push('compressed');
  const sharpness = person?.sharpness ?? q.sharpness;
  if (sharpness !== null && sharpness < config.minSharpness) out.push('blurry');
  const faceSize = person?.faceSize ?? q.faceSize;
  if (faceSize !== null && faceSize < config.smallFacePixels) out.push('small-faces');
  return out;
}
