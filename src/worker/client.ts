// The UI thread's handle on the analysis worker. Usage:
//
//   const client = new DetectorClient({ backend, onWarmup, onReady, onNotice, onFatal });
//   const info = await client.whenReady();            // { backend, device, models, notices }
//   const { result, memory } = await client.analyze(file, { frames, signal, onProgress, onFrame });
//   client.cancel();   // stop the running analysis now: terminates the worker, starts a fresh one
//   client.dispose();  // terminate for good
//
// analyze() resolves for every file, good or bad: a file that cannot be analysed resolves with
// `result.error` set to one sentence (score null). It rejects only with an AbortError (cancel() or
// the signal) or an Error when the worker itself died or could not start. Analyses run one at a
// time: a second analyze() waits for the first. Cancel = terminate, as in squoosh: the worker's
// decoder, GPU work and memory go with it, which no cooperative flag can promise.
import type { BackendName } from '../backends';
import type { AnalysisResult, FrameResult, Progress, TensorMemory } from '../types';
import type { FromWorker, ModelInfo, ToWorker } from './protocol';

export interface ReadyInfo {
  backend: BackendName;
  device: string;
  models: ModelInfo[];
  notices: string[];
}

export interface WarmupProgress {
  stage: 'load' | 'warmup';
  done: number;
  total: number;
  message: string;
}

export interface ClientOptions {
  /** Force a backend (from ?backend=); otherwise webgpu -> webgl -> wasm. */
  backend?: BackendName;
  onWarmup?(progress: WarmupProgress): void;
  onReady?(info: ReadyInfo): void;
  /** Something worth telling the reader that stops nothing (a backend fallback, a skipped model). */
  onNotice?(message: string): void;
  /** Start-up failed entirely; `message` is one sentence. */
  onFatal?(message: string): void;
  /** Makes the worker (tests, other bundlers); default: the module worker next to this file. */
  createWorker?(): Worker;
}

export type AnalysisProgress = Progress;

export interface FrameUpdate {
  frame: FrameResult;
  /** Downscaled frame (longer side 320 px); yours to close. */
  frameImage: ImageBitmap | null;
  /** frameImage pixels per source pixel: draw `frame.box` scaled by this on frameImage. */
  frameScale: number;
  /** The aligned face crop (320 px); yours to close. */
  crop: ImageBitmap | null;
}

export interface AnalyzeRequest {
  /** Frames sampled evenly over the video: the caller's choice, validated at its edge (src/frames.ts). */
  frames: number;
  /** Aborting it cancels the analysis (same as client.cancel()). */
  signal?: AbortSignal;
  onProgress?(progress: AnalysisProgress): void;
  onFrame?(update: FrameUpdate): void;
}

export interface AnalysisOutcome {
  result: AnalysisResult;
  /** tf.memory() in the worker after the analysis (flat across analyses unless something leaks). */
  memory: TensorMemory;
}

interface Running {
  id: number;
  request: AnalyzeRequest;
  resolve(outcome: AnalysisOutcome): void;
  reject(error: Error): void;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
}

export class DetectorClient {
  private worker: Worker | null = null;
  private ready!: Promise<ReadyInfo>;
  private settleReady!: { resolve(info: ReadyInfo): void; reject(error: Error): void };
  private running: Running | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: ClientOptions = {}) {
    this.spawn();
  }

  /** Resolves once models are loaded and warmed up; rejects with the fatal start-up error. */
  whenReady(): Promise<ReadyInfo> {
    return this.ready;
  }

  /** True while an analysis is in flight. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Analyses one file (see the header for what resolves and what rejects). */
  analyze(file: File, request: AnalyzeRequest): Promise<AnalysisOutcome> {
    const job = this.chain.then(() => this.start(file, request));
    this.chain = job.catch(() => undefined);
    return job;
  }

  /** Stops the running analysis at once (its analyze() rejects with AbortError) and starts a
   *  fresh worker, which warms up again (onWarmup / onReady fire again). */
  cancel(): void {
    if (this.disposed) return;
    const running = this.running;
    this.running = null;
    this.worker?.terminate();
    this.ready.catch(() => undefined);
    this.settleReady.reject(abortError());
    running?.reject(abortError());
    this.spawn();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.worker?.terminate();
    this.worker = null;
    this.ready.catch(() => undefined);
    this.settleReady.reject(new Error('The detector was shut down.'));
    this.running?.reject(abortError());
    this.running = null;
  }

  private async start(file: File, request: AnalyzeRequest): Promise<AnalysisOutcome> {
    if (this.disposed) throw new Error('The detector was shut down.');
    request.signal?.throwIfAborted();
    await this.ready;
    return new Promise<AnalysisOutcome>((resolve, reject) => {
      const id = this.nextId++;
      const onAbort = () => {
        if (this.running?.id === id) this.cancel();
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => request.signal?.removeEventListener('abort', onAbort);
      this.running = {
        id,
        request,
        resolve: (o) => (done(), resolve(o)),
        reject: (e) => (done(), reject(e)),
      };
      this.send({ type: 'analyze', id, file, options: { frames: request.frames } });
    });
  }

  private spawn(): void {
    this.ready = new Promise<ReadyInfo>((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    const worker = (this.options.createWorker ?? defaultWorker)();
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (this.worker === worker) this.receive(event.data);
    };
    worker.onerror = (event: ErrorEvent) => {
      if (this.worker !== worker) return;
      event.preventDefault();
      this.crashed(`The analysis worker stopped with an error: ${event.message || 'unknown error'}.`);
    };
    this.send({ type: 'init', backend: this.options.backend });
  }

  private crashed(message: string): void {
    const running = this.running;
    this.running = null;
    this.settleReady.reject(new Error(message));
    this.options.onFatal?.(message);
    running?.reject(new Error(message));
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'warmup':
        this.options.onWarmup?.({ stage: message.stage, done: message.done, total: message.total, message: message.message });
        break;
      case 'ready': {
        const info: ReadyInfo = { backend: message.backend, device: message.device, models: message.models, notices: message.notices };
        this.settleReady.resolve(info);
        this.options.onReady?.(info);
        break;
      }
      case 'notice':
        this.options.onNotice?.(message.message);
        break;
      case 'fatal':
        this.crashed(message.message);
        break;
      case 'progress':
        if (this.running?.id === message.id) {
          this.running.request.onProgress?.({ stage: message.stage, done: message.done, total: message.total, etaMs: message.etaMs });
        }
        break;
      case 'frame':
        if (this.running?.id === message.id && this.running.request.onFrame) {
          this.running.request.onFrame({ frame: message.frame, frameImage: message.frameImage, frameScale: message.frameScale, crop: message.crop });
        } else {
          message.frameImage?.close();
          message.crop?.close();
        }
        break;
      case 'result':
        if (this.running?.id === message.id) {
          const running = this.running;
          this.running = null;
          running.resolve({ result: message.result, memory: message.memory });
        }
        break;
    }
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }
}

function abortError(): DOMException {
  return new DOMException('The analysis was cancelled.', 'AbortError');
}
