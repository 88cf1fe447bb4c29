// The detector's pure parts (anchors, box decoding, NMS, merging, tiling), each checked against
// values worked out by hand from MediaPipe's definitions, and the whole detector on a real face
// (a DFDC crop from ../shared, skipped when absent) with the real BlazeFace graphs from node_modules.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDetectorSource } from '../../node/node-io';
import { iou } from './box';
import { decodeJpeg } from '../../training/decode-jpeg';
import {
  anchors,
  decodeAll,
  detectFaces,
  disposeDetector,
  loadDetector,
  mergeOutputs,
  nonMaxSuppression,
  scaleDetection,
  tiles,
  weightedMerge,
  type RawDetection,
} from './detect';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('anchors', () => {
  it('lays out 896 anchors for a 128 px input: 16x16 cells x 2, then 8x8 cells x 6', () => {
    const a = anchors(128);
    expect(a).toHaveLength(512 + 384);
    // Fine grid (stride 8): cell centres at 4, 12, ...; two anchors per cell, row-major.
    expect(a.slice(0, 4)).toEqual([
      { x: 4, y: 4 },
      { x: 4, y: 4 },
      { x: 12, y: 4 },
      { x: 12, y: 4 },
    ]);
    expect(a[2 * 16]).toEqual({ x: 4, y: 12 }); // second row starts after 16 cells x 2
    expect(a[511]).toEqual({ x: 124, y: 124 });
    // Coarse grid (stride 16): six anchors per cell, centres at 8, 24, ...
    expect(a.slice(512, 519)).toEqual([...Array(6).fill({ x: 8, y: 8 }), { x: 24, y: 8 }]);
    expect(a[895]).toEqual({ x: 120, y: 120 });
  });

  it('scales with the input size (256 px: strides 16 and 32)', () => {
    const a = anchors(256);
    expect(a).toHaveLength(896);
    expect(a[0]).toEqual({ x: 8, y: 8 });
    expect(a[512]).toEqual({ x: 16, y: 16 });
  });
});

/** A raw [896 x 17] output with every score at -100 (probability ~0) but the given rows. */
function rawWith(rows: Record<number, number[]>): Float32Array {
  const raw = new Float32Array(896 * 17);
  for (let i = 0; i < 896; i++) raw[i * 17] = -100;
  for (const [i, row] of Object.entries(rows)) raw.set(row, Number(i) * 17);
  return raw;
}

