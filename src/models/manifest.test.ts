import { describe, expect, it } from 'vitest';
import { manifestFileEntry, parseManifest, sha256Hex, verifyFile } from './manifest';

const enc = (s: string) => new TextEncoder().encode(s);

async function valid(): Promise<Record<string, unknown>> {
  return {
    name: 'xception',
    architecture: 'xception',
    archConfig: { inputSize: 96, widthMultiplier: 0.125, middleBlocks: 2 },
    config: { name: 'cpu', differences: 'width 1/8, 2 middle blocks, 96 px' },
    inputSize: 96,
    normalization: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    files: [await manifestFileEntry('model.json', enc('{}')), await manifestFileEntry('weights.bin', enc('abc'))],
    dataset: { name: 'dfdc-faces', split: { seed: 1 } },
    metrics: { auc: 0.7, logloss: 0.6, acc: 0.65, n: 500 },
    createdAt: '2026-11-25T18:00:00Z',
  };
}

describe('manifest', () => {
  it('sha256Hex matches the known digest of "abc"', async () => {
    expect(await sha256Hex(enc('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(enc('abc').buffer as ArrayBuffer)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('accepts a valid manifest', async () => {
    const m = parseManifest(await valid());
    expect(m.inputSize).toBe(96);
    expect(m.files.map((f) => f.path)).toEqual(['model.json', 'weights.bin']);
    expect(m.files[1]!.bytes).toBe(3);
  });

  it('names the first missing or invalid field exactly', async () => {
    const cases: [(m: Record<string, unknown>) => void, string][] = [
      [(m) => delete m.name, 'manifest.json: "name" is missing'],
      [(m) => (m.architecture = 'resnet'), 'manifest.json: "architecture" must be one of wsdan-xception, wsdan-efficientnet-b3, xception, got "resnet"'],
      [(m) => delete m.archConfig, 'manifest.json: "archConfig" is missing'],
      [(m) => ((m.archConfig as Record<string, unknown>).widthMultiplier = 'x'), 'manifest.json: archConfig of xception: "widthMultiplier" must be a number >= 0.01, got "x"'],
      [(m) => delete (m.config as Record<string, unknown>).differences, 'manifest.json: "config.differences" is missing'],
      [(m) => (m.inputSize = 128), 'manifest.json: "inputSize" (128) differs from archConfig.inputSize (96)'],
      [(m) => ((m.normalization as Record<string, unknown>).std = [0.5, 0, 0.5]), 'manifest.json: "normalization.std" must be 3 positive numbers (R, G, B), got [0.5,0,0.5]'],
      [(m) => delete (m.normalization as Record<string, unknown>).mean, 'manifest.json: "normalization.mean" is missing'],
      [(m) => (m.files = []), 'manifest.json: "files" must be a non-empty array'],
      [(m) => ((m.files as Record<string, unknown>[])[1]!.sha256 = 'xyz'), 'manifest.json: "files[1].sha256" must be 64 lower-case hex digits'],
      [(m) => ((m.files as Record<string, unknown>[])[1]!.path = '../secret.bin'), 'manifest.json: "files[1].path" must be a plain relative path, got "../secret.bin"'],
      [(m) => ((m.files as Record<string, unknown>[])[1]!.path = 'https://evil.example/w.bin'), 'manifest.json: "files[1].path" must be a plain relative path, got "https://evil.example/w.bin"'],
      [(m) => (m.files = (m.files as unknown[]).slice(1)), 'manifest.json: "files" must include model.json'],
      [(m) => ((m.files as unknown[])[1] = (m.files as unknown[])[0]), 'manifest.json: "files" lists "model.json" twice'],
      [(m) => delete (m.dataset as Record<string, unknown>).split, 'manifest.json: "dataset.split" is missing'],
      [(m) => ((m.metrics as Record<string, unknown>).auc = null), 'manifest.json: "metrics.auc" must be a finite number, got null'],
      [(m) => (m.createdAt = 'yesterday'), 'manifest.json: "createdAt" must be an ISO date, got "yesterday"'],
    ];
    for (const [mutate, message] of cases) {
      const m = await valid();
      mutate(m);
      expect(() => parseManifest(m)).toThrow(message);
    }
    expect(() => parseManifest([])).toThrow('manifest.json: not a JSON object');
  });

  it('verifyFile accepts the right bytes and refuses corrupted, truncated or swapped files by name', async () => {
    const bytes = enc('weights-v1');
    const entry = await manifestFileEntry('group1-shard1of2.bin', bytes);
    await expect(verifyFile(entry, bytes)).resolves.toBeUndefined();
    const corrupted = bytes.slice();
    corrupted[3]! ^= 1;
    await expect(verifyFile(entry, corrupted)).rejects.toThrow(/^group1-shard1of2\.bin: SHA-256 mismatch \(expected [0-9a-f]{12}\.\.\., got [0-9a-f]{12}\.\.\.\); the file is corrupted/);
    await expect(verifyFile(entry, bytes.slice(0, 5))).rejects.toThrow('group1-shard1of2.bin: expected 10 bytes, got 5; the file is truncated or not the one manifest.json describes');
    // A shard swapped with another of the same length.
    await expect(verifyFile(entry, enc('weights-v2'))).rejects.toThrow('group1-shard1of2.bin: SHA-256 mismatch');
  });
});
