import { describe, expect, it } from 'vitest';
import type { Track } from '../types';
import type { Rgba, Yuv } from './cpu-image';
import { BT709 } from './cpu-image';
import {
  blackBars,
  blockiness,
  commonBars,
  faceSharpness,
  laplacianVariance,
  lumaOf,
  measureFrame,
  qualityIssues,
  readQuality,
  resampleFace,
  type Gray,
  type QualityConfig,
  type StreamFacts,
} from './quality';

const CONFIG: QualityConfig = { minBitsPerPixel: 0.02, maxBlockiness: 2, minSharpness: 5, smallFacePixels: 80, minBarShare: 0.04 };

/** A deterministic textured picture: smooth waves plus a fixed pseudo-random grain. */
function texture(width: number, height: number, seed = 1): Gray {
  const data = new Uint8Array(width * height);
  let s = seed;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      data[y * width + x] = Math.round(128 + 50 * Math.sin(x / 7) * Math.cos(y / 11) + ((s >> 16) % 21) - 10);
    }
  }
  return { data, width, height };
}

/** What heavy block compression does, at its extreme: each 8x8 block becomes its mean. */
function blockMeans(g: Gray): Gray {
  const data = new Uint8Array(g.data.length);
  for (let by = 0; by < g.height; by += 8) {
    for (let bx = 0; bx < g.width; bx += 8) {
      let sum = 0;
      let n = 0;
      for (let y = by; y < Math.min(g.height, by + 8); y++) for (let x = bx; x < Math.min(g.width, bx + 8); x++, n++) sum += g.data[y * g.width + x]!;
      for (let y = by; y < Math.min(g.height, by + 8); y++) for (let x = bx; x < Math.min(g.width, bx + 8); x++) data[y * g.width + x] = Math.round(sum / n);
    }
  }
  return { ...g, data };
}

/** 3x3 box blur. */
function blur(g: Gray): Gray {
  const data = new Uint8Array(g.data);
  for (let y = 1; y < g.height - 1; y++) {
    for (let x = 1; x < g.width - 1; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += g.data[(y + dy) * g.width + x + dx]!;
      data[y * g.width + x] = Math.round(sum / 9);
    }
  }
  return { ...g, data };
}

/** `g` with black rows/columns painted over its edges. */
function withBars(g: Gray, b: { top: number; bottom: number; left: number; right: number }, black = 16): Gray {
  const data = new Uint8Array(g.data);
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      if (y < b.top || y >= g.height - b.bottom || x < b.left || x >= g.width - b.right) data[y * g.width + x] = black;
    }
  }
  return { ...g, data };
}

const grayToRgba = (g: Gray): Rgba => {
  const data = new Uint8ClampedArray(g.width * g.height * 4);
  g.data.forEach((v, i) => data.set([v, v, v, 255], i * 4));
  return { data, width: g.width, height: g.height };
};

/** An I420 frame whose Y plane is `g`, stored with a padded stride after a 7-byte header. */
const grayToYuv = (g: Gray): Yuv => {
  const stride = g.width + 16;
  const cw = g.width / 2;
  const ch = g.height / 2;
  const yBytes = stride * g.height;
  const data = new Uint8Array(7 + yBytes + 2 * cw * ch).fill(128);
  for (let y = 0; y < g.height; y++) data.set(g.data.subarray(y * g.width, (y + 1) * g.width), 7 + y * stride);
  return {
    data,
    width: g.width,
    height: g.height,
    planes: [
      { offset: 7, stride },
      { offset: 7 + yBytes, stride: cw },
      { offset: 7 + yBytes + cw * ch, stride: cw },
    ],
    chromaShift: [1, 1],
    matrix: BT709,
  };
};

describe('lumaOf', () => {
  it('reads the Y plane of a strided YUV frame and the luma of RGBA alike', () => {
    const g = texture(64, 48);
    const rect = { x: 5, y: 3, width: 20, height: 10 };
    const fromYuv = lumaOf(grayToYuv(g), rect);
    const fromRgba = lumaOf(grayToRgba(g), rect);
    expect([fromYuv.width, fromYuv.height]).toEqual([20, 10]);
    expect(fromYuv.data[0]).toBe(g.data[3 * 64 + 5]);
    // (77 + 150 + 29) / 256 = 1: a grey RGBA pixel keeps its value.
    expect([...fromRgba.data]).toEqual([...fromYuv.data]);
  });
  it('clips a rectangle to the frame', () => {
    const g = lumaOf(grayToRgba(texture(32, 32)), { x: 20, y: -5, width: 30, height: 10 });
    expect([g.width, g.height]).toEqual([12, 5]);
  });
});

