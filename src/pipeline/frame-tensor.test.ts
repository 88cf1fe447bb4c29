import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FramePixels, fitWithin, rgbaOf, rotate } from './frame-tensor';

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

describe('rgbaOf', () => {
  it('reads a tensor made without a copyTo readback back as opaque RGBA, row-major', async () => {
    const rgb = tf.tensor3d([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [250, 251, 252]]], [2, 2, 3], 'int32');
    const out = await rgbaOf(rgb);
    expect([out.width, out.height]).toEqual([2, 2]);
    expect([...out.data]).toEqual([1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 250, 251, 252, 255]);
    rgb.dispose();
  });

  it('gives a frame\'s own RGBA bytes, and makes its RGB tensor from them only when asked, once', async () => {
    const data = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 250, 251, 252, 255, 10, 20, 30, 255, 40, 50, 60, 255]);
    const before = tf.memory().numTensors;
    const frame = FramePixels.fromRgba({ data, width: 3, height: 2 });
    expect(await rgbaOf(frame)).toEqual({ data, width: 3, height: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const t = frame.tensor();
    expect(frame.tensor()).toBe(t);
    expect(t.shape).toEqual([2, 3, 3]);
    expect(t.dtype).toBe('int32');
    expect(await t.array()).toEqual([[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[250, 251, 252], [10, 20, 30], [40, 50, 60]]]);
    frame.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const owned = FramePixels.fromTensor(tf.zeros([4, 5, 3], 'int32') as tf.Tensor3D);
    expect([owned.width, owned.height, owned.rgba]).toEqual([5, 4, null]);
    expect((await rgbaOf(owned)).data.length).toBe(4 * 5 * 4);
    owned.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
