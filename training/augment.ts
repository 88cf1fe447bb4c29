// Training augmentation: the seed's list (cuihaoleo/kaggle-dfdc strong_transform.py, method.md), on
// one HxWx3 float image in 0..255 held in a Float32Array, with plain typed-array loops: at the cpu
// configs' 96 px an image is 27,648 values, cheaper to touch in JS than to ship through tfjs ops.
// Every transform returns a new array in [0,255] of the same shape.
import { type Rng, uniform, randInt, gaussian } from './rng';

export interface Image {
  data: Float32Array;
  height: number;
  width: number;
}

type Transform = (img: Image, rng: Rng) => Image;

// ---------------------------------------------------------------------------------------------
// The policy, in one table. As in the seed: the flip on its own, then the whole colour/noise group
// with p = 0.5; inside it each row fires with its own p and picks one of its alternatives uniformly.
// ---------------------------------------------------------------------------------------------
export const FLIP_P = 0.5;
export const GROUP_P = 0.5;

export interface AugmentRow {
  name: string;
  p: number;
  oneOf: Transform[];
}

export const AUGMENT_TABLE: readonly AugmentRow[] = [
  { name: 'noise: Gaussian / ISO', p: 0.2, oneOf: [gaussNoise, isoNoise] },
  { name: 'blur: motion / Gaussian / box 3', p: 0.2, oneOf: [motionBlur, gaussianBlur, boxBlur3] },
  { name: 'hue-saturation-value shift', p: 0.2, oneOf: [hueSaturationValue] },
  { name: 'brightness / sharpen / emboss / brightness-contrast', p: 0.6, oneOf: [brightness, sharpen, emboss, brightnessContrast] },
  { name: 'sepia', p: 0.1, oneOf: [sepia] },
];

/** The seed's augmentation applied to one image (the result is a new array). */
export function augment(img: Image, rng: Rng): Image {
  let out = rng.next() < FLIP_P ? hflip(img) : img;
  if (rng.next() < GROUP_P) {
    for (const row of AUGMENT_TABLE) {
      if (rng.next() < row.p) out = row.oneOf[randInt(rng, row.oneOf.length)]!(out, rng);
    }
  }
  return out === img ? { ...img, data: img.data.slice() } : out;
}

// ---------------------------------------------------------------------------------------------
// The transforms (parameter ranges: albumentations' defaults the seed used).
// ---------------------------------------------------------------------------------------------
/** A value held to 0..255. */
export const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

function map(img: Image, f: (r: number, g: number, b: number, out: Float32Array, i: number) => void): Image {
  const out = new Float32Array(img.data.length);
  const d = img.data;
  for (let i = 0; i < d.length; i += 3) f(d[i]!, d[i + 1]!, d[i + 2]!, out, i);
  for (let i = 0; i < out.length; i++) out[i] = clamp(out[i]!);
  return { ...img, data: out };
}

export function hflip(img: Image): Image {
  const { width: w, height: h, data } = img;
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * 3;
      const t = (y * w + (w - 1 - x)) * 3;
      out[t] = data[s]!;
      out[t + 1] = data[s + 1]!;
      out[t + 2] = data[s + 2]!;
    }
  }
  return { ...img, data: out };
}

/** Additive Gaussian noise, variance in [10, 50] (albumentations GaussNoise). */
export function gaussNoise(img: Image, rng: Rng): Image {
  const sigma = Math.sqrt(uniform(rng, 10, 50));
  return map(img, (r, g, b, o, i) => {
    o[i] = r + sigma * gaussian(rng);
    o[i + 1] = g + sigma * gaussian(rng);
    o[i + 2] = b + sigma * gaussian(rng);
  });
}

/** Camera-sensor-like noise: luminance noise proportional to brightness plus colour noise
 *  (albumentations ISONoise: intensity 0.1-0.5, colour shift 0.01-0.05). */
export function isoNoise(img: Image, rng: Rng): Image {
  const intensity = uniform(rng, 0.1, 0.5);
  const colour = uniform(rng, 0.01, 0.05) * 255;
  return map(img, (r, g, b, o, i) => {
    const lum = (r + g + b) / 3;
    const n = gaussian(rng) * intensity * Math.sqrt(lum);
    o[i] = r + n + colour * gaussian(rng);
    o[i + 1] = g + n + colour * gaussian(rng);
    o[i + 2] = b + n + colour * gaussian(rng);
  });
}

/** Convolution with a square kernel (odd side), edges clamped, result clamped to [0,255]. */
export function convolve(img: Image, kernel: Float32Array, k: number): Image {
  const { width: w, height: h, data } = img;
  const out = new Float32Array(data.length);
  const half = k >> 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < k; dy++) {
        const yy = Math.min(h - 1, Math.max(0, y + dy - half));
        for (let dx = 0; dx < k; dx++) {
          const wgt = kernel[dy * k + dx]!;
          if (wgt === 0) continue;
          const xx = Math.min(w - 1, Math.max(0, x + dx - half));
          const s = (yy * w + xx) * 3;
          r += wgt * data[s]!;
          g += wgt * data[s + 1]!;
          b += wgt * data[s + 2]!;
        }
      }
      const t = (y * w + x) * 3;
      out[t] = clamp(r);
      out[t + 1] = clamp(g);
      out[t + 2] = clamp(b);
    }
  }
  return { ...img, data: out };
}

