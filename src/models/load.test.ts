import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, registry, type ArchConfig, type Model } from './arch/index';
import { refinedLogits } from './arch/wsdan';
import { loadModel, preprocessCrops } from './load';
import { manifestFileEntry, sha256Hex } from './manifest';
import type { Architecture, ModelManifest } from './types';
import { encodeModel } from './weights-io';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TINY: Record<Architecture, ArchConfig> = {
  xception: { inputSize: 40, widthMultiplier: 0.05, middleBlocks: 1 },
  'wsdan-xception': { inputSize: 40, widthMultiplier: 0.05, middleBlocks: 1, attentionMaps: 2 },
  'wsdan-efficientnet-b3': { inputSize: 40, widthMultiplier: 0.1, depthMultiplier: 0.3, attentionMaps: 2 },
};

/** An in-memory model folder: path -> bytes, plus a fetch over it. */
async function folder(arch: Architecture, model: Model): Promise<Map<string, Uint8Array>> {
  const { modelJson, shards } = encodeModel(arch, model.archConfig, model.namedWeights(), { shardBytes: 8192 });
  const files = new Map<string, Uint8Array>([['model.json', new TextEncoder().encode(JSON.stringify(modelJson))]]);
  for (const s of shards) files.set(s.path, s.data);
  const manifest: ModelManifest = {
    name: arch,
    architecture: arch,
    archConfig: model.archConfig as unknown as Record<string, unknown>,
    config: { name: 'test', differences: 'tiny' },
    inputSize: model.archConfig.inputSize,
    normalization: registry[arch].normalization,
    files: await Promise.all([...files].map(([p, b]) => manifestFileEntry(p, b))),
    dataset: { name: 'none', split: {} },
    metrics: { auc: 0.5, logloss: 0.69, acc: 0.5, n: 0 },
    createdAt: '2026-11-25T18:00:00Z',
  };
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
  return files;
}

