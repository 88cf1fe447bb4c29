import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Face, Point } from '../types';
import {
  ALIGN_TEMPLATE,
  alignFaces,
  alignFacesCpu,
  alignFrame,
  applySimilarity,
  invertSimilarity,
  similarityTransform,
  templateFor,
  footprint,
  transformRow,
} from './align';
import { BT709, toRgba, type Yuv } from './cpu-image';
import { FramePixels } from './frame-tensor';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A face whose keypoints are the template rotated by `angle`, scaled by `scale` and moved. */
function faceFromTemplate(angle: number, scale: number, dx: number, dy: number): Face {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const pts = ALIGN_TEMPLATE.map((p) => ({ x: scale * (c * p.x - s * p.y) + dx, y: scale * (s * p.x + c * p.y) + dy }));
  return { box: { x: 0, y: 0, width: 10, height: 10 }, score: 1, landmarks: pts as Face['landmarks'] };
}

describe('similarityTransform', () => {
  it('recovers an exact similarity', () => {
    const face = faceFromTemplate(0.3, 0.5, 40, -10);
    const t = similarityTransform(face.landmarks, ALIGN_TEMPLATE);
    face.landmarks.forEach((p, i) => {
      const q = applySimilarity(t, p);
      expect(q.x).toBeCloseTo(ALIGN_TEMPLATE[i]!.x, 6);
      expect(q.y).toBeCloseTo(ALIGN_TEMPLATE[i]!.y, 6);
    });
    // Scale 0.5 in the face means the transform scales by 2.
    expect(Math.hypot(t.a, t.b)).toBeCloseTo(2, 6);
  });

  it('is a least-squares fit for noisy points (residual smaller than for a perturbed transform)', () => {
    const src: Point[] = [
      { x: 10, y: 10 },
      { x: 30, y: 11 },
      { x: 20, y: 22 },
      { x: 21, y: 33 },
    ];
    const t = similarityTransform(src, ALIGN_TEMPLATE);
    const residual = (u: typeof t) =>
      src.reduce((s, p, i) => {
        const q = applySimilarity(u, p);
        return s + (q.x - ALIGN_TEMPLATE[i]!.x) ** 2 + (q.y - ALIGN_TEMPLATE[i]!.y) ** 2;
      }, 0);
    const best = residual(t);
    for (const d of [0.01, -0.01]) {
      expect(residual({ ...t, a: t.a + d })).toBeGreaterThan(best);
      expect(residual({ ...t, b: t.b + d })).toBeGreaterThan(best);
      expect(residual({ ...t, tx: t.tx + d * 10 })).toBeGreaterThan(best);
    }
  });

  it('inverts', () => {
    const t = similarityTransform(faceFromTemplate(-0.7, 1.3, 5, 9).landmarks, ALIGN_TEMPLATE);
    const p = { x: 17, y: -4 };
    const q = applySimilarity(invertSimilarity(t), applySimilarity(t, p));
    expect(q.x).toBeCloseTo(p.x, 9);
    expect(q.y).toBeCloseTo(p.y, 9);
  });

  it('rejects degenerate input with a clear message', () => {
    const p = { x: 1, y: 1 };
    expect(() => similarityTransform([p, p], [p, { x: 2, y: 2 }])).toThrow(/coincide/);
    expect(() => similarityTransform([p], [p])).toThrow(/at least 2 points/);
  });
});

