import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../src/types';
import { checkReport, videoRun, type BenchReport, type LoadSnapshot } from './report';

const load: LoadSnapshot = { at: '2026-12-02T00:00:00Z', loadavg: [1, 1, 1], top: null };

function result(over: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    file: 'a.mp4',
    score: 0.5,
    label: 'uncertain',
    reason: 'r',
    error: null,
    frames: [
      {
        index: 0,
        timeMs: 0,
        score: 0.5,
        box: null,
        faces: [{ box: { x: 0, y: 0, width: 100, height: 100 }, score: 0.9, landmarks: [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }, { x: 1, y: 1 }], pFake: 0.5, models: {}, track: 1, attention: null }],
        models: {},
      },
      { index: 1, timeMs: 500, score: null, box: null, faces: [], models: {} },
    ],
    models: {},
    tracks: [],
    basis: null,
    backend: 'wasm',
    timings: { decodeMs: 1000, detectMs: 400, inferMs: 300, totalMs: 2000, uploadMs: 200, alignMs: 20, framesDecoded: 40 },
    video: { width: 1920, height: 1080, durationMs: 10_000, codec: 'avc', container: 'MP4', rotation: 0 },
    ...over,
  };
}

function report(): BenchReport {
  const v = videoRun(result(), 2100, { command: 'ffmpeg', seconds: 0.5, frames: 300 }, load);
  return {
    schema: 1,
    mode: 'short',
    parts: ['pages', 'models'],
    startedAt: '2026-12-02T00:00:00Z',
    finishedAt: '2026-12-02T00:01:00Z',
    host: 'h',
    cpus: 2,
    cpuModel: 'x',
    chromium: '1',
    commit: null,
    appDist: 'dist',
    notes: [],
    loadAtStart: load,
    pages: [{ label: 'wasm', backend: 'wasm', threads: null, device: 'WebAssembly', appCommit: null, frames: 2, readyMs: 5000, firstResultMs: 7000, videos: [v] }],
    models: { wasm: [{ name: 'xception', batch: 1, msPerFace: 300, gflopPerFace: 4.4, gflopPerS: 14.7 }] },
    experiments: {},
  };
}

describe('videoRun', () => {
  it('derives per-stage numbers from the page timings', () => {
    const v = videoRun(result(), 2100, { command: 'ffmpeg', seconds: 0.5, frames: 300 }, load);
    expect(v.decodeMsPerSampledFrame).toBe(500);
    expect(v.decoderFramesPerS).toBe(50); // 40 frames in (1000 - 200) ms
    expect(v.uploadMsPerFrame).toBe(100);
    expect(v.detectMsPerFrame).toBe(200);
    expect(v.alignMsPerFace).toBe(20);
    expect(v.modelsMsPerFace).toBe(280);
    expect(v.aroundModelsMs).toBe(1420); // decode 1000 + detection 400 + alignment 20
    expect(v.secondsPerVideoSecond).toBe(0.2);
    expect(v.decodeVsFfmpeg).toBe(2);
    expect(v.decoderVsFfmpeg).toBeCloseTo(1.6); // (1000 - 200) ms against 0.5 s
  });
  it('leaves per-face numbers null when no face was scored', () => {
    const r = result();
    r.frames = r.frames.map((f) => ({ ...f, score: null, faces: f.faces.map((x) => ({ ...x, pFake: null, track: null })) }));
    const v = videoRun(r, 1, null, load);
    expect([v.alignMsPerFace, v.modelsMsPerFace, v.decodeVsFfmpeg, v.decoderVsFfmpeg]).toEqual([null, null, null, null]);
  });
});

describe('checkReport', () => {
  it('accepts a complete report', () => {
    expect(checkReport(report())).toEqual([]);
  });
  it('names what is missing or absurd', () => {
    const r = report();
    r.pages[0]!.device = '';
    r.pages[0]!.videos[0]!.detectMsPerFrame = Number.NaN;
    r.pages[0]!.videos[0]!.error = 'broken';
    r.models.wasm![0]!.gflopPerFace = 0;
    expect(checkReport(r)).toEqual([
      'page run "wasm": the page did not say what it runs on',
      'page run "wasm", a.mp4: the page reported an error: broken',
      'page run "wasm", a.mp4: detectMsPerFrame is not a number >= 0',
      'page run "wasm", a.mp4: the stages add up to more than the total',
      'models on wasm: xception has no GFLOP count',
    ]);
    expect(checkReport({ ...report(), pages: [] })).toEqual(['no page run']);
  });
});
