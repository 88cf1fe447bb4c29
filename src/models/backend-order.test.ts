import { describe, expect, it } from 'vitest';
import { backendCandidates, softwareRenderer, threadText, wasmThreads } from './backend-order';

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
    expect(softwareRenderer({ vendor: 'x', isFallbackAdapter: true })).toEqual({ key: 'fallbackAdapter' });
  });

  it('passes real GPUs', () => {
    expect(softwareRenderer({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100' })).toBeNull();
    expect(softwareRenderer({ renderer: 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)' })).toBeNull();
    expect(softwareRenderer({})).toBeNull();
  });
});

describe('wasmThreads', () => {
  it("uses tfjs's default (half the cores) unless a valid count is asked for", () => {
    expect(wasmThreads(null, 2)).toBe(1);
    expect(wasmThreads(null, 8)).toBe(4);
    expect(wasmThreads(undefined, undefined)).toBe(1);
    expect(wasmThreads(2, 2)).toBe(2);
    expect(wasmThreads(0, 4)).toBe(2);
    expect(wasmThreads(1.5, 4)).toBe(2);
  });
});

describe('threadText', () => {
  it('says how many threads run, and why only one', () => {
    expect(threadText(true, 2, true)).toBe('2 threads');
    expect(threadText(true, 1, true)).toBe('1 thread');
    expect(threadText(false, 1, false)).toBe('single thread: the page is not cross-origin isolated');
    expect(threadText(false, 1, true)).toBe('single thread');
  });
});
