// Pick the tfjs backend training runs on. wasm: tfjs-backend-wasm plus the gradient kernels it lacks
// (training/kernels, H1's); cpu: pure JS, slow but complete; webgpu: Dawn for Node through the
// optional `webgpu` package, imported only when asked for, so machines without it still train.
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './config';

export const BACKENDS: readonly BackendName[] = ['wasm', 'cpu', 'webgpu'];

export async function setupBackend(name: BackendName): Promise<string> {
  if (!BACKENDS.includes(name)) throw new Error(`Unknown backend "${name}" (choose one of: ${BACKENDS.join(', ')}).`);
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    await setOrThrow('wasm');
    const { registerWasmTrainingKernels } = await import('./kernels/index');
    registerWasmTrainingKernels();
    return 'wasm (+ training kernels)';
  }
  if (name === 'webgpu') {
    let gpu: GPU;
    try {
      const webgpu = await import('webgpu');
      Object.assign(globalThis, webgpu.globals);
      gpu = webgpu.create([]);
    } catch (e) {
      throw new Error(`The webgpu backend needs the optional "webgpu" package (Dawn for Node), which did not load: ${e instanceof Error ? e.message : e}`);
    }
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error('The webgpu backend found no GPU adapter on this machine (no GPU or no Vulkan driver); use --backend wasm.');
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
    await import('@tensorflow/tfjs-backend-webgpu');
    await setOrThrow('webgpu');
    const info = (adapter as unknown as { info?: { vendor?: string; architecture?: string; description?: string } }).info;
    return `webgpu (${[info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'adapter'})`;
  }
  await setOrThrow('cpu');
  return 'cpu';
}

async function setOrThrow(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`The tfjs "${name}" backend failed to start.`);
}
