import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { float16ToFloat32, halfToFloatBits } from './float16';

describe('float16ToFloat32', () => {
  it("gives tfjs's float16 decoder's bits for all 65,536 halves", () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const ours = new Uint32Array(float16ToFloat32(all).buffer);
    const spec = [{ name: 'v', shape: [all.length], dtype: 'float32' as const, quantization: { dtype: 'float16' as const } }];
    const theirs = tf.io.decodeWeights(all.slice().buffer, spec);
    const expected = new Uint32Array((theirs.v!.dataSync() as Float32Array).slice().buffer);
    tf.dispose(theirs);
    let differ = 0;
    for (let i = 0; i < all.length; i++) if (ours[i] !== expected[i]) differ++;
    expect(differ).toBe(0);
  });

  it('decodes the values a reader would name', () => {
    expect(Array.from(float16ToFloat32(Uint16Array.of(0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x7c00, 0xfc00, 0x8000)))).toEqual([1, -2, 65504, 2 ** -24, 2 ** -14, Infinity, -Infinity, -0]);
    expect(Number.isNaN(float16ToFloat32(Uint16Array.of(0x7e00))[0])).toBe(true);
    expect(halfToFloatBits(0x7e01)).toBe(0x7fc02000); // a NaN's payload is kept
  });
});
