import { describe, expect, it } from 'vitest';
import { B0_CACHE, isB0Trained, parseShard } from './b0-trunk';
import { shardRows, shardKey } from './b0-cache';

describe('b0-trunk', () => {
  it('parses K/N shards and refuses the rest', () => {
    expect(parseShard('1/2')).toEqual([1, 2]);
    for (const bad of ['2/2', '0/0', '1', 'a/b', '-1/2', '0/2/3']) expect(() => parseShard(bad)).toThrow(/K\/N/);
  });
  it('splits rows between shards without overlap', () => {
    const rows = [...Array(7).keys()];
    expect([...shardRows(rows, 0, 2), ...shardRows(rows, 1, 2)].sort()).toEqual(rows);
    expect(shardRows(rows, 1, 3)).toEqual([1, 4]);
  });
  it('names the cache so it cannot pass for an Xception cache', () => {
    expect(B0_CACHE.key).toMatch(/b0/);
    expect(shardKey(0, 2)).toBe('224-b0-shard0of2');
  });
  it('trains only what follows stage 5', () => {
    expect(isB0Trained('stage6.block0.project.weight')).toBe(true);
    expect(isB0Trained('headbn.gamma')).toBe(true);
    expect(isB0Trained('fc.weight')).toBe(true);
    expect(isB0Trained('stage5.block3.project.weight')).toBe(false);
    expect(isB0Trained('stembn.beta')).toBe(false);
  });
});
