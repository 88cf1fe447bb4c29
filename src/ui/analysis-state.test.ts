import { describe, expect, it } from 'vitest';
import { automationState, initialState, reduce, type AnalysisState } from './analysis-state';
import { makeFrame, makeResult } from './test-fixtures';
import type { FromWorker } from '../worker/protocol';

const worker = (message: FromWorker) => ({ type: 'worker' as const, message });
const ready: FromWorker = { type: 'ready', backend: 'wasm', device: 'cpu', faceDetector: 'tasks-vision', models: [], notices: ['WebGPU failed; using WASM.'] };
const memory = { numTensors: 12, numBytes: 3400 };

function started(): AnalysisState {
  return reduce(reduce(initialState(), worker(ready)), { type: 'start', id: 1, fileName: 'a.mp4', fileSize: 10 });
}

describe('reduce', () => {
  it('follows warm-up to ready and keeps the backend and notices', () => {
    let s = reduce(initialState(), worker({ type: 'warmup', stage: 'warmup', done: 1, total: 3, message: 'Compiling' }));
    expect(s.startup).toMatchObject({ phase: 'starting', stage: 'warmup', done: 1, total: 3 });
    expect(automationState(s)).toBe('starting');
    s = reduce(s, worker(ready));
    expect(s.startup).toMatchObject({ phase: 'ready', backend: 'wasm', device: 'cpu' });
    expect(s.notices).toEqual(['WebGPU failed; using WASM.']);
    expect(automationState(s)).toBe('ready');
  });

  it('collects frames and the result of the current job only', () => {
    let s = started();
    expect(automationState(s)).toBe('analyzing');
    s = reduce(s, worker({ type: 'progress', id: 1, stage: 'detect', done: 2, total: 8, etaMs: 4000 }));
    s = reduce(s, worker({ type: 'frame', id: 1, frame: makeFrame(0, 0.7), frameImage: null, frameScale: 1, crop: null }));
    s = reduce(s, worker({ type: 'frame', id: 99, frame: makeFrame(1, 0.1), frameImage: null, frameScale: 1, crop: null }));
    expect(s.job).toMatchObject({ stage: 'detect', done: 2, total: 8, etaMs: 4000 });
    expect(s.job?.frames.map((f) => f.frame.index)).toEqual([0]);
    const result = makeResult({ file: 'a.mp4' });
    s = reduce(s, worker({ type: 'result', id: 1, result, memory }));
    expect(s.job).toMatchObject({ status: 'done', result });
    expect(s.history).toEqual([result]);
    expect(s.memory).toEqual(memory);
    expect(automationState(s)).toBe('ready');
  });

  it('drops messages for a cancelled job', () => {
    let s = reduce(started(), { type: 'cancel' });
    s = reduce(s, worker({ type: 'result', id: 1, result: makeResult(), memory }));
    expect(s.job?.status).toBe('cancelled');
    expect(s.history).toEqual([]);
  });

  it('ends a running job with an error result when the worker dies', () => {
    const s = reduce(started(), { type: 'crash', message: 'The analysis stopped unexpectedly.' });
    expect(s.job?.status).toBe('done');
    expect(s.history).toHaveLength(1);
    expect(s.history[0]).toMatchObject({ file: 'a.mp4', score: null, label: null, error: 'The analysis stopped unexpectedly.', backend: 'wasm' });
  });

  it('a fatal start-up error during a job fails the job and the page', () => {
    const s = reduce(started(), worker({ type: 'fatal', message: 'No backend works.' }));
    expect(automationState(s)).toBe('fatal');
    expect(s.history[0]?.error).toBe('No backend works.');
  });

  it('does not repeat a notice', () => {
    let s = reduce(initialState(), { type: 'notice', message: 'x' });
    s = reduce(s, worker({ type: 'notice', message: 'x' }));
    expect(s.notices).toEqual(['x']);
  });
});
