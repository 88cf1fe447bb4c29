import { describe, expect, it } from 'vitest';
import { automationState, initialState, reduce, type AnalysisState } from './analysis-state';
import { makeFrame, makeResult } from '../report/test-fixtures';
import type { FromWorker } from '../worker/protocol';
import type { Stage } from '../types';
import { words, type Words } from '../i18n/words';
import { ANALYSIS_STEPS, currentStep, progressDetail } from '../report/format';

const worker = (message: FromWorker) => ({ type: 'worker' as const, message });
/** Sentences as the worker sends them: words (src/i18n/words.ts). */
const WEBGPU_FAILED: Words = words('notAvailable', { backend: 'WebGPU', why: 'no adapter' });
const SOFTWARE_GPU: Words = words('softwareGpu', { backend: 'WebGL', device: 'SwiftShader', name: 'webgl' });
const SKIPPED: Words = words('skipped', { skipped: 2, total: 8, at: 1.5, why: 'bad packet' });
const ready: FromWorker = { type: 'ready', backend: 'wasm', device: 'cpu', faceDetector: 'tasks-vision', models: [], notices: [WEBGPU_FAILED] };
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
    // How the engine was chosen is shown with the engine, not above the drop zone.
    expect(s.engineNotices).toEqual([WEBGPU_FAILED]);
    expect(s.notices).toEqual([]);
    expect(automationState(s)).toBe('ready');
  });

  it('collects frames and the result of the current job only', () => {
    let s = started();
    expect(automationState(s)).toBe('analyzing');
    s = reduce(s, worker({ type: 'progress', id: 1, stage: 'detect', done: 2, total: 8, etaMs: 4000 }));
    s = reduce(s, worker({ type: 'frame', id: 1, frame: makeFrame(0, 0.7), frameImage: null, frameScale: 1, crops: [] }));
    s = reduce(s, worker({ type: 'frame', id: 99, frame: makeFrame(1, 0.1), frameImage: null, frameScale: 1, crops: [] }));
    expect(s.job).toMatchObject({ stage: 'detect', done: 2, total: 8, etaMs: 4000 });
    expect(s.job?.frames.map((f) => f.frame.index)).toEqual([0]);
    const result = makeResult({ file: 'a.mp4' });
    s = reduce(s, worker({ type: 'result', id: 1, result, memory }));
    expect(s.job).toMatchObject({ status: 'done', result });
    expect(s.history).toEqual([result]);
    expect(s.memory).toEqual(memory);
    expect(automationState(s)).toBe('ready');
  });

  it("keeps each face's crop and takes the frame's crop from its most suspicious face", () => {
    const crop = (tag: string) => ({ tag }) as unknown as ImageBitmap;
    const frame = makeFrame(0, 0.7);
    // A second, less suspicious face listed first (larger), and an unscored one.
    const other = { ...frame.faces[0]!, pFake: 0.2, track: 2 };
    const unscored = { ...frame.faces[0]!, pFake: null, track: null, models: {}, attention: null };
    const f = { ...frame, faces: [other, frame.faces[0]!, unscored] };
    const s = reduce(started(), worker({ type: 'frame', id: 1, frame: f, frameImage: null, frameScale: 1, crops: [crop('other'), crop('top'), null] }));
    expect(s.job?.frames[0]?.crop).toEqual({ tag: 'top' });
    expect(s.job?.frames[0]?.crops).toHaveLength(3);
    const none = reduce(started(), worker({ type: 'frame', id: 1, frame: makeFrame(1, null), frameImage: null, frameScale: 1, crops: [] }));
    expect(none.job?.frames[0]?.crop).toBeNull();
  });

  it('drops messages for a cancelled job', () => {
    let s = reduce(started(), { type: 'cancel' });
    s = reduce(s, worker({ type: 'result', id: 1, result: makeResult(), memory }));
    expect(s.job?.status).toBe('cancelled');
    expect(s.history).toEqual([]);
  });

  it('ends a running job with an error result when the worker dies', () => {
    const s = reduce(started(), { type: 'crash', words: words('stopped') });
    expect(s.job?.status).toBe('done');
    expect(s.history).toHaveLength(1);
    expect(s.history[0]).toMatchObject({ file: 'a.mp4', score: null, label: null, error: 'The analysis stopped unexpectedly. Reload the page and try again.', errorWords: { key: 'stopped' }, backend: 'wasm' });
  });

  it('a fatal start-up error during a job fails the job and the page', () => {
    const noBackend = words('noBackend', { tried: [WEBGPU_FAILED] });
    const s = reduce(started(), worker({ type: 'fatal', words: noBackend }));
    expect(automationState(s)).toBe('fatal');
    expect(s.startup.fatal).toEqual(noBackend);
    expect(s.history[0]?.error).toBe('No compute backend works in this browser: WebGPU is not available here (no adapter); falling back to the next backend.');
    // The same failure again (the client's rejection of the job) is not said twice.
    expect(reduce({ ...s, job: null }, { type: 'crash', words: noBackend }).notices).toEqual([]);
  });

  it('does not repeat a notice', () => {
    let s = reduce(initialState(), { type: 'notice', message: 'x' });
    s = reduce(s, { type: 'notice', message: 'x' });
    s = reduce(s, worker({ type: 'notice', words: SOFTWARE_GPU }));
    s = reduce(s, worker({ type: 'notice', words: { ...SOFTWARE_GPU } }));
    expect(s.notices).toEqual(['x']);
    expect(s.engineNotices).toEqual([SOFTWARE_GPU]);
  });

  it("files a worker notice during an analysis with that job, and a new job starts without it", () => {
    let s = reduce(started(), worker({ type: 'notice', words: SKIPPED }));
    expect(s.job?.notices).toEqual([SKIPPED]);
    expect(s.engineNotices).toEqual([WEBGPU_FAILED]);
    s = reduce(s, { type: 'start', id: 2, fileName: 'b.mp4', fileSize: 1 });
    expect(s.job?.notices).toEqual([]);
  });

  it('keeps engine notices once, at the top: a worker restarted after a cancel repeats them before its warm-up', () => {
    // The real worker's order (analysis.worker.ts start()): how the engine was chosen, then warm-up.
    let s = reduce(started(), { type: 'cancel' });
    s = reduce(s, { type: 'start', id: 2, fileName: 'b.mp4', fileSize: 1 });
    s = reduce(s, worker({ type: 'notice', words: WEBGPU_FAILED }));
    s = reduce(s, worker({ type: 'warmup', stage: 'load', done: 0, total: 2, message: 'Loading' }));
    s = reduce(s, worker(ready));
    expect(s.job?.notices).toEqual([]);
    expect(s.engineNotices).toEqual([WEBGPU_FAILED]);
  });

  it('files a new engine notice that arrives while the engine warms up with the engine, not the waiting file', () => {
    let s = reduce(started(), { type: 'cancel' });
    // The restarted worker warms up again ("starting"), and the next file is chosen meanwhile.
    s = reduce(s, worker({ type: 'warmup', stage: 'load', done: 0, total: 2, message: 'Loading' }));
    s = reduce(s, { type: 'start', id: 2, fileName: 'b.mp4', fileSize: 1 });
    s = reduce(s, worker({ type: 'notice', words: WEBGPU_FAILED }));
    s = reduce(s, worker({ type: 'notice', words: SOFTWARE_GPU }));
    s = reduce(s, worker(ready));
    // Once ready, a repeat of an engine notice is still not the file's.
    s = reduce(s, worker({ type: 'notice', words: WEBGPU_FAILED }));
    expect(s.job?.notices).toEqual([]);
    expect(s.engineNotices).toEqual([WEBGPU_FAILED, SOFTWARE_GPU]);
  });

  it('never moves progress back: per-frame stages repeat, frames done only grow', () => {
    // What the worker sends for three frames (src/pipeline/run-analysis.ts): decode, then detect
    // and score for each frame, decode again once it is done, and 'done' at the end.
    const sent: [Stage, number][] = [['decode', 0]];
    for (let i = 0; i < 3; i++) sent.push(['detect', i], ['score', i], ['decode', i + 1]);
    sent.push(['done', 3]);
    let s = started();
    const shown: { step: number; detail: string; done: number }[] = [];
    for (const [stage, done] of sent) {
      s = reduce(s, worker({ type: 'progress', id: 1, stage, done, total: 3, etaMs: null }));
      const j = s.job!;
      shown.push({ step: ANALYSIS_STEPS.indexOf(currentStep(j.stage)), detail: progressDetail(j.stage, j.done, j.total), done: j.done });
    }
    for (let i = 1; i < shown.length; i++) {
      expect(shown[i]!.step).toBeGreaterThanOrEqual(shown[i - 1]!.step);
      expect(shown[i]!.done).toBeGreaterThanOrEqual(shown[i - 1]!.done);
    }
    expect(shown.map((x) => x.detail)).toContain('1 of 3 frames done · frame 2: finding faces');
    expect(shown.at(-1)).toMatchObject({ step: 2, done: 3 });
    // A late message from an earlier frame (or after 'done') changes nothing.
    const late = reduce(s, worker({ type: 'progress', id: 1, stage: 'decode', done: 1, total: 3, etaMs: null }));
    expect(late).toBe(s);
  });
});
