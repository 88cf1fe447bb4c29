import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, backendCandidates, parseBackend } from './backend-order';

describe('parseBackend', () => {
  it('accepts the known names, case-insensitively, and null for none', () => {
    expect(parseBackend('webgpu')).toBe('webgpu');
    expect(parseBackend('WASM')).toBe('wasm');
    expect(parseBackend(null)).toBeNull();
    expect(parseBackend('')).toBeNull();
  });

  it('rejects anything else loudly', () => {
    expect(() => parseBackend('cuda')).toThrow('Unknown backend "cuda": use one of webgpu, webgl, wasm.');
  });
});

describe('backendCandidates', () => {
  it('tries webgpu, then webgl, then wasm', () => {
    expect(BACKEND_ORDER).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(backendCandidates(null)).toEqual(['webgpu', 'webgl', 'wasm']);
  });

  it('honours a forced backend strictly', () => {
    expect(backendCandidates('wasm')).toEqual(['wasm']);
  });

  it('continues after a backend that failed later (device lost)', () => {
    expect(backendCandidates(null, 'webgpu')).toEqual(['webgl', 'wasm']);
    expect(backendCandidates(null, 'wasm')).toEqual([]);
  });
});
