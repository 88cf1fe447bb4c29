import type { Detection } from '@mediapipe/tasks-vision';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECT_OPTIONS } from './detect';
import type { Rgba } from './cpu-image';
import { cropSquare, toFace, twoStages, type RunModel } from './detect-tasks-vision';

/** An image whose pixel (x, y) is RGBA (x, y, 7, 255) (coordinates below 256). */
function ramp(width: number, height: number): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 7, 255], (y * width + x) * 4);
  return { data, width, height };
}
const px = (img: Rgba, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];

/** A tasks-vision detection of a face with box (x, y, w, h) in an image of iw x ih pixels; keypoints
 *  at fixed places inside the box (normalised, as tasks-vision gives them). */
function detection(x: number, y: number, w: number, h: number, iw: number, ih: number, score = 0.9): Detection {
  const k = (fx: number, fy: number) => ({ x: (x + fx * w) / iw, y: (y + fy * h) / ih, score: 0, label: '' });
  return {
    categories: [{ score, index: 0, categoryName: '', displayName: '' }],
    boundingBox: { originX: x, originY: y, width: w, height: h, angle: 0 },
    keypoints: [k(0.3, 0.4), k(0.7, 0.4), k(0.5, 0.6), k(0.5, 0.8), k(0, 0.4), k(1, 0.4)],
  };
}

describe('cropSquare', () => {
  it('copies a square at full resolution, black and opaque outside the image', () => {
    const c = cropSquare(ramp(20, 10), 15, -2, 8);
    expect([c.width, c.height]).toEqual([8, 8]);
    expect(px(c, 0, 2)).toEqual([15, 0, 7, 255]);
    expect(px(c, 4, 5)).toEqual([19, 3, 7, 255]);
    expect(px(c, 5, 5)).toEqual([0, 0, 0, 255]); // x = 20: right of the image
    expect(px(c, 0, 0)).toEqual([0, 0, 0, 255]); // y = -2: above it
  });
});

describe('toFace', () => {
  it('maps the box (pixels) and the first four keypoints (normalised) into frame pixels', () => {
    const f = toFace(detection(10, 20, 40, 50, 100, 80), 100, 80, 2);
    expect(f.box).toEqual({ x: 20, y: 40, width: 80, height: 100 });
    expect(f.landmarks[0].x).toBeCloseTo((10 + 12) * 2);
    expect(f.landmarks[3].y).toBeCloseTo((20 + 40) * 2);
    expect(f.score).toBe(0.9);
  });
  it('refuses a detection without the four alignment keypoints', () => {
    expect(() => toFace({ ...detection(0, 0, 1, 1, 1, 1), keypoints: [] }, 1, 1)).toThrow(/keypoints/);
  });
});

describe('twoStages', () => {
  const frame = ramp(1920, 1080);
  const opts = { ...DEFAULT_DETECT_OPTIONS, minScore: 0.6 };
  // Stage 1 (640 px copy, 1/3 scale): a face at (100, 50) 60x60 small-image pixels = (300, 150) 180x180 in the frame.
  const find: RunModel = (img) => (img.width === 640 ? [detection(100, 50, 60, 60, img.width, img.height)] : []);

  it('refines each found face on a full-resolution crop of REFINE_CROP x its box and maps it back', () => {
    const crops: Rgba[] = [];
    // The refinement sees a 270 px crop (180 x 1.5) starting at (255, 105); its face sits in the middle.
    const short: RunModel = (img) => {
      if (img.width === 640) return [];
      crops.push(img);
      return [detection(50, 50, 170, 170, img.width, img.height, 0.8)];
    };
    const faces = twoStages(frame, { full: find, short }, opts);
    expect(crops.map((c) => [c.width, c.height])).toEqual([[270, 270]]);
    expect(px(crops[0]!, 0, 0)).toEqual([255, 105, 7, 255]);
    expect(faces).toHaveLength(1);
    expect(faces[0]!.box).toEqual({ x: 305, y: 155, width: 170, height: 170 });
    expect(faces[0]!.landmarks[0].x).toBeCloseTo(255 + 50 + 0.3 * 170);
    expect(faces[0]!.score).toBe(0.8);
  });

  it('drops a face whose refinement scores below minScore or misses the crop centre', () => {
    const low: RunModel = (img) => (img.width === 640 ? [] : [detection(50, 50, 170, 170, img.width, img.height, 0.55)]);
    expect(twoStages(frame, { full: find, short: low }, opts)).toEqual([]);
    const aside: RunModel = (img) => (img.width === 640 ? [] : [detection(0, 0, 60, 60, img.width, img.height, 0.95)]);
    expect(twoStages(frame, { full: find, short: aside }, opts)).toEqual([]);
  });

  it('merges the two models\' finds of one face (one refinement result)', () => {
    const both: RunModel = (img) => (img.width === 640 ? find(img) : [detection(50, 50, 170, 170, img.width, img.height, 0.8)]);
    expect(twoStages(frame, { full: find, short: both }, opts)).toHaveLength(1);
  });

  describe('with the previous frame\'s faces as hints', () => {
    const hint = { x: 305, y: 155, width: 170, height: 170 };
    it('refines around each hint and skips the search when every one is found again', () => {
      const seen: number[] = [];
      const full: RunModel = (img) => (seen.push(img.width), find(img));
      // The crop around the hint is 255 px (170 x 1.5) from (263, 113); the face sits in its middle.
      const short: RunModel = (img) => (seen.push(img.width), img.width === 640 ? [] : [detection(45, 45, 165, 165, img.width, img.height, 0.9)]);
      const faces = twoStages(frame, { full, short }, { ...opts, hints: [hint] });
      expect(seen).toEqual([255]); // one run, on the crop: no 640 px search
      expect(faces).toHaveLength(1);
      expect(faces[0]!.box).toEqual({ x: 263 + 45, y: 113 + 45, width: 165, height: 165 });
    });

    it('searches the frame when a hinted face is not found again', () => {
      const seen: number[] = [];
      const full: RunModel = (img) => (seen.push(img.width), find(img));
      // Around the hint at (1400, 700) nothing; the search's face at (300, 150) is refined as usual.
      const short: RunModel = (img) => {
        seen.push(img.width);
        return img.width === 270 ? [detection(50, 50, 170, 170, img.width, img.height, 0.8)] : [];
      };
      const faces = twoStages(frame, { full, short }, { ...opts, hints: [hint, { x: 1400, y: 700, width: 170, height: 170 }] });
      expect(seen).toContain(640);
      expect(faces.map((f) => f.box)).toEqual([{ x: 305, y: 155, width: 170, height: 170 }]);
    });

    it('refines once more, centred, a face that moved off its crop\'s middle', () => {
      const crops: number[] = [];
      // The face moved right: found at x 100-240 of the first crop (255 px from (263, 113)), its
      // centre (433, 240.5) 0.26 of its side from the hint's; the second crop, 248 px (165 x 1.5)
      // from (309, 117), is centred on it and the face sits in the middle there.
      const short: RunModel = (img) => {
        crops.push(img.width);
        return crops.length === 1 ? [detection(100, 45, 140, 165, img.width, img.height, 0.9)] : [detection(45, 45, 165, 165, img.width, img.height, 0.95)];
      };
      const faces = twoStages(frame, { full: find, short }, { ...opts, hints: [hint] });
      expect(crops).toEqual([255, 248]);
      expect(faces).toHaveLength(1);
      expect(faces[0]!.box).toEqual({ x: 309 + 45, y: 117 + 45, width: 165, height: 165 });
      expect(faces[0]!.score).toBe(0.95);
    });
  });
});
