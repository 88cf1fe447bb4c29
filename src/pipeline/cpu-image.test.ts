import { describe, expect, it } from 'vitest';
import { BT601, BT601_FULL, BT709, BT709_FULL, gather, matrixFor, region, span, subsample, toRgba, type Rgba, type Yuv, type YuvMatrix } from './cpu-image';

/** An image whose pixel (x, y) is RGBA (x, y, 7, 255) (coordinates below 256). */
function ramp(width: number, height: number): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 7, 255], (y * width + x) * 4);
  return { data, width, height };
}
const px = (img: Rgba, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];

/** Planar YUV of width x height with pseudo-random samples, chroma subsampled by 2^shift (rounding
 *  up on odd sizes), planes padded to a stride wider than the row, as decoders lay them out. */
function planes(width: number, height: number, shift: readonly [number, number], matrix: YuvMatrix = BT709): Yuv {
  const cw = Math.ceil(width / (1 << shift[0]));
  const ch = Math.ceil(height / (1 << shift[1]));
  const strides = [width + 3, cw + 5, cw + 5];
  const sizes = [strides[0]! * height, strides[1]! * ch, strides[2]! * ch];
  const data = new Uint8Array(sizes[0]! + sizes[1]! + sizes[2]!);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return {
    data,
    width,
    height,
    planes: [
      { offset: 0, stride: strides[0]! },
      { offset: sizes[0]!, stride: strides[1]! },
      { offset: sizes[0]! + sizes[1]!, stride: strides[2]! },
    ],
    chromaShift: shift,
    matrix,
  };
}

/** The samples of pixel (x, y): its own Y, and the U and V of the chroma sample it lies in. */
function samples(img: Yuv, x: number, y: number): [number, number, number] {
  const [py, pu, pv] = img.planes;
  const [sx, sy] = img.chromaShift;
  return [img.data[py.offset + y * py.stride + x]!, img.data[pu.offset + (y >> sy) * pu.stride + (x >> sx)]!, img.data[pv.offset + (y >> sy) * pv.stride + (x >> sx)]!];
}

/** The matrix's formula in real numbers (luma gain yg / 2^16 * 257 / 64, chroma weights / 64). */
function reference(m: YuvMatrix, y: number, u: number, v: number): number[] {
  const luma = (y * 257 * m.yg) / 65536 / 64 + m.yb / 64;
  const rgb = [luma + ((v - 128) * m.vr) / 64, luma - ((u - 128) * m.ug + (v - 128) * m.vg) / 64, luma + ((u - 128) * m.ub) / 64];
  return rgb.map((c) => Math.min(255, Math.max(0, c)));
}

/** One pixel's Y, U, V as a 1x1 image. */
const onePixel = (y: number, u: number, v: number, matrix: YuvMatrix = BT709): Yuv => ({
  data: new Uint8Array([y, u, v]),
  width: 1,
  height: 1,
  planes: [{ offset: 0, stride: 1 }, { offset: 1, stride: 1 }, { offset: 2, stride: 1 }],
  chromaShift: [0, 0],
  matrix,
});

