import { describe, expect, it } from 'vitest';
import type { DetectorReport } from './api-types';
import { DetectorApi, checkOptions, nameFromUrl, type ApiHost } from './detector-api';

const PAGE = 'http://127.0.0.1:5173/';

function fakeHost(over: Partial<ApiHost> = {}): ApiHost & { runs: { name: string; frames: number; text: string }[]; hashed: boolean[] } {
  const runs: { name: string; frames: number; text: string }[] = [];
  const hashed: boolean[] = [];
  return {
    runs,
    hashed,
    whenReady: async () => ({ app: { name: 'deepfake-detector', version: '0', commit: null }, backend: 'wasm', device: 'cpu', models: [] }),
    run: async (file, frames, onProgress, _signal, sha256) => {
      hashed.push(sha256);
      runs.push({ name: file.name, frames, text: await file.text() });
      onProgress({ stage: 'decode', done: 1, total: 2, etaMs: null });
      return { input: { name: file.name } } as DetectorReport;
    },
    cancel: () => undefined,
    status: () => ({ state: 'ready', backend: 'wasm', fatal: null, results: [], memory: null }),
    defaultFrames: 32,
    pageUrl: PAGE,
    fetch: (async (url: string) => (url.endsWith('/missing.mp4') ? new Response('no', { status: 404 }) : new Response('from ' + url))) as typeof fetch,
    ...over,
  };
}

describe('checkOptions', () => {
  it('uses the default frames and rejects unknown or bad options with exact messages', () => {
    expect(checkOptions(undefined, 32).frames).toBe(32);
    expect(checkOptions({ frames: 8 }, 32).frames).toBe(8);
    expect(() => checkOptions({ frame: 8 }, 32)).toThrow('unknown option "frame"');
    expect(() => checkOptions({ frames: 0 }, 32)).toThrow('frames must be a whole number from 1 to 256 (got 0)');
    expect(() => checkOptions({ frames: 2.5 }, 32)).toThrow(TypeError);
    expect(() => checkOptions({ signal: 'x' }, 32)).toThrow('signal must be an AbortSignal');
    expect(() => checkOptions(5, 32)).toThrow('options must be an object');
    expect(() => checkOptions({ sha256: 'no' }, 32)).toThrow('sha256 must be true or false');
    expect(checkOptions({ sha256: false }, 32).sha256).toBe(false);
    expect(checkOptions({}, 32).sha256).toBe(true);
  });
  it('names fetched files after the URL', () => {
    expect(nameFromUrl(new URL('http://a/v/my%20clip.mp4?x=1'))).toBe('my clip.mp4');
    expect(nameFromUrl(new URL('http://a/'))).toBe('download');
  });
});

describe('DetectorApi', () => {
  it('analyses Files, Blobs and same-origin URLs, one at a time, with progress events', async () => {
    const host = fakeHost();
    const api = new DetectorApi(host);
    const events: string[] = [];
    api.addEventListener('progress', (e) => events.push(`progress ${(e as CustomEvent).detail.file}`));
    api.addEventListener('result', (e) => events.push(`result ${(e as CustomEvent<DetectorReport>).detail.input.name}`));
    const seen: string[] = [];
    const reports = await Promise.all([
      api.analyze(new File(['a'], 'a.mp4'), { frames: 4 }),
      api.analyze(new Blob(['b']), { name: 'b.webm', onProgress: (p) => seen.push(p.stage) }),
      api.analyze('/clips/c.mp4'),
      api.analyze(new URL('http://127.0.0.1:5173/d.mp4')),
    ]);
    expect(reports.map((r) => r.input.name)).toEqual(['a.mp4', 'b.webm', 'c.mp4', 'd.mp4']);
    expect(host.runs).toEqual([
      { name: 'a.mp4', frames: 4, text: 'a' },
      { name: 'b.webm', frames: 32, text: 'b' },
      { name: 'c.mp4', frames: 32, text: 'from http://127.0.0.1:5173/clips/c.mp4' },
      { name: 'd.mp4', frames: 32, text: 'from http://127.0.0.1:5173/d.mp4' },
    ]);
    expect(seen).toEqual(['decode']);
    expect(host.hashed).toEqual([true, true, true, true]);
    expect(events).toEqual(['progress a.mp4', 'result a.mp4', 'progress b.webm', 'result b.webm', 'progress c.mp4', 'result c.mp4', 'progress d.mp4', 'result d.mp4']);
  });

  it('refuses other origins and bad inputs, and a failed call does not block the next', async () => {
    const host = fakeHost();
    const api = new DetectorApi(host);
    await expect(api.analyze('https://example.com/v.mp4')).rejects.toThrow(/only URLs on this page's origin \(http:\/\/127\.0\.0\.1:5173\)/);
    await expect(api.analyze('http://127.0.0.1:9999/v.mp4')).rejects.toThrow(TypeError);
    await expect(api.analyze(42 as unknown as string)).rejects.toThrow('input must be a File, a Blob, or a URL');
    await expect(api.analyze('/missing.mp4')).rejects.toThrow('HTTP 404');
    await expect(api.analyze(new File(['x'], 'x.mp4'), { frames: 5000 })).rejects.toThrow('from 1 to 256');
    expect((await api.analyze(new File(['ok'], 'ok.mp4'))).input.name).toBe('ok.mp4');
    expect(host.runs.map((r) => r.name)).toEqual(['ok.mp4']);
  });

  it('an aborted signal stops the call before it runs; cancel() reaches the host', async () => {
    let cancelled = 0;
    const host = fakeHost({ cancel: () => void cancelled++ });
    const api = new DetectorApi(host);
    const abort = new AbortController();
    abort.abort();
    await expect(api.analyze(new File(['x'], 'x.mp4'), { signal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
    api.cancel();
    expect(cancelled).toBe(1);
    expect(host.runs).toEqual([]);
  });

  it('a rejected start-up reaches ready() and analyze()', async () => {
    const host = fakeHost({ whenReady: () => Promise.reject(new Error('No backend could run the models.')) });
    const api = new DetectorApi(host);
    await expect(api.ready()).rejects.toThrow('No backend');
    await expect(api.analyze(new File(['x'], 'x.mp4'))).rejects.toThrow('No backend');
  });
});
