import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './arch/index';
import { decodeModel, encodeModel, float32ToFloat16Bits, parseModelJson, toHalfBits } from './weights-io';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CFG = { inputSize: 40, widthMultiplier: 0.05, middleBlocks: 1, attentionMaps: 2 };

function toBuffers(shards: { path: string; data: Uint8Array }[]): Record<string, ArrayBuffer> {
  return Object.fromEntries(shards.map((s) => [s.path, s.data.slice().buffer]));
}

describe('float16 encoder', () => {
  it('encodes exact bit patterns (round to nearest even, overflow, subnormals, signs, NaN)', () => {
    const cases: [number, number][] = [
      [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800],
      [65504, 0x7bff], // largest half
      [65519, 0x7bff], // rounds down (below the halfway point 65520)
      [65520, 0x7c00], // halfway: ties to even -> Infinity
      [1e6, 0x7c00], [-1e6, 0xfc00], [Infinity, 0x7c00], [-Infinity, 0xfc00],
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -25, 0x0000], // halfway to the smallest subnormal: ties to even -> 0
      [1.5 * 2 ** -25, 0x0001],
      [2 ** -26, 0x0000],
      [1 + 2 ** -11, 0x3c00], // halfway between 1 and the next half: ties to even
      [1 + 3 * 2 ** -11, 0x3c02], // halfway, odd below: rounds up
      [1 + 2 ** -11 + 2 ** -20, 0x3c01], // just above halfway
      [0.1, 0x2e66],
      [2 ** -15 + 2 ** -25, 0x0200], // subnormal 2^-15 exactly plus a tie-breaking bit below
    ];
    for (const [v, bits] of cases) expect([v, toHalfBits(v)]).toEqual([v, bits]);
    expect(toHalfBits(NaN) & 0x7c00).toBe(0x7c00);
    expect(toHalfBits(NaN) & 0x3ff).not.toBe(0);
  });

  it('relative error <= 2^-11 on normals and absolute error <= 2^-25 on subnormals (decoded by tf.io.decodeWeights)', () => {
    const n = 20000;
    const values = new Float32Array(n);
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < n; i++) values[i] = (rnd() - 0.5) * 2 ** (Math.floor(rnd() * 40) - 28);
    const bits = float32ToFloat16Bits(values);
    const decoded = tf.io.decodeWeights(bits.buffer as ArrayBuffer, [{ name: 'v', shape: [n], dtype: 'float32', quantization: { dtype: 'float16' } }]);
    const back = decoded.v!.dataSync();
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      const err = Math.abs(back[i]! - v);
      if (Math.abs(v) >= 2 ** -14 && Math.abs(v) <= 65504) expect(err).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11);
      else if (Math.abs(v) < 2 ** -14) expect(err).toBeLessThanOrEqual(2 ** -25);
    }
    tf.dispose(decoded);
  });
});

describe('model.json round trip', () => {
  it('decodes to the same weights (within float16) and the same predictions', () => {
    const a = buildModel('wsdan-xception', CFG, 1);
    const { modelJson, shards } = encodeModel('wsdan-xception', a.archConfig, a.namedWeights(), { shardBytes: 4096 });
    expect(shards.length).toBeGreaterThan(1);
    expect(modelJson.weightsManifest[0]!.paths).toEqual(shards.map((s) => s.path));
    expect(modelJson.weightsManifest[0]!.weights[0]!.quantization).toEqual({ dtype: 'float16', original_dtype: 'float32' });
    const json = JSON.parse(JSON.stringify(modelJson));
    const { modelJson: parsed, weights } = decodeModel(json, toBuffers(shards));
    expect(parsed.archConfig).toEqual(a.archConfig);
    const names = Object.keys(a.namedWeights());
    expect(Object.keys(weights)).toEqual(names);
    for (const name of names) {
      const orig = a.namedWeights()[name]!.dataSync();
      const dec = weights[name]!.dataSync();
      for (let i = 0; i < orig.length; i++) expect(Math.abs(dec[i]! - orig[i]!)).toBeLessThanOrEqual(Math.abs(orig[i]!) * 2 ** -11 + 2 ** -24);
    }
    const b = buildModel(parsed.architecture, parsed.archConfig, 99);
    b.setWeights(weights);
    const x = tf.randomNormal([2, 40, 40, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const pa = tf.tidy(() => tf.softmax(a.apply(x, { training: false }).logits).dataSync());
    const pb = tf.tidy(() => tf.softmax(b.apply(x, { training: false }).logits).dataSync());
    for (let i = 0; i < pa.length; i++) expect(Math.abs(pa[i]! - pb[i]!)).toBeLessThan(0.02);
    tf.dispose([x, ...Object.values(weights)]);
    a.dispose();
    b.dispose();
  });

  it("reads each weight in place, across shard boundaries (even or odd), to tf.io.decodeWeights's exact bits", () => {
    const a = buildModel('wsdan-xception', CFG, 1);
    for (const shardBytes of [4096, 999]) {
      const { modelJson, shards } = encodeModel('wsdan-xception', a.archConfig, a.namedWeights(), { shardBytes });
      const group = modelJson.weightsManifest[0]!;
      const joined = new Uint8Array(shards.reduce((n, s) => n + s.data.byteLength, 0));
      let off = 0;
      for (const s of shards) (joined.set(s.data, off), (off += s.data.byteLength));
      const theirs = tf.io.decodeWeights(joined.buffer, group.weights as unknown as tf.io.WeightsManifestEntry[]);
      const { weights } = decodeModel(modelJson, toBuffers(shards));
      for (const w of group.weights) {
        const bits = (t: tf.Tensor) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));
        expect([w.name, bits(weights[w.name]!)]).toEqual([w.name, bits(theirs[w.name]!)]);
        expect(weights[w.name]!.shape).toEqual(w.shape);
      }
      tf.dispose([...Object.values(weights), ...Object.values(theirs)]);
    }
    a.dispose();
  });

  it('a truncated or missing shard and a malformed model.json are refused with clear messages', () => {
    const a = buildModel('xception', { inputSize: 40, widthMultiplier: 0.05, middleBlocks: 1 }, 1);
    const { modelJson, shards } = encodeModel('xception', a.archConfig, a.namedWeights(), { shardName: 'weights.bin' });
    expect(shards.map((s) => s.path)).toEqual(['weights.bin']);
    const short = { 'weights.bin': shards[0]!.data.slice(0, 100).buffer };
    expect(() => decodeModel(modelJson, short)).toThrow(/weight shards weights\.bin: expected \d+ bytes, got 100/);
    expect(() => decodeModel(modelJson, {})).toThrow('model.json names shard "weights.bin", which was not provided');
    expect(() => parseModelJson({ ...modelJson, format: 'layers-model' })).toThrow('model.json: "format" must be "wsdan-functional", got "layers-model"');
    expect(() => parseModelJson({ ...modelJson, weightsManifest: [] })).toThrow('model.json: "weightsManifest" must be a non-empty array');
    expect(() => parseModelJson({ ...modelJson, archConfig: { inputSize: 40 } })).toThrow('archConfig of xception: "widthMultiplier" is required');
    expect(() => parseModelJson('x')).toThrow('model.json: not a JSON object');
    a.dispose();
  });
});