/** A line of ones (3, 5 or 7 long) at 0, 45, 90 or 135 degrees, normalised. */
export function motionBlur(img: Image, rng: Rng): Image {
  const k = [3, 5, 7][randInt(rng, 3)]!;
  const dir = randInt(rng, 4);
  const kernel = new Float32Array(k * k);
  const c = k >> 1;
  for (let i = 0; i < k; i++) {
    const [y, x] = dir === 0 ? [c, i] : dir === 1 ? [i, i] : dir === 2 ? [i, c] : [i, k - 1 - i];
    kernel[y * k + x] = 1 / k;
  }
  return convolve(img, kernel, k);
}

export function gaussianBlur(img: Image, rng: Rng): Image {
  const k = rng.next() < 0.5 ? 3 : 5;
  const sigma = uniform(rng, 0.5, 1.2);
  const kernel = new Float32Array(k * k);
  const c = k >> 1;
  let sum = 0;
  for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) sum += kernel[y * k + x] = Math.exp(-((x - c) ** 2 + (y - c) ** 2) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  return convolve(img, kernel, k);
}

export function boxBlur3(img: Image): Image {
  return convolve(img, new Float32Array(9).fill(1 / 9), 3);
}

/** Hue shift up to 20 degrees, saturation and value up to 30 / 20 (of 255), as HueSaturationValue. */
export function hueSaturationValue(img: Image, rng: Rng): Image {
  const dh = uniform(rng, -20, 20) / 360;
  const ds = uniform(rng, -30, 30) / 255;
  const dv = uniform(rng, -20, 20);
  return map(img, (r, g, b, o, i) => {
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const d = max - min;
    let h = 0;
    if (d > 0) h = max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    h = (((h / 6 + dh) % 1) + 1) % 1;
    const s = Math.min(1, Math.max(0, (max === 0 ? 0 : d / max) + ds));
    const v = Math.min(255, Math.max(0, max + dv));
    // HSV -> RGB
    const c = v * s;
    const hp = h * 6;
    const x = c * (1 - Math.abs((hp % 2) - 1));
    const [r1, g1, b1] = hp < 1 ? [c, x, 0] : hp < 2 ? [x, c, 0] : hp < 3 ? [0, c, x] : hp < 4 ? [0, x, c] : hp < 5 ? [x, 0, c] : [c, 0, x];
    const m = v - c;
    o[i] = r1 + m;
    o[i + 1] = g1 + m;
    o[i + 2] = b1 + m;
  });
}

/** Add up to +-20% of full scale (RandomBrightness, limit 0.2). */
export function brightness(img: Image, rng: Rng): Image {
  const beta = uniform(rng, -0.2, 0.2) * 255;
  return map(img, (r, g, b, o, i) => {
    o[i] = r + beta;
    o[i + 1] = g + beta;
    o[i + 2] = b + beta;
  });
}

/** Contrast x [0.8, 1.2] about the image mean, then brightness +-20%. */
export function brightnessContrast(img: Image, rng: Rng): Image {
  const alpha = uniform(rng, 0.8, 1.2);
  const beta = uniform(rng, -0.2, 0.2) * 255;
  let mean = 0;
  for (let i = 0; i < img.data.length; i++) mean += img.data[i]!;
  mean /= img.data.length;
  return map(img, (r, g, b, o, i) => {
    o[i] = (r - mean) * alpha + mean + beta;
    o[i + 1] = (g - mean) * alpha + mean + beta;
    o[i + 2] = (b - mean) * alpha + mean + beta;
  });
}

/** Blend of identity and a sharpening kernel with weight alpha in [0.2, 0.5] (IAASharpen). */
export function sharpen(img: Image, rng: Rng): Image {
  const alpha = uniform(rng, 0.2, 0.5);
  const lightness = uniform(rng, 0.5, 1.0);
  const sharp = [-1, -1, -1, -1, 8 + lightness, -1, -1, -1, -1];
  const ident = [0, 0, 0, 0, 1, 0, 0, 0, 0];
  return convolve(img, Float32Array.from(ident.map((v, i) => (1 - alpha) * v + alpha * sharp[i]!)), 3);
}

/** Blend of identity and an emboss kernel, alpha in [0.2, 0.5], strength in [0.2, 0.7] (IAAEmboss). */
export function emboss(img: Image, rng: Rng): Image {
  const alpha = uniform(rng, 0.2, 0.5);
  const s = uniform(rng, 0.2, 0.7);
  const emb = [-1 - s, -s, 0, -s, 1, s, 0, s, 1 + s];
  const ident = [0, 0, 0, 0, 1, 0, 0, 0, 0];
  return convolve(img, Float32Array.from(ident.map((v, i) => (1 - alpha) * v + alpha * emb[i]!)), 3);
}

/** The classic sepia matrix (ToSepia). */
export function sepia(img: Image): Image {
  return map(img, (r, g, b, o, i) => {
    o[i] = 0.393 * r + 0.769 * g + 0.189 * b;
    o[i + 1] = 0.349 * r + 0.686 * g + 0.168 * b;
    o[i + 2] = 0.272 * r + 0.534 * g + 0.131 * b;
  });
}