describe('blockiness', () => {
  it('is about 1 for a picture without a block grid and well above the line for block means', () => {
    const clean = texture(256, 128);
    expect(blockiness(clean)!).toBeLessThan(1.1);
    expect(blockiness(blockMeans(clean))!).toBeGreaterThan(3);
  });
  it('finds the grid wherever a crop has moved it', () => {
    const blocky = blockMeans(texture(264, 136));
    const shifted: Gray = { width: 256, height: 128, data: new Uint8Array(256 * 128) };
    for (let y = 0; y < 128; y++) shifted.data.set(blocky.data.subarray((y + 3) * 264 + 5, (y + 3) * 264 + 5 + 256), y * 256);
    expect(blockiness(shifted)!).toBeGreaterThan(3);
  });
  it('says nothing about a flat or tiny picture', () => {
    expect(blockiness({ width: 64, height: 64, data: new Uint8Array(64 * 64).fill(90) })).toBeNull();
    expect(blockiness(texture(16, 16))).toBeNull();
  });
  it('reads only the picture inside the bars', () => {
    const g = withBars(blockMeans(texture(128, 128)), { top: 20, bottom: 20, left: 0, right: 0 });
    expect(blockiness(g, { top: 20, bottom: 20, left: 0, right: 0 })!).toBeGreaterThan(3);
  });
});

describe('blackBars', () => {
  it('finds letterbox and pillarbox bars, in limited and full range', () => {
    const g = texture(160, 90);
    expect(blackBars(withBars(g, { top: 12, bottom: 11, left: 0, right: 0 }))).toEqual({ top: 12, bottom: 11, left: 0, right: 0 });
    expect(blackBars(withBars(g, { top: 0, bottom: 0, left: 20, right: 20 }, 0))).toEqual({ top: 0, bottom: 0, left: 20, right: 20 });
    expect(blackBars(g)).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
  });
  it('keeps a bar with a subtitle over a little of it', () => {
    const g = withBars(texture(200, 100), { top: 10, bottom: 10, left: 0, right: 0 });
    for (let x = 90; x < 94; x++) g.data[95 * 200 + x] = 235;
    expect(blackBars(g)).toEqual({ top: 10, bottom: 10, left: 0, right: 0 });
  });
  it('says nothing for a black frame (a fade)', () => {
    expect(blackBars({ width: 64, height: 36, data: new Uint8Array(64 * 36).fill(16) })).toBeNull();
  });
});

describe('sharpness', () => {
  it('is lower for a blurred face, whatever its size', () => {
    const sharp = texture(200, 200);
    const box = { x: 0, y: 0, width: 200, height: 200 };
    const a = faceSharpness(grayToRgba(sharp), box)!;
    const b = faceSharpness(grayToRgba(blur(blur(sharp))), box)!;
    expect(b).toBeLessThan(a / 2);
  });
  it('resamples to a fixed side: box means when larger, bilinear when smaller', () => {
    const flat = grayToRgba({ width: 300, height: 300, data: new Uint8Array(300 * 300).fill(77) });
    const big = resampleFace(flat, { x: 10, y: 10, width: 240, height: 240 }, 80)!;
    const small = resampleFace(flat, { x: 10, y: 10, width: 40, height: 40 }, 80)!;
    expect([big.width, small.width]).toEqual([80, 80]);
    expect(new Set([...big.data, ...small.data])).toEqual(new Set([77]));
    expect(laplacianVariance(big)).toBe(0);
    expect(resampleFace(flat, { x: 10, y: 10, width: 2, height: 2 })).toBeNull();
  });
});