describe('alignFaces', () => {
  it('moves a marked pixel at a keypoint onto the template keypoint', () => {
    // A 200x300 black frame with a white 3x3 dot at the subject's right eye.
    const face = faceFromTemplate(0.2, 0.4, 60, 20);
    const eye = face.landmarks[0];
    const h = 200;
    const w = 300;
    const data = new Float32Array(h * w * 3);
    for (let y = Math.round(eye.y) - 1; y <= Math.round(eye.y) + 1; y++) {
      for (let x = Math.round(eye.x) - 1; x <= Math.round(eye.x) + 1; x++) data.fill(255, (y * w + x) * 3, (y * w + x) * 3 + 3);
    }
    const frame = tf.tensor3d(data, [h, w, 3]);
    const before = tf.memory().numTensors;
    const crops = alignFaces(frame, [face, face], 160);
    expect(crops.shape).toEqual([2, 160, 160, 3]);
    const { values, indices } = tf.tidy(() => tf.topk(crops.slice([0, 0, 0, 0], [1, 160, 160, 1]).reshape([-1]), 1));
    const idx = indices.dataSync()[0]!;
    const target = templateFor(160)[0]!;
    expect(values.dataSync()[0]).toBeGreaterThan(100);
    // Bright spot lands within 1.5 px of the template eye (rounding of the dot + bilinear).
    expect(Math.abs((idx % 160) - target.x)).toBeLessThan(1.5 + 1);
    expect(Math.abs(Math.floor(idx / 160) - target.y)).toBeLessThan(1.5 + 1);
    tf.dispose([crops, values, indices]);
    expect(tf.memory().numTensors).toBe(before);
    frame.dispose();
  });

  it('is black outside the frame and leaks nothing for no faces', () => {
    const frame = tf.fill([50, 50, 3], 200);
    const far = faceFromTemplate(0, 0.05, 1000, 1000);
    const crops = alignFaces(frame as tf.Tensor3D, [far], 32);
    expect(tf.tidy(() => crops.max().dataSync()[0])).toBe(0);
    const none = alignFaces(frame as tf.Tensor3D, [], 32);
    expect(none.shape).toEqual([0, 32, 32, 3]);
    tf.dispose([frame, crops, none]);
  });

  it('transformRow maps output pixels back into the frame', () => {
    const face = faceFromTemplate(0.1, 0.8, 12, 7);
    const row = transformRow(similarityTransform(face.landmarks, ALIGN_TEMPLATE));
    const t = ALIGN_TEMPLATE[2];
    const x = row[0]! * t.x + row[1]! * t.y + row[2]!;
    const y = row[3]! * t.x + row[4]! * t.y + row[5]!;
    expect(x).toBeCloseTo(face.landmarks[2].x, 6);
    expect(y).toBeCloseTo(face.landmarks[2].y, 6);
  });
});

/** A w x h frame of pseudo-random pixels, as opaque RGBA bytes and as the int32 RGB tensor of the
 *  same pixels (the caller disposes it). */
