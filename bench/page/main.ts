// The bench page: `window.benchRun(task)` runs one task in a fresh worker (so each gets its own
// backend and thread count) on the files chosen in #file (several for the training crops), and resolves with the worker's answer.
import type { BenchTask, TaskAnswer } from './protocol';

declare global {
  interface Window {
    benchRun(task: BenchTask): Promise<TaskAnswer>;
  }
}

window.benchRun = (task) =>
  new Promise<TaskAnswer>((resolve) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
    const files = [...((document.getElementById('file') as HTMLInputElement).files ?? [])];
    worker.onmessage = (e: MessageEvent<TaskAnswer>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({ ok: false, error: e.message || 'the bench worker failed' });
    };
    worker.postMessage({ task, files });
  });
