// A decoded frame's pixels as the CPU holds them: RGBA bytes, or the decoder's own YUV planes
// converted to RGB only where something reads them. `gather` is the one way to read either: it
// copies chosen rows and columns into RGBA (the detector's 640 px copy, its square crops around a
// face, a face's rectangle for alignment, the thumbnail).
//
// Why YUV: VideoFrame.copyTo(RGBA) converts and copies the whole 1080p frame (8 MB) for every
// sampled frame, 19 ms a frame in the page's worker here, while the page reads about a quarter of
// those pixels. copyTo without a format copies the 3 MB of planes (~1.5-2 ms). The conversion is
// Chromium's own arithmetic (libyuv's fixed point: 6 fractional bits, chroma of the nearest
// sample), so the pixels are the same bytes copyTo(RGBA) gives: measured identical on every pixel
// of the shared videos (I420 and I444, BT.709), and frame-tensor.ts checks a block of every frame
// against the browser's own conversion before it uses them (docs/decisions.md, "YUV planes").

/** RGBA pixels, row-major, 4 bytes a pixel (ImageData's layout, without needing ImageData: Node). */
export interface Rgba {
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

/** libyuv's integer YUV -> RGB constants: luma gain and bias, then U's weight in B and G, V's in G
 *  and R (Q6 fixed point; row_common.cc, `MAKEYUVCONSTANTS`). */
export interface YuvMatrix {
  name: string;
  yg: number;
  yb: number;
  ub: number;
  ug: number;
  vg: number;
  vr: number;
}

/** BT.709 limited range (Chromium's choice for a file that names none, as every shared video). */
export const BT709: YuvMatrix = { name: 'bt709', yg: 18997, yb: -1160, ub: 128, ug: 14, vg: 34, vr: 115 };
/** BT.601 limited range (smpte170m, bt470bg). */
export const BT601: YuvMatrix = { name: 'bt601', yg: 18997, yb: -1160, ub: 128, ug: 25, vg: 52, vr: 102 };
/** BT.601 full range (JPEG). */
export const BT601_FULL: YuvMatrix = { name: 'bt601-full', yg: 16320, yb: 32, ub: 113, ug: 22, vg: 46, vr: 90 };
/** BT.709 full range. */
export const BT709_FULL: YuvMatrix = { name: 'bt709-full', yg: 16320, yb: 32, ub: 119, ug: 12, vg: 30, vr: 101 };

/** 8-bit planar YUV as VideoFrame.copyTo gives it without a format: Y, U, V planes (offset and
 *  stride each); chroma is subsampled by 2^chromaShift (I420: 1, 1; I422: 1, 0; I444: 0, 0). */
export interface Yuv {
  data: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
  planes: readonly [PlaneLayout, PlaneLayout, PlaneLayout];
  chromaShift: readonly [number, number];
  matrix: YuvMatrix;
}

export interface PlaneLayout {
  offset: number;
  stride: number;
}

export type CpuImage = Rgba | Yuv;

export const isYuv = (image: CpuImage): image is Yuv => 'planes' in image;

/** The matrix Chromium converts a frame of this colour space with, or null for one the page does not
 *  convert itself (it then takes copyTo(RGBA)). */
export function matrixFor(space: { matrix?: string | null; fullRange?: boolean | null }): YuvMatrix | null {
  const full = space.fullRange === true;
  switch (space.matrix) {
    case 'bt709':
      return full ? BT709_FULL : BT709;
    case 'smpte170m':
    case 'bt470bg':
      return full ? BT601_FULL : BT601;
    default:
      return null;
  }
}

/** Per-value tables of one matrix: the products libyuv computes, looked up instead. The chroma
 *  terms carry CLAMP_OFFSET << 6, so that after the shift a CLAMP lookup does libyuv's clamp. */
interface Tables {
  y: Int32Array;
  r: Int32Array;
  gu: Int32Array;
  gv: Int32Array;
  b: Int32Array;
}

const CLAMP_OFFSET = 384;
/** value + CLAMP_OFFSET -> value clamped to 0..255, for every value a conversion can reach (-275..506). */
const CLAMP = Uint8Array.from({ length: 1024 }, (_, i) => Math.min(255, Math.max(0, i - CLAMP_OFFSET)));

const tables = new Map<YuvMatrix, Tables>();

function tablesOf(m: YuvMatrix): Tables {
  let t = tables.get(m);
  if (!t) {
    const make = (f: (v: number) => number) => Int32Array.from({ length: 256 }, (_, v) => f(v));
    const bias = CLAMP_OFFSET << 6;
    t = {
      y: make((v) => ((v * 0x0101 * m.yg) >>> 16) + m.yb),
      r: make((v) => (v - 128) * m.vr + bias),
      gu: make((v) => bias - (v - 128) * m.ug),
      gv: make((v) => -(v - 128) * m.vg),
      b: make((v) => (v - 128) * m.ub + bias),
    };
    tables.set(m, t);
  }
  return t;
}

/** Opaque black, as a little-endian RGBA word (alpha in the high byte). */
const BLACK = 0xff000000;

/** RGBA of the pixels at rows `ys` and columns `xs` (out row i, column j = image(ys[i], xs[j])); an
 *  index outside the image reads opaque black. */
export function gather(image: CpuImage, xs: Int32Array, ys: Int32Array): Rgba {
  const width = xs.length;
  const height = ys.length;
  const out = new Uint32Array(width * height);
  if (isYuv(image)) gatherYuv(image, xs, ys, out);
  else gatherRgba(image, xs, ys, out);
  return { data: new Uint8ClampedArray(out.buffer), width, height };
}

function gatherRgba(image: Rgba, xs: Int32Array, ys: Int32Array, out: Uint32Array): void {
  const src = new Uint32Array(image.data.buffer, image.data.byteOffset, image.width * image.height);
  for (let i = 0, o = 0; i < ys.length; i++) {
    const y = ys[i]!;
    const rowIn = y >= 0 && y < image.height;
    const row = y * image.width;
    for (let j = 0; j < xs.length; j++, o++) {
      const x = xs[j]!;
      out[o] = rowIn && x >= 0 && x < image.width ? src[row + x]! : BLACK;
    }
  }
}

/** libyuv's YuvPixel for each pixel read: ((Y * 0x0101 * yg) >>> 16) + yb, plus each chroma term,
 *  >> 6, clamped (measured ~5.5 ns a pixel in Node, against ~10 for a plain per-pixel formula). */
function gatherYuv(image: Yuv, xs: Int32Array, ys: Int32Array, out: Uint32Array): void {
  const { y: ty, r: tr, gu: tgu, gv: tgv, b: tb } = tablesOf(image.matrix);
  const [py, pu, pv] = image.planes;
  const [sx, sy] = image.chromaShift;
  const src = image.data;
  const { width, height } = image;
  for (let i = 0, o = 0; i < ys.length; i++) {
    const y = ys[i]!;
    if (y < 0 || y >= height) {
      out.fill(BLACK, o, o + xs.length);
      o += xs.length;
      continue;
    }
    const yRow = py.offset + y * py.stride;
    const uRow = pu.offset + (y >> sy) * pu.stride;
    const vRow = pv.offset + (y >> sy) * pv.stride;
    // Neighbouring pixels share a chroma sample (I420, I422): its terms are looked up once.
    let last = -1;
    let r = 0;
    let g = 0;
    let b = 0;
    for (let j = 0; j < xs.length; j++, o++) {
      const x = xs[j]!;
      if (x < 0 || x >= width) {
        out[o] = BLACK;
        continue;
      }
      const c = x >> sx;
      if (c !== last) {
        last = c;
        const u = src[uRow + c]!;
        const v = src[vRow + c]!;
        r = tr[v]!;
        g = tgu[u]! + tgv[v]!;
        b = tb[u]!;
      }
      const l = ty[src[yRow + x]!]!;
      out[o] = CLAMP[(l + r) >> 6]! | (CLAMP[(l + g) >> 6]! << 8) | (CLAMP[(l + b) >> 6]! << 16) | BLACK;
    }
  }
}

/** from, from + 1, ..., from + count - 1. */
export function span(from: number, count: number): Int32Array {
  const out = new Int32Array(Math.max(0, count));
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}

/** The rectangle at (x0, y0), width x height, at full resolution (black outside the image). */
export function region(image: CpuImage, x0: number, y0: number, width: number, height: number): Rgba {
  return gather(image, span(x0, width), span(y0, height));
}

/** The whole image as RGBA (the image itself when it already is). */
export function toRgba(image: CpuImage): Rgba {
  return isYuv(image) ? region(image, 0, 0, image.width, image.height) : image;
}

/** Nearest-neighbour copy `side` pixels on its long side (the image itself, as RGBA, when it is no
 *  larger): output pixel i reads source floor(i / scale). */
export function subsample(image: CpuImage, side: number): Rgba {
  if (Math.max(image.width, image.height) <= side) return toRgba(image);
  const scale = side / Math.max(image.width, image.height);
  const pick = (limit: number) => Int32Array.from({ length: Math.max(1, Math.round(limit * scale)) }, (_, i) => Math.min(limit - 1, Math.floor(i / scale)));
  return gather(image, pick(image.width), pick(image.height));
}