function fetchFrom(files: Map<string, Uint8Array>) {
  return async (url: string) => {
    const b = files.get(url.replace(/^mem:\/\/m\//, ''));
    return b ? new Response(b.slice()) : new Response(null, { status: 404 });
  };
}

function crops(n: number, size: number): tf.Tensor4D {
  return tf.tidy(() => tf.mul(tf.randomUniform([n, size, size, 3], 0, 1, 'float32', 3), 255)) as tf.Tensor4D;
}

describe('loadModel', () => {
  for (const arch of Object.keys(TINY) as Architecture[]) {
    it(`${arch}: predict matches the source model (float16 weights), leaks nothing`, async () => {
      const src = buildModel(arch, TINY[arch], 5);
      const files = await folder(arch, src);
      const baseline = tf.memory().numTensors;
      const loaded = await loadModel('mem://m', fetchFrom(files));
      expect(loaded.manifest.architecture).toBe(arch);
      const input = crops(3, 64);
      const before = tf.memory().numTensors;
      const p = loaded.predict(input);
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(p.shape).toEqual([3]);
      const got = p.dataSync();
      for (const v of got) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      // The same computation by hand on the float32 source model.
      const want = tf.tidy(() => {
        const x = preprocessCrops(input, 40, registry[arch].normalization);
        const apply = (t: tf.Tensor4D) => src.apply(t, { training: false });
        const logits = arch === 'xception' ? apply(x).logits : refinedLogits(apply, x);
        return tf.softmax(logits).dataSync().filter((_, i) => i % 2 === 1);
      });
      for (let i = 0; i < 3; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(0.01);
      tf.dispose([p, input]);
      loaded.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
      src.dispose();
    });
  }

  it('WS-DAN refinement can be turned off (raw logits, as the seed submitted)', async () => {
    const src = buildModel('wsdan-xception', TINY['wsdan-xception'], 5);
    const files = await folder('wsdan-xception', src);
    const refined = await loadModel('mem://m/', fetchFrom(files));
    const raw = await loadModel('mem://m/', fetchFrom(files), { refine: false });
    const input = crops(2, 40);
    const [a, b] = [refined.predict(input), raw.predict(input)];
    const want = tf.tidy(() => tf.softmax(src.apply(preprocessCrops(input, 40, registry['wsdan-xception'].normalization), { training: false }).logits).dataSync().filter((_, i) => i % 2 === 1));
    const bv = b.dataSync();
    for (let i = 0; i < 2; i++) expect(Math.abs(bv[i]! - want[i]!)).toBeLessThan(0.01);
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(bv));
    tf.dispose([a, b, input]);
    refined.dispose();
    raw.dispose();
    src.dispose();
  });

  it('refuses corrupted, swapped, missing and unlisted files with a message naming the file', async () => {
    const src = buildModel('xception', TINY.xception, 5);
    const files = await folder('xception', src);
    const shards = [...files.keys()].filter((k) => k.endsWith('.bin'));
    expect(shards.length).toBeGreaterThan(1);
    const corrupt = new Map(files);
    const bad = files.get(shards[0]!)!.slice();
    bad[10]! ^= 0xff;
    corrupt.set(shards[0]!, bad);
    await expect(loadModel('mem://m', fetchFrom(corrupt))).rejects.toThrow(`${shards[0]}: SHA-256 mismatch`);
    const swapped = new Map(files);
    swapped.set(shards[0]!, files.get(shards[1]!)!);
    swapped.set(shards[1]!, files.get(shards[0]!)!);
    await expect(loadModel('mem://m', fetchFrom(swapped))).rejects.toThrow(new RegExp(`${shards[0]}: (SHA-256 mismatch|expected \\d+ bytes)`));
    const missing = new Map(files);
    missing.delete(shards[1]!);
    await expect(loadModel('mem://m', fetchFrom(missing))).rejects.toThrow(`${shards[1]}: HTTP 404 for mem://m/${shards[1]}`);
    const noManifest = new Map(files);
    noManifest.delete('manifest.json');
    await expect(loadModel('mem://m', fetchFrom(noManifest))).rejects.toThrow('manifest.json: HTTP 404');
    const garbled = new Map(files);
    garbled.set('manifest.json', new TextEncoder().encode('{"name":'));
    await expect(loadModel('mem://m', fetchFrom(garbled))).rejects.toThrow('manifest.json: not valid JSON');
    // A manifest that omits a shard: model.json still names it, and it cannot be verified.
    const m = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!)) as ModelManifest;
    m.files = m.files.filter((f) => f.path !== shards[1]);
    const unlisted = new Map(files);
    unlisted.set('manifest.json', new TextEncoder().encode(JSON.stringify(m)));
    await expect(loadModel('mem://m', fetchFrom(unlisted))).rejects.toThrow(`model.json names "${shards[1]}", which manifest.json does not list`);
    await expect(loadModel('mem://m', async () => { throw new Error('offline'); })).rejects.toThrow('manifest.json: could not be fetched (offline)');
    src.dispose();
  });

  it('rejects bad crops with a clear message', async () => {
    const src = buildModel('xception', TINY.xception, 5);
    const loaded = await loadModel('mem://m', fetchFrom(await folder('xception', src)));
    const bad = tf.zeros([2, 40, 40]) as unknown as tf.Tensor4D;
    expect(() => loaded.predict(bad)).toThrow('predict expects crops of shape [n,S,S,3], got [2,40,40]');
    const ints = tf.zeros([1, 40, 40, 3], 'int32') as tf.Tensor4D;
    expect(() => loaded.predict(ints)).toThrow('predict expects float32 crops (0..255), got int32');
    tf.dispose([bad, ints]);
    loaded.dispose();
    expect(() => loaded.predict(ints)).toThrow('model xception was disposed');
    src.dispose();
  });
});

