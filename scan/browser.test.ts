import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumExecutable } from './browser';

describe('chromiumExecutable', () => {
  it('prefers CHROMIUM_PATH, then /usr/bin/chromium, then Playwright', () => {
    expect(chromiumExecutable({ CHROMIUM_PATH: '/opt/c' }, () => true)).toBe('/opt/c');
    expect(chromiumExecutable({}, () => true)).toBe('/usr/bin/chromium');
    expect(chromiumExecutable({ CHROMIUM_PATH: '' }, () => false)).toBeUndefined();
  });
  it('keeps Chromium quiet and gives it a software WebGPU adapter', () => {
    expect(CHROMIUM_ARGS).toContain('--disable-background-networking');
    expect(CHROMIUM_ARGS).toContain('--enable-unsafe-webgpu');
  });
});