describe('commonBars', () => {
  it('keeps the bars every frame has, and only when they are wide enough', () => {
    const f = (top: number, bottom: number) => ({ blockiness: null, bars: { top, bottom, left: 0, right: 0 } });
    expect(commonBars([f(140, 140), f(138, 141), { blockiness: null, bars: null }], 1920, 1080, 0.04)).toEqual({ top: 138, bottom: 140, left: 0, right: 0 });
    // Four rows of padding are not a letterbox.
    expect(commonBars([f(2, 2), f(2, 2)], 1920, 1080, 0.04)).toBeNull();
    // A dark first shot: the bars are those of the frames that have the least.
    expect(commonBars([f(140, 140), f(0, 0)], 1920, 1080, 0.04)).toBeNull();
    expect(commonBars([], 1920, 1080, 0.04)).toBeNull();
  });
});

const track = (id: number, faceSize: number): Track => ({ id, frames: [0, 1, 2], score: 0.5, interval: [0.4, 0.6], models: {}, peakFrame: 0, faceSize });
const STREAM: StreamFacts = { width: 1920, height: 1080, durationMs: 10_000, bytes: 2_500_000, fps: 30, bitrate: 2_000_000, still: false };

describe('readQuality', () => {
  it('computes bits per pixel from the stream, and from the file when the stream does not say', () => {
    const q = readQuality(STREAM, [], [], [], null, CONFIG);
    expect(q.bitsPerPixel).toBeCloseTo(2_000_000 / (1920 * 1080 * 30), 6);
    expect(q.bitrateFrom).toBe('stream');
    const f = readQuality({ ...STREAM, bitrate: null }, [], [], [], null, CONFIG);
    expect(f.bitrate).toBe(2_000_000);
    expect(f.bitrateFrom).toBe('file');
    expect(readQuality({ ...STREAM, bitrate: null, fps: null }, [], [], [], null, CONFIG).bitsPerPixel).toBeNull();
  });
  it('has no bitrate for a still', () => {
    const q = readQuality({ ...STREAM, durationMs: 0, fps: null, bitrate: null, still: true }, [], [], [], null, CONFIG);
    expect([q.bitrate, q.bitsPerPixel, q.fps, q.bitrateFrom]).toEqual([null, null, null, null]);
    expect(q.issues).toEqual([]);
  });
  it('reads face size and sharpness per person and overall, and judges the verdict person', () => {
    const faces = [
      { track: 1, width: 200, sharpness: 30 },
      { track: 1, width: 210, sharpness: 32 },
      { track: 2, width: 60, sharpness: 2 },
    ];
    const q = readQuality(STREAM, [{ blockiness: 1.1, bars: null }], faces, [track(1, 205), track(2, 60)], 1, CONFIG);
    expect(q.people).toEqual([
      { track: 1, faceSize: 205, sharpness: 31 },
      { track: 2, faceSize: 60, sharpness: 2 },
    ]);
    expect(q.faceSize).toBe(200);
    expect(q.sharpness).toBe(30);
    expect(q.blockiness).toBe(1.1);
    expect(q.issues).toEqual([]);
    // The verdict from the small, blurred person: both issues.
    expect(readQuality(STREAM, [], faces, [track(1, 205), track(2, 60)], 2, CONFIG).issues).toEqual(['blurry', 'small-faces']);
  });
  it('calls a copy heavily compressed by its bits per pixel or its block pattern', () => {
    expect(readQuality({ ...STREAM, bitrate: 300_000 }, [], [], [], null, CONFIG).issues).toEqual(['compressed']);
    expect(readQuality(STREAM, [{ blockiness: 2.5, bars: null }], [], [], null, CONFIG).issues).toEqual(['compressed']);
  });
});

describe('qualityIssues', () => {
  it('lists nothing for a reading without measures', () => {
    const q = readQuality({ ...STREAM, bitrate: null, fps: null, bytes: 0 }, [], [], [], null, CONFIG);
    expect(qualityIssues(q, null, CONFIG)).toEqual([]);
  });
});

describe('measureFrame', () => {
  it('measures bars and blockiness of a whole frame from YUV', () => {
    const g = withBars(blockMeans(texture(320, 180)), { top: 24, bottom: 24, left: 0, right: 0 });
    const m = measureFrame(grayToYuv(g));
    expect(m.bars).toEqual({ top: 24, bottom: 24, left: 0, right: 0 });
    expect(m.blockiness!).toBeGreaterThan(3);
  });
});