describe('decodeAll', () => {
  it('decodes box and keypoints as pixel offsets from the anchor centre', () => {
    // Anchor 518 (second cell of the coarse grid) sits at (24, 8) in a 128 px input.
    const row = [2, /* cx, cy, w, h */ 10, -2, 40, 30, /* six keypoints */ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const dets = decodeAll(rawWith({ 518: row }), 128, 0.5);
    expect(dets).toHaveLength(1);
    const d = dets[0]!;
    expect(d.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(d.box).toEqual({ x: 34 - 20, y: 6 - 15, width: 40, height: 30 });
    expect(d.keypoints).toEqual([
      { x: 25, y: 10 },
      { x: 27, y: 12 },
      { x: 29, y: 14 },
      { x: 31, y: 16 },
      { x: 33, y: 18 },
      { x: 35, y: 20 },
    ]);
  });

  it('keeps only anchors whose sigmoid score reaches minScore, and clamps huge logits', () => {
    const raw = rawWith({ 0: [0.5], 100: [-0.5], 700: [1e6] });
    const dets = decodeAll(raw, 128, 0.5);
    expect(dets.map((d) => d.score)).toEqual([1 / (1 + Math.exp(-0.5)), 1 / (1 + Math.exp(-100))]);
    expect(decodeAll(raw, 128, 0.99)).toHaveLength(1);
  });
});

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('iou and nonMaxSuppression', () => {
  it('measures overlap as intersection over union', () => {
    expect(iou(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1);
    expect(iou(box(0, 0, 10, 10), box(5, 0, 10, 10))).toBeCloseTo(50 / 150, 9);
    expect(iou(box(0, 0, 10, 10), box(20, 20, 5, 5))).toBe(0);
    expect(iou(box(0, 0, 0, 0), box(0, 0, 0, 0))).toBe(0);
  });

  it('keeps the best of each overlapping cluster, best first', () => {
    const dets = [
      { score: 0.7, box: box(1, 1, 10, 10) },
      { score: 0.9, box: box(0, 0, 10, 10) },
      { score: 0.8, box: box(100, 0, 10, 10) },
      { score: 0.6, box: box(6, 0, 10, 10) }, // IoU 40/160 = 0.25 with the best: its own face at 0.3
    ];
    expect(nonMaxSuppression(dets, 0.3).map((d) => d.score)).toEqual([0.9, 0.8, 0.6]);
    expect(nonMaxSuppression(dets, 0.25).map((d) => d.score)).toEqual([0.9, 0.8, 0.6]); // "more than" the threshold merges
    expect(nonMaxSuppression(dets, 0.2).map((d) => d.score)).toEqual([0.9, 0.8]);
    expect(nonMaxSuppression([], 0.3)).toEqual([]);
  });
});

describe('weightedMerge and scaleDetection', () => {
  const det = (score: number, x: number): RawDetection => ({
    score,
    box: box(x, 0, 10, 10),
    keypoints: Array.from({ length: 6 }, () => ({ x, y: 0 })),
  });

  it('averages the cluster around the best detection, weighted by score, and ignores the rest', () => {
    const best = det(0.75, 0);
    const merged = weightedMerge(best, [best, det(0.25, 2), det(0.9, 50)], 0.3);
    expect(merged.score).toBe(0.75);
    expect(merged.box.x).toBeCloseTo(0.5, 9); // (0 * 0.75 + 2 * 0.25) / 1
    expect(merged.keypoints[0]!.x).toBeCloseTo(0.5, 9);
  });

  it('maps input pixels to frame pixels: scale, then offset', () => {
    const d = scaleDetection({ score: 0.8, box: box(10, 20, 30, 40), keypoints: [{ x: 1, y: 2 }] }, 2, 100, 50);
    expect(d).toEqual({ score: 0.8, box: box(120, 90, 60, 80), keypoints: [{ x: 102, y: 54 }] });
  });
});

describe('tiles', () => {
  it('covers the long side of a wide frame with overlapping squares of the short side', () => {
    expect(tiles(1920, 1080)).toEqual([
      { x: 0, y: 0, side: 1080 },
      { x: 840, y: 0, side: 1080 },
    ]);
    expect(tiles(1080, 3000).map((t) => t.y)).toEqual([0, 960, 1920]); // ceil(3000 / 1080) = 3 tiles
  });

  it('adds none for nearly square frames', () => {
    expect(tiles(640, 600)).toEqual([]);
  });
});

describe('mergeOutputs', () => {
  it('reassembles the four outputs in anchor order whatever order the graph returns them in', () => {
    const part = (rows: number, cols: number, v: number) => tf.fill([1, rows, cols], v);
    const outs = [part(384, 16, 4), part(512, 1, 1), part(384, 1, 3), part(512, 16, 2)];
    const merged = mergeOutputs(outs);
    expect(merged.shape).toEqual([1, 896, 17]);
    const data = merged.arraySync()[0]!;
    expect([data[0]![0], data[0]![1], data[511]![16]]).toEqual([1, 2, 2]);
    expect([data[512]![0], data[512]![1], data[895]![16]]).toEqual([3, 4, 4]);
    expect(() => mergeOutputs(outs.slice(1))).toThrow('Face detector model has an unexpected output layout: 1x512x1, 1x384x1, 1x512x16.');
    tf.dispose([...outs, merged]);
  });
});

const FACES = resolve(__dirname, '../../../shared/data/dfdc-faces/faces_224');

describe('detectFaces on a real face', () => {
  it.skipIf(!existsSync(FACES))('finds the face of a DFDC crop placed in a larger frame, and frees the detector', async () => {
    const before = tf.memory().numTensors;
    const detector = await loadDetector(nodeDetectorSource());
    const name = readdirSync(FACES).sort()[0]!;
    const crop = decodeJpeg(readFileSync(join(FACES, name)));
    // The 224 px crop at (300, 80) in a black 640x360 frame: the face must be found there.
    const frame = tf.tidy(() => tf.pad(crop, [[80, 360 - 80 - 224], [300, 640 - 300 - 224], [0, 0]])) as tf.Tensor3D;
    const faces = await detectFaces(detector, frame, { minScore: 0.6 });
    const blank = tf.zeros([360, 640, 3], 'int32') as tf.Tensor3D;
    const none = await detectFaces(detector, blank);
    tf.dispose([crop, frame, blank]);

    expect(faces.length, `no face found in ${name}`).toBeGreaterThanOrEqual(1);
    const f = faces[0]!;
    expect(iou(f.box, box(300, 80, 224, 224)), JSON.stringify(f.box)).toBeGreaterThan(0.2);
    const [rightEye, leftEye, nose, mouth] = f.landmarks;
    expect(rightEye.x).toBeLessThan(leftEye.x); // the subject's right eye is on the image's left
    expect(Math.max(rightEye.y, leftEye.y)).toBeLessThan(mouth.y);
    expect(nose.y).toBeLessThan(mouth.y);
    expect(none).toEqual([]);

    expect(tf.memory().numTensors).toBeGreaterThan(before);
    disposeDetector(detector);
    expect(tf.memory().numTensors).toBe(before);
  });
});
