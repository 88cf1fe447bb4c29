import { describe, expect, it } from 'vitest';
import { inputListDigest, parseShard, parseShardManifest, SHARD_MANIFEST_FORMAT, shardFromEnv, shardOf, shardPositions } from './shard';

describe('parseShard', () => {
  it('takes I/N with I from 0 to N-1', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['3/3', '1/0', '-1/3', '1/', '/3', 'a/b', '1.5/3', '1/3/4', ' 1/3', '1/10001']) expect(parseShard(bad)).toBeNull();
  });
});

describe('shardFromEnv', () => {
  it('reads the index from JOB_COMPLETION_INDEX, as an Indexed Job sets it', () => {
    expect(shardFromEnv('4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(shardFromEnv('4', {})).toMatch(/needs JOB_COMPLETION_INDEX/);
    expect(shardFromEnv('4', { JOB_COMPLETION_INDEX: '4' })).toMatch(/from 0 to 3 for --shards 4 \(got '4'\)/);
    expect(shardFromEnv('x', { JOB_COMPLETION_INDEX: '0' })).toMatch(/--shards must be a whole number/);
  });
});

describe('shardPositions', () => {
  const paths = Array.from({ length: 200 }, (_, i) => `archive/clip-${i}.mp4`);

  it('puts every input in exactly one shard, for any count', () => {
    for (const count of [1, 2, 3, 7]) {
      const all = Array.from({ length: count }, (_, index) => shardPositions(paths, { index, count })).flat().sort((a, b) => a - b);
      expect(all).toEqual(paths.map((_, i) => i));
    }
  });

  it('depends on the path alone: adding files does not move the others, and the parts are balanced', () => {
    const more = [...paths, 'archive/new.mp4'];
    for (const [i, p] of paths.entries()) expect(shardOf(more[i]!, 3)).toBe(shardOf(p, 3));
    const sizes = [0, 1, 2].map((index) => shardPositions(paths, { index, count: 3 }).length);
    // 200 paths over 3 shards: a hash that is not uniform would leave one part far off 67.
    for (const n of sizes) expect(n).toBeGreaterThan(40);
  });

  it('a file named twice goes to one shard twice (both lines in one place)', () => {
    const twice = ['a.mp4', 'b.mp4', 'a.mp4'];
    const s = shardOf('a.mp4', 2);
    expect(shardPositions(twice, { index: s, count: 2 })).toEqual(expect.arrayContaining([0, 2]));
  });
});

describe('inputListDigest and the manifest', () => {
  it('differs when the list or its order does', () => {
    expect(inputListDigest(['a', 'b'])).not.toBe(inputListDigest(['b', 'a']));
    expect(inputListDigest(['ab'])).not.toBe(inputListDigest(['a', 'b']));
  });

  it('parses a manifest and refuses anything else with where it was', () => {
    const m = { format: SHARD_MANIFEST_FORMAT, index: 0, count: 2, allInputs: 3, inputsDigest: 'x', positions: [0, 2], skipped: [] };
    expect(parseShardManifest(JSON.stringify(m), 'f')).toEqual(m);
    expect(parseShardManifest('{', 'f')).toMatch(/^f is not valid JSON/);
    expect(parseShardManifest(JSON.stringify({ ...m, index: 2 }), 'f')).toBe(`f is not a ${SHARD_MANIFEST_FORMAT} manifest`);
    expect(parseShardManifest(JSON.stringify({ ...m, positions: [-1] }), 'f')).toMatch(/not a/);
  });
});
