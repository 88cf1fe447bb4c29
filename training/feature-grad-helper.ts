// The main thread's side of feature-train.ts's second core: one worker thread
// (feature-grad-worker.ts) that computes the gradients of the second half of each batch. tfjs-wasm
// runs one thread in Node, so this is how a run uses both cores.
import { Worker } from 'node:worker_threads';
import type { FeatureStepReply, FeatureStepRequest } from './feature-grad-worker';

export class GradientHelper {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (r: FeatureStepReply | Error) => void>();
  readonly ready: Promise<void>;
  constructor() {
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./feature-grad-worker.ts', import.meta.url).href;
    this.worker = new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, execArgv: [] });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (msg: FeatureStepReply | { type: 'ready' } | { type: 'error'; id: number; message: string }) => {
        if (msg.type === 'ready') resolve();
        else if (msg.type === 'error') {
          const e = new Error(`feature gradient worker: ${msg.message}`);
          if (msg.id < 0) reject(e);
          this.pending.get(msg.id)?.(e);
        } else this.pending.get(msg.id)?.(msg);
      });
      this.worker.on('error', reject);
    });
    this.worker.postMessage({ type: 'init' });
  }
  step(req: FeatureStepRequest): Promise<FeatureStepReply> {
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, (r) => {
        this.pending.delete(req.id);
        if (r instanceof Error) reject(r);
        else resolve(r);
      });
      this.worker.postMessage(req);
    });
  }
  close(): Promise<number> {
    return this.worker.terminate();
  }
}
