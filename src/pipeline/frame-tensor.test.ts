import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BT709, toRgba, type Yuv } from './cpu-image';
import { FramePixels, fitWithin, imageOf, rotate } from './frame-tensor';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A 2x3 image whose pixel values are their own (row, column) labels: 10 * row + column.
const image = () => tf.tensor3d([[0, 1, 2], [10, 11, 12]].map((row) => row.map((v) => [v])), [2, 3, 1]);
const labels = async (t: tf.Tensor3D) => (await t.array()).map((row) => row.map((px) => px[0]));

describe('rotate', () => {
  it('turns clockwise by 90, 180 and 270 degrees', async () => {
    const src = image();
    expect(await labels(rotate(src, 90))).toEqual([[10, 0], [11, 1], [12, 2]]);
    expect(await labels(rotate(src, 180))).toEqual([[12, 11, 10], [2, 1, 0]]);
    expect(await labels(rotate(src, 270))).toEqual([[2, 12], [1, 11], [0, 10]]);
    expect(await labels(rotate(src, 0))).toEqual([[0, 1, 2], [10, 11, 12]]);
    src.dispose();
  });

  it('leaves no tensor behind but its result', () => {
    const src = image();
    const before = tf.memory().numTensors;
    const out = rotate(src, 90);
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
    src.dispose();
  });
});

describe('fitWithin', () => {
  it('shrinks the long side to the limit and never enlarges', () => {
    expect(fitWithin(1920, 1080, 320)).toEqual({ width: 320, height: 180 });
    expect(fitWithin(720, 1280, 320)).toEqual({ width: 180, height: 320 });
    expect(fitWithin(64, 64, 320)).toEqual({ width: 64, height: 64 });
  });
});

describe('imageOf', () => {
  it('reads a tensor made without a copyTo readback back as opaque RGBA, row-major', async () => {
    const rgb = tf.tensor3d([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [250, 251, 252]]], [2, 2, 3], 'int32');
    const out = (await imageOf(rgb)) as { data: Uint8ClampedArray; width: number; height: number };
    expect([out.width, out.height]).toEqual([2, 2]);
    expect([...out.data]).toEqual([1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 250, 251, 252, 255]);
    rgb.dispose();
  });

  it('gives a frame\'s own RGBA bytes, and makes its RGB tensor from them only when asked, once', async () => {
    const data = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 250, 251, 252, 255, 10, 20, 30, 255, 40, 50, 60, 255]);
    const before = tf.memory().numTensors;
    const frame = FramePixels.fromImage({ data, width: 3, height: 2 });
    expect(await imageOf(frame)).toEqual({ data, width: 3, height: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const t = frame.tensor();
    expect(frame.tensor()).toBe(t);
    expect(t.shape).toEqual([2, 3, 3]);
    expect(t.dtype).toBe('int32');
    expect(await t.array()).toEqual([[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[250, 251, 252], [10, 20, 30], [40, 50, 60]]]);
    frame.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const owned = FramePixels.fromTensor(tf.zeros([4, 5, 3], 'int32') as tf.Tensor3D);
    expect([owned.width, owned.height, owned.image]).toEqual([5, 4, null]);
    expect(((await imageOf(owned)) as { data: Uint8ClampedArray }).data.length).toBe(4 * 5 * 4);
    owned.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('makes a frame held as YUV planes into the RGB tensor of their conversion', async () => {
    // 4x2 I420: Y per pixel, one U and V per 2x2 block.
    const data = new Uint8Array([16, 60, 120, 235, 90, 100, 110, 128, 200, 90, 60, 160]);
    const yuv: Yuv = { data, width: 4, height: 2, planes: [{ offset: 0, stride: 4 }, { offset: 8, stride: 2 }, { offset: 10, stride: 2 }], chromaShift: [1, 1], matrix: BT709 };
    const frame = FramePixels.fromImage(yuv);
    expect(await imageOf(frame)).toBe(yuv);
    const rgba = toRgba(yuv).data;
    const want = [0, 1].map((y) => [0, 1, 2, 3].map((x) => [0, 1, 2].map((c) => rgba[(y * 4 + x) * 4 + c])));
    expect(await frame.tensor().array()).toEqual(want);
    frame.dispose();
  });
});