describe('a head-only folder on a shared backbone (manifest.backbone)', () => {
  const X: ArchConfig = { inputSize: 40, widthMultiplier: 0.05, middleBlocks: 1, block14: false };
  const W: ArchConfig = { ...X, attentionMaps: 2 };

  /** Two folders under mem://m/: xception (whole model) and wsdan-xception (head only). */
  async function pair(pin?: string) {
    const xsrc = buildModel('xception', X, 5);
    const wsrc = buildModel('wsdan-xception', W, 6);
    const xfiles = await folder('xception', xsrc);
    const sha = pin ?? (await sha256Hex(xfiles.get('manifest.json')!));
    const head = Object.fromEntries(Object.entries(wsrc.namedWeights()).filter(([n]) => n.startsWith('attention.') || n.startsWith('fc.')));
    const { modelJson, shards } = encodeModel('wsdan-xception', W, head);
    const wfiles = new Map<string, Uint8Array>([['model.json', new TextEncoder().encode(JSON.stringify(modelJson))]]);
    for (const s of shards) wfiles.set(s.path, s.data);
    const manifest = JSON.parse(new TextDecoder().decode(xfiles.get('manifest.json')!)) as ModelManifest;
    const wmanifest: ModelManifest = {
      ...manifest,
      name: 'wsdan-xception',
      architecture: 'wsdan-xception',
      archConfig: W as unknown as Record<string, unknown>,
      files: await Promise.all([...wfiles].map(([p, b]) => manifestFileEntry(p, b))),
      backbone: { name: 'xception', manifestSha256: sha },
    };
    wfiles.set('manifest.json', new TextEncoder().encode(JSON.stringify(wmanifest)));
    const all = new Map<string, Uint8Array>();
    for (const [p, b] of xfiles) all.set(`xception/${p}`, b);
    for (const [p, b] of wfiles) all.set(`wsdan-xception/${p}`, b);
    return { xsrc, wsrc, files: all };
  }

  it('scores with the backbone folder\'s block 13 and its own head; both share one backbone object', async () => {
    const { xsrc, wsrc, files } = await pair();
    const cache = new Map();
    const fetchFn = fetchFrom(files);
    const w = await loadModel('mem://m/wsdan-xception/', fetchFn, { cache });
    const x = await loadModel('mem://m/xception/', fetchFn, { cache });
    expect(w.shared?.key).toBe(x.shared?.key);
    expect(w.shared?.features).toBe(x.shared?.features);
    const input = crops(2, 64);
    // Reference: the plain model's backbone, then the WS-DAN source model's head (float16 tolerance).
    const ref = tf.tidy(() => {
      const f = xsrc.features(preprocessCrops(input, 40, registry.xception.normalization), { training: false });
      return tf.slice(tf.softmax(wsrc.applyHead(f, { training: false }).logits), [0, 1], [-1, 1]).reshape([-1]);
    });
    const got = w.predict(input);
    expect(Array.from(got.dataSync())).toEqual(Array.from(ref.dataSync()).map((v) => expect.closeTo(v, 2)));
    // The shared path gives the same numbers as predict.
    const viaShared = tf.tidy(() => w.shared!.predictFeatures(x.shared!.features(input)));
    expect(Array.from(viaShared.pFake.dataSync())).toEqual(Array.from(got.dataSync()).map((v) => expect.closeTo(v, 5)));
    // The WS-DAN head's attention comes with it: [n, side, side], each crop's maximum 1 (or all 0).
    const att = viaShared.attention!;
    expect(att.shape[0]).toBe(2);
    expect(att.shape[1]).toBe(att.shape[2]);
    for (const m of Array.from(tf.tidy(() => tf.max(att, [1, 2])).dataSync())) expect([0, 1].map((v) => Math.abs(m - v)).some((d) => d < 1e-4)).toBe(true);
    tf.dispose([input, ref, got, viaShared.pFake, att]);
    w.dispose();
    x.dispose();
  });

  it('refuses a backbone whose manifest is not the pinned one', async () => {
    const { files } = await pair('0'.repeat(64));
    await expect(loadModel('mem://m/wsdan-xception/', fetchFrom(files))).rejects.toThrow(/backbone xception has manifest SHA-256 [0-9a-f]{64}, expected 0{64}/);
  });
});
