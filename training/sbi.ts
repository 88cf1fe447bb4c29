// Self-blended images (SBI; Shiohara and Yamasaki, CVPR 2022; github mapooon/SelfBlendedImages):
// a pseudo-fake made from one real face by blending a slightly altered copy of it (colour, sharpness,
// resolution, a small shift and scale) back into it through a soft face-shaped mask. The result has
// the traces every face swap shares (a blending boundary, a colour and sharpness mismatch between
// the inner face and its surroundings) and none of one method's own look, so a model that learns to
// see it is pushed towards what generalises across swap tools (issue 22).
//
// Here on the model's input crop (the input region of the aligned face, HxWx3 floats 0..255) with
// the four alignment keypoints in that crop's pixels; plain typed-array loops (a 160 px crop is
// 76,800 values). Departures from the paper, for what this pipeline has: the mask is a deformed
// ellipse over the keypoints (the paper's is a convex hull of 68 landmarks; the app's detector gives
// four points), and it is drawn smaller than a whole face, because the input region ends at the
// cheeks and brows (docs/training-recipe.md): a boundary outside the region would leave nothing to
// see.
//
// Also here: `viewAugment`, the recompression, rescaling and flip every cached view gets, real,
// pseudo-fake or DFDC fake alike, so none of them marks a class.
import jpeg from 'jpeg-js';
import { clamp, gaussianBlur, hflip, sharpen, type Image } from './augment';
import type { Point } from '../src/types';
import { randInt, uniform, type Rng } from '../src/pipeline/rng';

export type { Image };

/** The blend ratios the paper draws from (a full blend three times as often as each partial one). */
const BLEND_RATIOS = [0.25, 0.5, 0.75, 1, 1, 1] as const;


/** Bilinear read of channel c at (x, y), edges clamped. */
function sample(img: Image, x: number, y: number, c: number): number {
  const { data, width, height } = img;
  const cx = Math.min(Math.max(x, 0), width - 1);
  const cy = Math.min(Math.max(y, 0), height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const at = (xx: number, yy: number) => data[(yy * width + xx) * 3 + c]!;
  return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x1, y0)) + fy * ((1 - fx) * at(x0, y1) + fx * at(x1, y1));
}

/** The image scaled by `scale` about its centre and shifted by (dx, dy) pixels (bilinear). */
export function shiftScale(img: Image, dx: number, dy: number, scale: number): Image {
  const { width, height } = img;
  const out = new Float32Array(img.data.length);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = (x - cx - dx) / scale + cx;
      const sy = (y - cy - dy) / scale + cy;
      for (let c = 0; c < 3; c++) out[(y * width + x) * 3 + c] = sample(img, sx, sy, c);
    }
  }
  return { ...img, data: out };
}

/** Downscale by `factor` (< 1, area average) and back up (bilinear): the detail a small face lacks. */
export function downUp(img: Image, factor: number): Image {
  const { width, height } = img;
  const w = Math.max(2, Math.round(width * factor));
  const h = Math.max(2, Math.round(height * factor));
  const small = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const ya = Math.floor((y * height) / h);
    const yb = Math.max(ya + 1, Math.floor(((y + 1) * height) / h));
    for (let x = 0; x < w; x++) {
      const xa = Math.floor((x * width) / w);
      const xb = Math.max(xa + 1, Math.floor(((x + 1) * width) / w));
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let yy = ya; yy < yb; yy++) for (let xx = xa; xx < xb; xx++) s += img.data[(yy * width + xx) * 3 + c]!;
        small[(y * w + x) * 3 + c] = s / ((yb - ya) * (xb - xa));
      }
    }
  }
  const smallImg: Image = { data: small, width: w, height: h };
  const out = new Float32Array(img.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = ((x + 0.5) * w) / width - 0.5;
      const sy = ((y + 0.5) * h) / height - 0.5;
      for (let c = 0; c < 3; c++) out[(y * width + x) * 3 + c] = sample(smallImg, sx, sy, c);
    }
  }
  return { ...img, data: out };
}

/** JPEG round trip at `quality` (1-100), through jpeg-js. */
export function jpegRoundTrip(img: Image, quality: number): Image {
  const { width, height } = img;
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = Math.round(clamp(img.data[p * 3 + c]!));
    rgba[p * 4 + 3] = 255;
  }
  const encoded = jpeg.encode({ data: rgba, width, height }, quality);
  const decoded = jpeg.decode(encoded.data, { useTArray: true, formatAsRGBA: true });
  const out = new Float32Array(img.data.length);
  for (let p = 0; p < width * height; p++) for (let c = 0; c < 3; c++) out[p * 3 + c] = decoded.data[p * 4 + c]!;
  return { ...img, data: out };
}

/** Separable Gaussian blur of a one-channel map. */
export function blurMap(map: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(sigma * 2.5));
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let s = 0;
        for (let i = -r; i <= r; i++) {
          const xx = horizontal ? Math.min(Math.max(x + i, 0), width - 1) : x;
          const yy = horizontal ? y : Math.min(Math.max(y + i, 0), height - 1);
          s += k[i + r]! * src[yy * width + xx]!;
        }
        out[y * width + x] = s / sum;
      }
    }
    return out;
  };
  return pass(pass(map, true), false);
}

