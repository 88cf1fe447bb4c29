// Image transforms for the SBI recipe's views and self-blends (sbi.ts), on one HxWx3 float image in
// 0..255 held in a Float32Array, with plain typed-array loops: at the cache's sizes an image is cheap
// to touch in JS and the transforms stay exactly seeded. Every transform returns a new array in
// [0,255] of the same shape. (The seed's whole augmentation policy, which the from-scratch recipe
// applied per batch, went with that recipe in issue 26.)
import { type Rng, uniform } from '../src/pipeline/rng';

export interface Image {
  data: Float32Array;
  height: number;
  width: number;
}

/** A value held to 0..255. */
export const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

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

/** Gaussian blur, 3x3 or 5x5, sigma in [0.5, 1.2] (albumentations GaussianBlur). */
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

/** Blend of identity and a sharpening kernel with weight alpha in [0.2, 0.5] (IAASharpen). */
export function sharpen(img: Image, rng: Rng): Image {
  const alpha = uniform(rng, 0.2, 0.5);
  const lightness = uniform(rng, 0.5, 1.0);
  const sharp = [-1, -1, -1, -1, 8 + lightness, -1, -1, -1, -1];
  const ident = [0, 0, 0, 0, 1, 0, 0, 0, 0];
  return convolve(img, Float32Array.from(ident.map((v, i) => (1 - alpha) * v + alpha * sharp[i]!)), 3);
}