function noiseFrame(w: number, h: number): { rgba: Uint8ClampedArray<ArrayBuffer>; tensor: tf.Tensor3D } {
  const rgba = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : (i * 2654435761) >>> 24;
  const rgb = new Int32Array(h * w * 3);
  for (let p = 0; p < h * w; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = rgba[p * 4 + c]!;
  return { rgba, tensor: tf.tensor3d(rgb, [h, w, 3], 'int32') };
}

describe('alignFacesCpu', () => {
  it('gives alignFaces\'s crops from the RGBA bytes, inside, across every edge and outside the frame', () => {
    const h = 90;
    const w = 120;
    const { rgba, tensor: frame } = noiseFrame(w, h);
    const faces = [
      faceFromTemplate(0.2, 0.15, 40, 20), // inside
      faceFromTemplate(-0.4, 0.3, -40, -30), // across the left and top edges
      faceFromTemplate(0.9, 0.25, 110, 60), // across the right and bottom edges, rotated
      faceFromTemplate(0, 0.05, 1000, 1000), // outside
    ];
    const before = tf.memory().numTensors;
    const want = alignFaces(frame, faces, 48);
    const got = alignFacesCpu({ data: rgba, width: w, height: h }, faces, 48);
    expect(got.shape).toEqual(want.shape);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]!);
    expect(diff).toBeLessThan(0.01);
    // Not trivially equal: the crops hold the frame's pixels.
    expect(tf.tidy(() => tf.mean(got.slice([0, 0, 0, 0], [1, -1, -1, -1])).dataSync()[0]!)).toBeGreaterThan(50);
    tf.dispose([want, got, frame]);
    expect(tf.memory().numTensors).toBe(before - 1);
    expect(alignFacesCpu({ data: rgba, width: w, height: h }, [], 48).shape).toEqual([0, 48, 48, 3]);
  });

  it('gives from YUV planes the very crops it gives from their conversion to RGBA (faces inside, across edges, outside)', async () => {
    const w = 151;
    const h = 97;
    const cw = Math.ceil(w / 2);
    const ch = Math.ceil(h / 2);
    const data = new Uint8Array(w * h + 2 * cw * ch);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    const yuv: Yuv = { data, width: w, height: h, planes: [{ offset: 0, stride: w }, { offset: w * h, stride: cw }, { offset: w * h + cw * ch, stride: cw }], chromaShift: [1, 1], matrix: BT709 };
    const faces = [
      faceFromTemplate(0.2, 0.15, 40, 20),
      faceFromTemplate(-0.4, 0.3, -40, -30),
      faceFromTemplate(0.9, 0.25, 140, 80),
      faceFromTemplate(0.1, 0.6, 60, 40),
      faceFromTemplate(0, 0.05, 1000, 1000),
    ];
    const fromPlanes = alignFacesCpu(yuv, faces, 48);
    const fromRgba = alignFacesCpu(toRgba(yuv), faces, 48);
    expect(await fromPlanes.data()).toEqual(await fromRgba.data());
    expect(tf.tidy(() => tf.mean(fromPlanes.slice([0, 0, 0, 0], [1, -1, -1, -1])).dataSync()[0]!)).toBeGreaterThan(50);
    tf.dispose([fromPlanes, fromRgba]);
  });

  it('reads only the rectangle a crop samples', () => {
    const row = transformRow(similarityTransform(faceFromTemplate(0, 0.5, 30, 40).landmarks, templateFor(48)));
    const r = footprint(row, 48, 1000, 1000);
    for (const [x, y] of [[0, 0], [47, 0], [0, 47], [47, 47], [20, 31]]) {
      const inX = row[0]! * x! + row[1]! * y! + row[2]!;
      const inY = row[3]! * x! + row[4]! * y! + row[5]!;
      expect(Math.floor(inX)).toBeGreaterThanOrEqual(r.x);
      expect(Math.floor(inX) + 1).toBeLessThan(r.x + r.width);
      expect(Math.floor(inY)).toBeGreaterThanOrEqual(r.y);
      expect(Math.floor(inY) + 1).toBeLessThan(r.y + r.height);
    }
    // The crop's footprint (48 px reading ~160 px of the frame), not the whole frame.
    expect(r.width).toBeLessThan(200);
    expect(r.height).toBeLessThan(200);
    const outside = footprint(row, 48, 10, 10);
    expect([outside.width, outside.height]).toEqual([0, 0]);
  });
});

describe('alignFrame', () => {
  it('aligns from the frame\'s bytes when it holds them, else from its tensor, with the same crops', async () => {
    const { rgba, tensor: t } = noiseFrame(60, 40);
    const faces = [faceFromTemplate(0.1, 0.1, 15, 5)];
    const bytes = FramePixels.fromImage({ data: rgba, width: 60, height: 40 });
    const tensor = FramePixels.fromTensor(t);
    const fromBytes = alignFrame(bytes, faces, 24);
    const fromTensor = alignFrame(tensor, faces, 24);
    const cpu = alignFacesCpu(bytes.image!, faces, 24);
    const gpu = alignFaces(tensor.tensor(), faces, 24);
    expect(await fromBytes.data()).toEqual(await cpu.data());
    expect(await fromTensor.data()).toEqual(await gpu.data());
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(fromBytes, fromTensor))).dataSync()[0]!);
    expect(diff).toBeLessThan(0.01);
    tf.dispose([fromBytes, fromTensor, cpu, gpu]);
    bytes.dispose();
    tensor.dispose();
  });
});
