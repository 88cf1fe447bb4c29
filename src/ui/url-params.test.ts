import { describe, expect, it } from 'vitest';
import { MAX_FRAMES } from '../frames';
import { parsePageParams } from './url-params';

describe('parsePageParams', () => {
  it('reads nothing from a bare address', () => {
    expect(parsePageParams('')).toEqual({ backend: null, frames: null, threads: null, warnings: [] });
  });
  it('reads a forced backend and frame count', () => {
    expect(parsePageParams('?backend=wasm&frames=8')).toEqual({ backend: 'wasm', frames: 8, threads: null, warnings: [] });
    expect(parsePageParams('?threads=2').threads).toBe(2);
    expect(parsePageParams('?backend=webgpu').backend).toBe('webgpu');
  });
  it('warns about and ignores bad values', () => {
    const p = parsePageParams('?backend=cuda&frames=0');
    expect(p.backend).toBeNull();
    expect(p.frames).toBeNull();
    expect(p.warnings).toEqual([
      'Ignored backend "cuda" in the address: use one of webgpu, webgl, wasm.',
      `Ignored frames "0" in the address: use a whole number from 1 to ${MAX_FRAMES}.`,
    ]);
    expect(parsePageParams('?frames=2.5').frames).toBeNull();
    expect(parsePageParams(`?frames=${MAX_FRAMES}`).frames).toBe(MAX_FRAMES);
    const over = parsePageParams(`?frames=${MAX_FRAMES + 1}`);
    expect(over.frames).toBeNull();
    expect(over.warnings).toEqual([`Ignored frames "${MAX_FRAMES + 1}" in the address: use a whole number from 1 to ${MAX_FRAMES}.`]);
    const t = parsePageParams('?threads=0');
    expect(t.threads).toBeNull();
    expect(t.warnings).toEqual(['Ignored threads "0" in the address: use a whole number from 1 to 64.']);
  });
});
