// The UI thread's handle on the analysis worker. Usage:
//
//   const client = new DetectorClient({ backend, onMessage });  // onMessage: every FromWorker the page should see
//   const info = await client.whenReady();                        // the worker's 'ready' message
//   const job = client.analyze(file, { frames, signal });         // job.id: the id its messages carry
//   const { result, memory } = await job.outcome;
//   client.cancel();   // stop the running analysis now: terminates the worker, starts a fresh one
//   client.dispose();  // terminate for good
//
// The client does not unpack messages into callbacks: it passes each FromWorker on as it is (the
// reducer in ui/analysis-state.ts is the one place that gives them meaning), and keeps only what
// its own life needs: the ready promise, which job is running, and closing the bitmaps of frames
// nobody will show (a cancelled job's late frames). A new message type therefore touches
// protocol.ts and the reducer (ui/analysis-state.ts), nothing here.
//
// analyze() resolves for every file, good or bad: a file that cannot be analysed resolves with
// `result.error` set to one sentence (score null). It rejects only with an AbortError (cancel() or
// the signal) or a WordsError when the worker itself died or could not start (its message is the
// English, for scripts; its words are for the page). Analyses run one at a time: a second analyze()
// waits for the first. Cancel = terminate, as in squoosh: the worker's decoder, GPU work and memory
// go with it, which no cooperative flag can promise.
import type { BackendName } from '../backends';
import { WordsError } from '../failure';
import { words } from '../i18n/words';
import type { AnalysisOptions } from '../pipeline/run-analysis';
import type { AnalysisResult, TensorMemory } from '../types';
import type { FromWorker, ToWorker } from './protocol';

export type ReadyInfo = Extract<FromWorker, { type: 'ready' }>;

export interface ClientOptions {
  /** Force a backend (from ?backend=); otherwise webgpu -> webgl -> wasm. */
  backend?: BackendName;
  /** Every message for the page: start-up ones always, a job's only while it is the running one. A
   *  worker that dies arrives here as a 'fatal' message too. Frame bitmaps become the receiver's. */
  onMessage?(message: FromWorker): void;
  /** WebAssembly threads (from ?threads=); otherwise half the cores, tfjs's default. */
  threads?: number;
  /** Makes the worker (tests, other bundlers); default: the module worker next to this file. */
  createWorker?(): Worker;
}

/** Frames sampled evenly over the video (the caller's choice, validated at its edge: src/frames.ts),
 *  and a signal whose abort cancels the analysis (same as client.cancel()). */
export type AnalyzeRequest = Pick<AnalysisOptions, 'frames' | 'signal'>;

export interface AnalysisOutcome {
  result: AnalysisResult;
  memory: TensorMemory;
}

export interface AnalysisJob {
  /** The id this job's progress, frame and result messages carry. */
  id: number;
  outcome: Promise<AnalysisOutcome>;
}

interface Running {
  id: number;
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

  /** Resolves once the detector and models are loaded and checked (the worker warms them up next,
   *  before the first analysis); rejects with the fatal start-up error. */
  whenReady(): Promise<ReadyInfo> {
    return this.ready;
  }

  /** True while an analysis is in flight. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Analyses one file (see the header for what resolves and what rejects). */
  analyze(file: File, request: AnalyzeRequest): AnalysisJob {
    const id = this.nextId++;
    const outcome = this.chain.then(() => this.start(id, file, request));
    this.chain = outcome.catch(() => undefined);
    return { id, outcome };
  }

  /** Stops the running analysis at once (its outcome rejects with AbortError) and starts a fresh
   *  worker, which warms up again (its warmup and ready messages arrive again). */
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
    this.settleReady.reject(new WordsError(words('shutDown')));
    this.running?.reject(abortError());
    this.running = null;
  }

  private async start(id: number, file: File, request: AnalyzeRequest): Promise<AnalysisOutcome> {
    if (this.disposed) throw new WordsError(words('shutDown'));
    request.signal?.throwIfAborted();
    await this.ready;
    return new Promise<AnalysisOutcome>((resolve, reject) => {
      const onAbort = () => {
        if (this.running?.id === id) this.cancel();
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => request.signal?.removeEventListener('abort', onAbort);
      this.running = {
        id,
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
      this.receive({ type: 'fatal', words: event.message ? words('workerStopped', { why: event.message.replace(/\.$/, '') }) : words('workerStoppedUnknown') });
    };
    this.send({ type: 'init', backend: this.options.backend, threads: this.options.threads });
  }

  /** The client's own bookkeeping, then the message goes on to the page. Job messages (those with
   *  an id) go on only while their job is the running one; no message type is listed for that. */
  private receive(message: FromWorker): void {
    if (message.type === 'ready') this.settleReady.resolve(message);
    if (message.type === 'fatal') {
      const running = this.running;
      this.running = null;
      this.settleReady.reject(new WordsError(message.words));
      running?.reject(new WordsError(message.words));
    }
    if ('id' in message) {
      if (this.running?.id !== message.id) {
        // A late message of a job that is over: nobody shows it, so its bitmaps are closed here.
        if (message.type === 'frame') closeFrame(message);
        return;
      }
      if (message.type === 'result') {
        this.running.resolve({ result: message.result, memory: message.memory });
        this.running = null;
      }
    }
    this.options.onMessage?.(message);
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }
}

function closeFrame(message: Extract<FromWorker, { type: 'frame' }>): void {
  message.frameImage?.close();
  for (const c of message.crops) c?.close();
}

function abortError(): DOMException {
  return new DOMException('The analysis was cancelled.', 'AbortError');
}
