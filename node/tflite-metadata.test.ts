import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { bufferContents, readInputNormalization, withInputNormalization } from './tflite-metadata';

const dir = dirname(createRequire(import.meta.url).resolve('@mediapipe/face_detection/package.json'));
const models = ['face_detection_short_range.tflite', 'face_detection_full_range.tflite'];
const opts = { name: 'test', description: 'normalised to [-1, 1]', mean: [127.5], std: [127.5] };

describe('withInputNormalization', () => {
  for (const m of models) {
    it(`${m}: writes NormalizationOptions that read back, keeping every buffer byte for byte`, () => {
      const model = new Uint8Array(readFileSync(join(dir, m)));
      expect(readInputNormalization(model)).toBeNull();
      const out = withInputNormalization(model, opts);
      expect(readInputNormalization(out)).toEqual({ name: 'test', mean: [127.5], std: [127.5] });
      const before = bufferContents(model);
      const after = bufferContents(out);
      expect(after.length).toBe(before.length + 1);
      before.forEach((b, i) => expect(Buffer.from(after[i]!).equals(Buffer.from(b))).toBe(true));
      // Buffer.data is force_align 16 in the TFLite schema: each weight buffer keeps its alignment
      // (the short-range model's own are only 4-byte aligned) and the new one is 16-byte aligned.
      const residues = (x: Uint8Array): number[] => bufferContents(x).filter((b) => b.length > 0).map((b) => (b.byteOffset - x.byteOffset) % 16);
      expect(residues(out)).toEqual([...residues(model), 0]);
      expect(new ByteBuffer(out).__has_identifier('TFL3')).toBe(true);
    });
  }

  it('replaces its own metadata instead of adding a second entry', () => {
    const model = new Uint8Array(readFileSync(join(dir, models[0]!)));
    const twice = withInputNormalization(withInputNormalization(model, opts), { ...opts, mean: [0, 1, 2], std: [1, 2, 3] });
    expect(readInputNormalization(twice)).toEqual({ name: 'test', mean: [0, 1, 2], std: [1, 2, 3] });
    expect(bufferContents(twice).length).toBe(bufferContents(model).length + 2);
  });

  it('refuses what is not a TFLite model, and bad normalisation values', () => {
    expect(() => withInputNormalization(new Uint8Array(64), opts)).toThrow('not a TFLite model');
    const model = new Uint8Array(readFileSync(join(dir, models[0]!)));
    expect(() => withInputNormalization(model, { ...opts, std: [0] })).toThrow('std');
    expect(() => withInputNormalization(model, { ...opts, std: [1, 1] })).toThrow('same');
  });
});