/**
 * The blending mask: a deformed ellipse around the keypoints (right eye, left eye, nose tip, mouth
 * centre), tilted with the eye line, its edge softened by a Gaussian of random width, times a blend
 * ratio. Values 0..1, one per pixel.
 */
export function blendMask(width: number, height: number, keypoints: readonly Point[], rng: Rng): Float32Array {
  const [re, le, , mouth] = keypoints as [Point, Point, Point, Point];
  const eyeDist = Math.hypot(le.x - re.x, le.y - re.y);
  const angle = Math.atan2(le.y - re.y, le.x - re.x);
  const eyeMid = { x: (re.x + le.x) / 2, y: (re.y + le.y) / 2 };
  // Centre between the eyes' midpoint and the mouth, nudged; radii from the eye distance.
  const t = uniform(rng, 0.4, 0.6);
  const cx = eyeMid.x + t * (mouth.x - eyeMid.x) + uniform(rng, -0.05, 0.05) * eyeDist;
  const cy = eyeMid.y + t * (mouth.y - eyeMid.y) + uniform(rng, -0.05, 0.1) * eyeDist;
  const rx = uniform(rng, 0.45, 0.7) * eyeDist;
  const ry = uniform(rng, 0.65, 0.95) * eyeDist;
  // Low-frequency wobble of the radius (the paper deforms its hull with elastic transforms).
  const waves = Array.from({ length: 2 }, () => ({ k: 2 + randInt(rng, 3), a: uniform(rng, 0, 0.08), p: uniform(rng, 0, 2 * Math.PI) }));
  const cos = Math.cos(-angle);
  const sin = Math.sin(-angle);
  const mask = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const u = (dx * cos - dy * sin) / rx;
      const v = (dx * sin + dy * cos) / ry;
      const theta = Math.atan2(v, u);
      const r = 1 + waves.reduce((s, w) => s + w.a * Math.sin(w.k * theta + w.p), 0);
      mask[y * width + x] = u * u + v * v <= r * r ? 1 : 0;
    }
  }
  const soft = blurMap(mask, width, height, uniform(rng, 1.5, 0.08 * eyeDist));
  const ratio = BLEND_RATIOS[randInt(rng, BLEND_RATIOS.length)]!;
  for (let i = 0; i < soft.length; i++) soft[i] = Math.min(1, soft[i]! * ratio);
  return soft;
}

/** A mild colour change (the paper's: RGB shift up to 20 with p 0.3, small hue, saturation,
 *  value, brightness and contrast changes): per-channel gain and offset, contrast about the mean.
 *  A strong one would make pseudo-fakes no real swap looks like. */
export function mildColour(img: Image, rng: Rng): Image {
  const shift = rng.next() < 0.3;
  const gain = [0, 1, 2].map(() => uniform(rng, 0.94, 1.06));
  const offset = [0, 1, 2].map(() => (shift ? uniform(rng, -15, 15) : 0));
  const bright = uniform(rng, -0.06, 0.06) * 255;
  const contrast = uniform(rng, 0.9, 1.1);
  let mean = 0;
  for (let i = 0; i < img.data.length; i++) mean += img.data[i]!;
  mean /= img.data.length;
  const out = new Float32Array(img.data.length);
  for (let i = 0; i < out.length; i++) {
    const c = i % 3;
    out[i] = clamp((img.data[i]! * gain[c]! + offset[c]! - mean) * contrast + mean + bright);
  }
  return { ...img, data: out };
}

/** The altered copy blended in: colour, then sharpness or resolution, then a small shift and scale. */
export function sourceTransform(img: Image, rng: Rng): Image {
  let s = mildColour(img, rng);
  const pick = rng.next();
  if (pick < 0.3) s = sharpen(s, rng);
  else if (pick < 0.6) s = gaussianBlur(s, rng);
  else if (pick < 0.9) s = downUp(s, uniform(rng, 0.35, 0.75));
  const side = img.width;
  return shiftScale(s, uniform(rng, -0.03, 0.03) * side, uniform(rng, -0.03, 0.03) * side, uniform(rng, 0.95, 1.05));
}

/** One self-blended pseudo-fake of `img` and the mask it was blended through. */
export function selfBlend(img: Image, keypoints: readonly Point[], rng: Rng): { image: Image; mask: Float32Array } {
  const source = sourceTransform(img, rng);
  const mask = blendMask(img.width, img.height, keypoints, rng);
  const out = new Float32Array(img.data.length);
  for (let p = 0; p < mask.length; p++) {
    const m = mask[p]!;
    for (let c = 0; c < 3; c++) out[p * 3 + c] = m * source.data[p * 3 + c]! + (1 - m) * img.data[p * 3 + c]!;
  }
  return { image: { ...img, data: out }, mask };
}

/**
 * What every cached view gets, whatever its label: a flip (p 0.5), a lower resolution (p 0.25, the
 * detail of a face 35-80% as wide), JPEG recompression (p 0.5, quality 40-95). Videos reach the page
 * recompressed and at every size; the DFDC crops are one JPEG quality at one size.
 */
export function viewAugment(img: Image, rng: Rng): Image {
  let out = rng.next() < 0.5 ? hflip(img) : img;
  if (rng.next() < 0.25) out = downUp(out, uniform(rng, 0.35, 0.8));
  if (rng.next() < 0.5) out = jpegRoundTrip(out, Math.round(uniform(rng, 40, 95)));
  return out;
}
