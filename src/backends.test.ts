import { describe, expect, it } from 'vitest';
import { BACKENDS, BACKEND_RULE, parseBackend } from './backends';

describe('backends', () => {
  it('lists the choices in priority order', () => {
    expect(BACKENDS).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(BACKEND_RULE).toBe('one of webgpu, webgl, wasm');
  });

  it('parses exact names only', () => {
    for (const b of BACKENDS) expect(parseBackend(b)).toBe(b);
    for (const bad of ['cpu', 'cuda', 'WASM', ' wasm', '']) expect(parseBackend(bad)).toBeNull();
  });
});
