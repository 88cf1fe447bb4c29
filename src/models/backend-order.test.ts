import { describe, expect, it } from 'vitest';
import { backendCandidates, softwareRenderer } from './backend-order';

describe('backendCandidates', () => {
  it('tries webgpu, then webgl, then wasm', () => {
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

describe('softwareRenderer', () => {
  it('names the software rasterisers Chromium and Mesa fall back to', () => {
    expect(softwareRenderer({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)' })).toBe('SwiftShader');
    expect(softwareRenderer({ renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)' })).toBe('SwiftShader');
    expect(softwareRenderer({ renderer: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe('llvmpipe');
    expect(softwareRenderer({ vendor: 'x', isFallbackAdapter: true })).toBe('a fallback adapter');
  });

  it('passes real GPUs', () => {
    expect(softwareRenderer({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100' })).toBeNull();
    expect(softwareRenderer({ renderer: 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)' })).toBeNull();
    expect(softwareRenderer({})).toBeNull();
  });
});
