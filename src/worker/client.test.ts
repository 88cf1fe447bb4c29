// The client's seam, with a stand-in Worker: every message reaches the page as the worker sent it,
// a job's messages only while it runs, stale bitmaps are closed, cancel and crashes settle promises.
import { describe, expect, it } from 'vitest';
import { makeResult } from '../report/test-fixtures';
import { DetectorClient } from './client';
import type { FromWorker, ToWorker } from './protocol';

class StandInWorker {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((e: { data: FromWorker }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  postMessage(m: ToWorker): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(m: FromWorker): void {
    this.onmessage?.({ data: m });
  }
}

function setup() {
  const workers: StandInWorker[] = [];
  const seen: FromWorker[] = [];
  const client = new DetectorClient({
    backend: 'wasm',
    onMessage: (m) => seen.push(m),
    createWorker: () => {
      const w = new StandInWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
  });
  return { client, workers, seen };
}

const ready: FromWorker = { type: 'ready', backend: 'wasm', device: 'cpu', faceDetector: 'tasks-vision', models: [], notices: [] };
const file = new File([new Uint8Array(4)], 'clip.mp4');
const bitmap = () => {
  const b = { closed: false, close: () => (b.closed = true) };
  return b;
};

describe('DetectorClient', () => {
  it('initialises the worker and passes start-up messages on unchanged', async () => {
    const { client, workers, seen } = setup();
    expect(workers[0]!.sent).toEqual([{ type: 'init', backend: 'wasm' }]);
    const warmup: FromWorker = { type: 'warmup', stage: 'load', done: 0, total: 3, message: 'Loading' };
    workers[0]!.emit(warmup);
    workers[0]!.emit(ready);
    await expect(client.whenReady()).resolves.toEqual(ready);
    expect(seen).toEqual([warmup, ready]);
  });

  it('runs a job: sends analyze with its id, passes its messages on, resolves with the result', async () => {
    const { client, workers, seen } = setup();
    const w = workers[0]!;
    w.emit(ready);
    const job = client.analyze(file, { frames: 8 });
    await client.whenReady();
    await Promise.resolve();
    await Promise.resolve();
    expect(w.sent[1]).toEqual({ type: 'analyze', id: job.id, file, options: { frames: 8 } });
    const progress: FromWorker = { type: 'progress', id: job.id, stage: 'decode', done: 0, total: 8, etaMs: null };
    const stale: FromWorker = { type: 'progress', id: job.id + 7, stage: 'decode', done: 0, total: 8, etaMs: null };
    w.emit(progress);
    w.emit(stale);
    const result: FromWorker = { type: 'result', id: job.id, result: makeResult(), memory: { numTensors: 3, numBytes: 12 } };
    w.emit(result);
    await expect(job.outcome).resolves.toEqual({ result: result.result, memory: result.memory });
    expect(seen.slice(1)).toEqual([progress, result]);
    expect(client.busy).toBe(false);
  });

  it('closes the bitmaps of frames that arrive after their job ended', async () => {
    const { client, workers, seen } = setup();
    workers[0]!.emit(ready);
    const frameImage = bitmap();
    const crop = bitmap();
    workers[0]!.emit({ type: 'frame', id: 99, frame: { index: 0, timeMs: 0, score: null, box: null, faces: [], models: {} }, frameImage: frameImage as unknown as ImageBitmap, frameScale: 1, crops: [crop as unknown as ImageBitmap, null] });
    expect([frameImage.closed, crop.closed]).toEqual([true, true]);
    expect(seen).toEqual([ready]);
    client.dispose();
  });

  it('cancel terminates the worker, rejects the job with AbortError and starts a fresh worker', async () => {
    const { client, workers } = setup();
    workers[0]!.emit(ready);
    const job = client.analyze(file, { frames: 2 });
    await client.whenReady();
    await Promise.resolve();
    await Promise.resolve();
    client.cancel();
    await expect(job.outcome).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent).toEqual([{ type: 'init', backend: 'wasm' }]);
  });

  it('turns a worker crash into a fatal message and rejects the running job', async () => {
    const { client, workers, seen } = setup();
    workers[0]!.emit(ready);
    const job = client.analyze(file, { frames: 2 });
    await client.whenReady();
    await Promise.resolve();
    await Promise.resolve();
    workers[0]!.onerror?.({ message: 'boom', preventDefault: () => undefined });
    // The page gets the words; the rejection's message is their English (scripts read it).
    await expect(job.outcome).rejects.toThrow('The analysis worker stopped with an error: boom.');
    await expect(job.outcome).rejects.toMatchObject({ words: { key: 'workerStopped', values: { why: 'boom' } } });
    expect(seen.at(-1)).toEqual({ type: 'fatal', words: { key: 'workerStopped', values: { why: 'boom' } } });
  });
});