describe('YUV -> RGB', () => {
  it('follows each matrix\'s formula to within the fixed point\'s rounding (less than one level)', () => {
    for (const m of [BT709, BT601, BT709_FULL, BT601_FULL]) {
      let worst = 0;
      for (let y = 0; y < 256; y += 5) {
        for (let u = 0; u < 256; u += 15) {
          for (let v = 0; v < 256; v += 15) {
            const got = px(toRgba(onePixel(y, u, v, m)), 0, 0);
            const want = reference(m, y, u, v);
            for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(got[c]! - want[c]!));
            expect(got[3]).toBe(255);
          }
        }
      }
      expect(worst, m.name).toBeLessThan(1);
    }
  });

  it('maps limited range black and white to 0 and 255, and neutral chroma to grey', () => {
    const one = (y: number, u: number, v: number, m: YuvMatrix) => px(toRgba(onePixel(y, u, v, m)), 0, 0);
    expect(one(16, 128, 128, BT709)).toEqual([0, 0, 0, 255]);
    expect(one(235, 128, 128, BT709)).toEqual([255, 255, 255, 255]);
    expect(one(0, 128, 128, BT709_FULL)).toEqual([0, 0, 0, 255]);
    expect(one(255, 128, 128, BT709_FULL)).toEqual([255, 255, 255, 255]);
    const grey = one(120, 128, 128, BT601);
    expect(grey[0]).toBe(grey[1]);
    expect(grey[1]).toBe(grey[2]);
  });

  it('reads each pixel\'s chroma from the sample it lies in (I420, I422, I444, odd sizes), black outside', () => {
    for (const shift of [[1, 1], [1, 0], [0, 0]] as const) {
      const img = planes(7, 5, shift);
      const all = toRgba(img);
      for (let y = 0; y < 5; y++) {
        for (let x = 0; x < 7; x++) {
          expect(px(all, x, y)).toEqual(px(toRgba(onePixel(...samples(img, x, y))), 0, 0));
        }
      }
      const edge = region(img, 5, -1, 4, 3);
      expect(px(edge, 0, 1)).toEqual(px(all, 5, 0));
      expect(px(edge, 2, 1)).toEqual([0, 0, 0, 255]); // x = 7: right of the image
      expect(px(edge, 0, 0)).toEqual([0, 0, 0, 255]); // y = -1: above it
    }
  });

  it('gathers the same pixels from planes as from their whole conversion', () => {
    const img = planes(101, 67, [1, 1]);
    const all = toRgba(img);
    const xs = Int32Array.from([-3, 0, 1, 50, 99, 100, 101, 140]);
    const ys = Int32Array.from([66, 0, -1, 33, 67]);
    expect(gather(img, xs, ys)).toEqual(gather(all, xs, ys));
    expect(subsample(img, 40)).toEqual(subsample(all, 40));
    expect(region(img, 90, 60, 20, 20)).toEqual(region(all, 90, 60, 20, 20));
  });
});

describe('matrixFor', () => {
  it('names the matrix the browser converts with, and none it does not convert here', () => {
    expect(matrixFor({ matrix: 'bt709', fullRange: false })).toBe(BT709);
    expect(matrixFor({ matrix: 'bt709', fullRange: true })).toBe(BT709_FULL);
    expect(matrixFor({ matrix: 'smpte170m', fullRange: false })).toBe(BT601);
    expect(matrixFor({ matrix: 'bt470bg', fullRange: true })).toBe(BT601_FULL);
    expect(matrixFor({ matrix: 'bt2020-ncl', fullRange: false })).toBeNull();
    expect(matrixFor({ matrix: null })).toBeNull();
  });
});

describe('subsample', () => {
  it('takes every n-th pixel (nearest neighbour) down to the given long side', () => {
    const small = subsample(ramp(200, 100), 50);
    expect([small.width, small.height]).toEqual([50, 25]);
    expect(px(small, 1, 1)).toEqual([4, 4, 7, 255]);
    expect(px(small, 49, 24)).toEqual([196, 96, 7, 255]);
    const tall = subsample(ramp(100, 200), 50);
    expect([tall.width, tall.height]).toEqual([25, 50]);
    expect(px(tall, 24, 49)).toEqual([96, 196, 7, 255]);
  });
  it('leaves an image no larger than the side as it is', () => {
    const img = ramp(40, 30);
    expect(subsample(img, 640)).toBe(img);
  });
});

describe('region', () => {
  it('copies a rectangle at full resolution, black and opaque outside the image', () => {
    const c = region(ramp(20, 10), 15, -2, 8, 8);
    expect([c.width, c.height]).toEqual([8, 8]);
    expect(px(c, 0, 2)).toEqual([15, 0, 7, 255]);
    expect(px(c, 5, 5)).toEqual([0, 0, 0, 255]);
    expect([...span(3, 4)]).toEqual([3, 4, 5, 6]);
  });
});
