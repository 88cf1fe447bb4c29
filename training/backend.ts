// Pick the tfjs backend training runs on, the same code on each:
//   webgpu - Dawn for Node through the optional `webgpu` package (machines with a GPU and Vulkan);
//   node   - @tensorflow/tfjs-node (libtensorflow, multi-threaded), an optional dependency: its
//            install downloads libtensorflow, so where that is impossible (this machine) it is absent;
//   wasm   - tfjs-backend-wasm plus the gradient kernels it lacks (training/kernels), one thread per
//            process (feature-train.ts adds a worker thread for the other core);
//   cpu    - pure JS, slow but complete (tests, reference gradients);
//   auto   - the first of webgpu, node, wasm that starts here.
// Optional packages are imported only when asked for, so machines without them still train.
import * as tf from '@tensorflow/tfjs';

/** A training backend (not the page's: src/backends.ts); auto picks the first that starts. */
export type TrainingBackend = 'auto' | 'webgpu' | 'node' | 'wasm' | 'cpu';

export const BACKENDS: readonly TrainingBackend[] = ['auto', 'webgpu', 'node', 'wasm', 'cpu'];
const AUTO_ORDER: readonly Exclude<TrainingBackend, 'auto'>[] = ['webgpu', 'node', 'wasm'];

/** Start `name` and return a description of what runs (with why others were passed over for auto). */
export async function setupBackend(name: TrainingBackend): Promise<string> {
  if (!BACKENDS.includes(name)) throw new Error(`Unknown backend "${name}" (choose one of: ${BACKENDS.join(', ')}).`);
  if (name !== 'auto') return start(name);
  const skipped: string[] = [];
  for (const candidate of AUTO_ORDER) {
    try {
      const started = await start(candidate);
      return skipped.length ? `${started} (auto; not available: ${skipped.join('; ')})` : `${started} (auto)`;
    } catch (e) {
      skipped.push(`${candidate}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`No training backend could start: ${skipped.join('; ')}`);
}

/** The backend now active, in this file's names (tfjs-node registers itself as "tensorflow"). */
export function activeBackend(): Exclude<TrainingBackend, 'auto'> {
  const b = tf.getBackend();
  if (b === 'tensorflow') return 'node';
  if (b === 'wasm' || b === 'cpu' || b === 'webgpu') return b;
  throw new Error(`Unexpected tfjs backend "${b}".`);
}

async function start(name: Exclude<TrainingBackend, 'auto'>): Promise<string> {
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    await setOrThrow('wasm');
    const { registerWasmTrainingKernels } = await import('./kernels/index');
    registerWasmTrainingKernels();
    return 'wasm (+ training kernels)';
  }
  if (name === 'node') {
    // A specifier in a variable: TypeScript must not require the package's types where it is absent.
    const spec = '@tensorflow/tfjs-node';
    try {
      await import(spec);
    } catch (e) {
      throw new Error(`the optional "@tensorflow/tfjs-node" package is not installed or its libtensorflow is missing (${e instanceof Error ? e.message.split('\n')[0] : e})`);
    }
    await setOrThrow('tensorflow');
    return 'node (tfjs-node, libtensorflow)';
  }
  if (name === 'webgpu') {
    let gpu: GPU;
    try {
      const webgpu = await import('webgpu');
      Object.assign(globalThis, webgpu.globals);
      gpu = webgpu.create([]);
    } catch (e) {
      throw new Error(`the webgpu backend needs the optional "webgpu" package (Dawn for Node), which did not load: ${e instanceof Error ? e.message : e}`);
    }
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error('the webgpu backend found no GPU adapter on this machine (no GPU or no Vulkan driver)');
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
  if (!ok || tf.getBackend() !== name) throw new Error(`the tfjs "${name}" backend failed to start`);
}
