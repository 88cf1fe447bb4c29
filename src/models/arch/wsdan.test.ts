import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './index';
import { bilinearAttentionPool } from './heads';
import { attentionCropBoxes, attentionDropMasks, cropImages, refinedLogits, selectAttentionMap } from './wsdan';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Attention [n,h,w,M] that is zero except for one hot cell per image in map `m`. */
function hotSpots(n: number, h: number, mapCount: number, spots: [number, number, number][]): tf.Tensor4D {
  const buf = tf.buffer([n, h, h, mapCount]);
  spots.forEach(([y, x, m], i) => buf.set(1, i, y, x, m));
  return buf.toTensor() as tf.Tensor4D;
}

describe('WS-DAN helpers', () => {
  it('crop boxes lie inside [0,1], are ordered, and surround the hot spot', () => {
    const att = hotSpots(2, 8, 3, [[1, 2, 0], [6, 5, 2]]);
    const boxes = attentionCropBoxes(att, { theta: [0.4, 0.6], padding: 0.1, seed: 3, imageSize: 64 });
    expect(boxes.shape).toEqual([2, 4]);
    const b = boxes.arraySync();
    for (const [y1, x1, y2, x2] of b) {
      for (const v of [y1!, x1!, y2!, x2!]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(y2!).toBeGreaterThan(y1!);
      expect(x2!).toBeGreaterThan(x1!);
    }
    // Cell (1,2) of an 8x8 map upsampled with aligned corners to 64 px sits at pixel (9, 18).
    const centre = (y: number) => (y * 63) / 7 / 63;
    expect(b[0]![0]!).toBeLessThanOrEqual(centre(1));
    expect(b[0]![2]!).toBeGreaterThanOrEqual(centre(1));
    expect(b[0]![1]!).toBeLessThanOrEqual(centre(2));
    expect(b[0]![3]!).toBeGreaterThanOrEqual(centre(2));
    expect(b[1]![0]!).toBeLessThanOrEqual(centre(6));
    expect(b[1]![2]!).toBeGreaterThanOrEqual(centre(6));
    // A small spot gives a small box (not the whole image).
    expect(b[0]![2]! - b[0]![0]!).toBeLessThan(0.6);
    tf.dispose([att, boxes]);
  });

  it('bilinear pooling has finite gradients when all attention maps of an image are zero', () => {
    const features = tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 1) as tf.Tensor4D;
    // Image 0: every map is zero (all ReLU'd away); image 1: ordinary maps.
    const attention = tf.concat([tf.zeros([1, 3, 3, 2]), tf.randomUniform([1, 3, 3, 2], 0, 1, 'float32', 2)]) as tf.Tensor4D;
    const g = tf.grad((f: tf.Tensor) => tf.sum(tf.mul(bilinearAttentionPool(f as tf.Tensor4D, attention), tf.range(0, 8).reshape([1, 8]))))(features);
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    const pooled = bilinearAttentionPool(features, attention);
    const rows = pooled.arraySync();
    expect(rows[0]!.every((v) => v === 0)).toBe(true);
    expect(Math.hypot(...rows[1]!)).toBeCloseTo(1, 5);
    tf.dispose([features, attention, g, pooled]);
  });

  it('an all-zero attention map crops the whole image', () => {
    const att = tf.zeros([1, 4, 4, 2]) as tf.Tensor4D;
    const boxes = attentionCropBoxes(att, { theta: 0.5, padding: 0.1, seed: 1 });
    expect(Array.from(boxes.dataSync())).toEqual([0, 0, 1, 1]);
    tf.dispose([att, boxes]);
  });

  it('drop masks are 0/1 with the image size, and zero at the hot spot', () => {
    const att = hotSpots(2, 8, 3, [[1, 2, 0], [6, 5, 2]]);
    const masks = attentionDropMasks(att, 48, { theta: [0.4, 0.7], seed: 5 });
    expect(masks.shape).toEqual([2, 48, 48, 1]);
    const v = masks.dataSync();
    expect(Array.from(new Set(v)).sort()).toEqual([0, 1]);
    const m = masks.arraySync() as number[][][][];
    expect(m[0]![Math.round((1 * 47) / 7)]![Math.round((2 * 47) / 7)]![0]).toBe(0);
    expect(m[0]![47]![47]![0]).toBe(1);
    expect(m[1]![Math.round((6 * 47) / 7)]![Math.round((5 * 47) / 7)]![0]).toBe(0);
    tf.dispose([att, masks]);
  });

  it('map choice follows sqrt(sum) weights: a map with all the mass is always drawn', () => {
    const att = hotSpots(4, 4, 3, [[0, 0, 1], [1, 1, 1], [2, 2, 1], [3, 3, 1]]);
    const chosen = selectAttentionMap(att, { seed: 9 });
    // Every image's drawn map is map 1, whose only mass is the hot spot.
    expect(tf.sum(chosen).dataSync()[0]).toBe(4);
    tf.dispose([att, chosen]);
  });

  it('cropImages keeps the image size; the refined logits need no readback and do not leak', () => {
    const model = buildModel('wsdan-xception', { inputSize: 40, widthMultiplier: 0.05, middleBlocks: 1, attentionMaps: 2 }, 1);
    const x = tf.randomNormal([2, 40, 40, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const boxes = tf.tensor2d([[0, 0, 0.5, 0.5], [0.25, 0.25, 1, 1]]);
    const crops = cropImages(x, boxes);
    expect(crops.shape).toEqual([2, 40, 40, 3]);
    const before = tf.memory().numTensors;
    const logits = refinedLogits((t) => model.apply(t, { training: false }), x);
    expect(logits.shape).toEqual([2, 2]);
    expect(tf.memory().numTensors).toBe(before + 1);
    const raw = tf.tidy(() => model.apply(x, { training: false }).logits);
    // The refinement changes the logits (the crop is a different view).
    expect(Array.from(logits.dataSync())).not.toEqual(Array.from(raw.dataSync()));
    tf.dispose([x, boxes, crops, logits, raw]);
    model.dispose();
  });
});

describe('the shipped WS-DAN attention grid', () => {
  it('is 5 x 5 for a 160 px input on an Xception ending at block 13 (what the page caption says)', () => {
    // The shipped archConfig (public/models/wsdan-xception/manifest.json) at a small width: the grid
    // depends only on the input size and the strides, not on the widths.
    const model = buildModel('wsdan-xception', { inputSize: 160, widthMultiplier: 0.125, middleBlocks: 1, block14: false, attentionMaps: 8 });
    const x = tf.zeros([1, 160, 160, 3]) as tf.Tensor4D;
    const out = model.apply(x, { training: false });
    expect(out.attention!.shape).toEqual([1, 5, 5, 8]);
    tf.dispose([x, out.logits, out.featureMatrix!, out.attention!]);
    model.dispose();
  });
});
