import { describe, expect, it } from 'vitest';
import { APP_CONFIG } from '../config';
import { isSoftwareGpu, reportWarnings, verdictCautions } from './report-warnings';
import { CLEAN, makeFrame, makeResult } from './test-fixtures';

const video = { width: 640, height: 360, durationMs: 10_000, codec: 'avc1', container: 'mp4', rotation: 0 };

describe('reportWarnings', () => {
  it('says nothing for the default settings on a hardware GPU with large faces', () => {
    const result = makeResult({ video, frames: [makeFrame(0, 0.5), makeFrame(1, 0.6)] });
    expect(reportWarnings({ frames: APP_CONFIG.frames, result, backend: 'webgpu', device: 'WebGPU: nvidia ampere' })).toEqual([]);
  });
  it('warns about few frames for a video, not for a still image or an error', () => {
    const few = reportWarnings({ frames: 4, result: makeResult({ video }), backend: 'wasm', device: 'WebAssembly CPU' });
    expect(few).toHaveLength(1);
    expect(few[0]).toMatch(/^Only 4 frames sampled/);
    expect(reportWarnings({ frames: APP_CONFIG.stableFrames, result: makeResult({ video }), backend: 'wasm', device: null })).toEqual([]);
    const still = makeResult({ video: { ...video, durationMs: 0 } });
    expect(reportWarnings({ frames: 1, result: still, backend: 'wasm', device: null })).toEqual([]);
    const failed = makeResult({ score: null, label: null, error: 'Not a video.' });
    expect(reportWarnings({ frames: 2, result: failed, backend: 'wasm', device: null })).toEqual([]);
  });
  it('warns when the median scored face is small', () => {
    const small = (i: number) => ({ ...makeFrame(i, 0.5), box: { x: 0, y: 0, width: 50, height: 60 } });
    const result = makeResult({ video, frames: [small(0), small(1), makeFrame(2, 0.5)] });
    const w = reportWarnings({ frames: 32, result, backend: 'wasm', device: null });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/about 50 px wide/);
  });
  it('recognises software GPUs on GPU backends only', () => {
    expect(isSoftwareGpu('webgpu', 'WebGPU: google swiftshader')).toBe(true);
    expect(isSoftwareGpu('webgl', 'WebGL 2: ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))')).toBe(true);
    expect(isSoftwareGpu('webgl', 'WebGL 2: llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareGpu('wasm', 'WebAssembly CPU (SIMD, single thread)')).toBe(false);
    expect(isSoftwareGpu('webgpu', 'WebGPU: nvidia ampere')).toBe(false);
    const w = reportWarnings({ frames: 32, result: makeResult({ video }), backend: 'webgpu', device: 'WebGPU: google swiftshader' });
    expect(w[0]).toMatch(/software rasteriser/);
  });
});

describe('verdictCautions', () => {
  it('says each quality issue first, and the same sentences lead the report warnings', () => {
    const quality = { ...CLEAN, bitsPerPixel: 0.003, issues: ['compressed' as const] };
    const result = makeResult({ quality });
    const cautions = verdictCautions(result);
    expect(cautions).toHaveLength(1);
    expect(cautions[0]).toMatch(/heavily compressed/);
    const w = reportWarnings({ frames: 4, result, backend: 'wasm', device: null });
    expect(w[0]).toBe(cautions[0]);
    expect(w[1]).toMatch(/^Only 4 frames/);
  });
  it('has none for a clean reading (whatever the face size a legacy rule would say) or an error', () => {
    expect(verdictCautions(makeResult({ quality: CLEAN }))).toEqual([]);
    expect(verdictCautions(makeResult({ quality: { ...CLEAN, issues: ['small-faces'] }, score: null, label: null, error: 'Not a video.' }))).toEqual([]);
  });
});
