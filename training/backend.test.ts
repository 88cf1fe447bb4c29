// Backend choice: "auto" starts the first backend this machine has (webgpu, node, wasm) and says why
// it passed the others over; an absent optional package is a clear error, not a crash.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { activeBackend, setupBackend, type TrainingBackend } from './backend';

const has = (pkg: string): boolean => {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
};

describe('training backends', () => {
  it.skipIf(has('@tensorflow/tfjs-node'))('node without @tensorflow/tfjs-node installed is a clear error', async () => {
    await expect(setupBackend('node')).rejects.toThrow(/optional "@tensorflow\/tfjs-node" package is not installed/);
  });

  it('auto starts a backend and names the ones it passed over', async () => {
    const description = await setupBackend('auto');
    const active = activeBackend();
    expect(['webgpu', 'node', 'wasm']).toContain(active);
    expect(description).toMatch(/\(auto/);
    // Every backend ranked above the one that started is listed with its reason.
    const above = ['webgpu', 'node', 'wasm'].slice(0, ['webgpu', 'node', 'wasm'].indexOf(active));
    for (const b of above) expect(description).toContain(`${b}: `);
  }, 60_000);

  it('an unknown backend name is refused', async () => {
    await expect(setupBackend('tpu' as TrainingBackend)).rejects.toThrow(/Unknown backend "tpu"/);
  });
});
