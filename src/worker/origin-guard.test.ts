import { describe, expect, it } from 'vitest';
import { english } from '../i18n/words';
import { guardOrigin, isOwnOrigin, refusal, type GuardedScope } from './origin-guard';

const ORIGIN = 'http://127.0.0.1:4173';

describe('isOwnOrigin', () => {
  it('passes the own origin, relative URLs, and blob:/data: URLs made in the page', () => {
    expect(isOwnOrigin(`${ORIGIN}/models/x/model.json`, ORIGIN)).toBe(true);
    expect(isOwnOrigin('mediapipe/face_detection_short_range.tflite', ORIGIN, `${ORIGIN}/assets/analysis.worker.js`)).toBe(true);
    expect(isOwnOrigin(`blob:${ORIGIN}/5d1c`, ORIGIN)).toBe(true);
    expect(isOwnOrigin('data:application/octet-stream;base64,AA==', ORIGIN)).toBe(true);
  });
  it('refuses another host, port or scheme, and what is not a URL', () => {
    expect(isOwnOrigin('https://odml.pa.googleapis.com/v1/log', ORIGIN)).toBe(false);
    expect(isOwnOrigin('http://127.0.0.1:4174/x', ORIGIN)).toBe(false);
    expect(isOwnOrigin('https://127.0.0.1:4173/x', ORIGIN)).toBe(false);
    expect(isOwnOrigin('blob:https://evil.example/1', ORIGIN)).toBe(false);
    expect(isOwnOrigin('about:blank#x', ORIGIN)).toBe(false);
    expect(isOwnOrigin('//evil.example/x', ORIGIN)).toBe(false);
  });
});

/** A worker scope stand-in whose APIs record what reached them. */
function fakeScope() {
  const reached: string[] = [];
  class FakeXhr {
    open(_method: string, url: string) {
      reached.push(`xhr ${url}`);
    }
  }
  class FakeSocket {
    constructor(url: string) {
      reached.push(`socket ${url}`);
    }
  }
  const scope: GuardedScope & Record<string, unknown> = {
    location: { origin: ORIGIN, href: `${ORIGIN}/assets/analysis.worker.js` },
    fetch: (async (input: RequestInfo | URL) => {
      reached.push(`fetch ${String(input)}`);
      return new Response('ok');
    }) as typeof fetch,
    XMLHttpRequest: FakeXhr as never,
    WebSocket: FakeSocket,
    EventSource: FakeSocket,
    importScripts: (...urls: string[]) => void reached.push(...urls.map((u) => `import ${u}`)),
  };
  const reports: string[] = [];
  guardOrigin(scope, (said) => reports.push(english(said)));
  return { scope, reached, reports };
}

describe('guardOrigin', () => {
  it("lets the page's own requests through unchanged", async () => {
    const { scope, reached, reports } = fakeScope();
    await expect(scope.fetch!('/models/x/model.json')).resolves.toBeInstanceOf(Response);
    new (scope.XMLHttpRequest as unknown as new () => { open(m: string, u: string): void })().open('GET', `${ORIGIN}/tfjs-wasm/x.wasm`);
    scope.importScripts!(`${ORIGIN}/a.js`);
    expect(reached).toEqual(['fetch /models/x/model.json', `xhr ${ORIGIN}/tfjs-wasm/x.wasm`, `import ${ORIGIN}/a.js`]);
    expect(reports).toEqual([]);
  });

  it('refuses a fetch to another origin with a TypeError that says why, and reports it; nothing reaches the network', async () => {
    const { scope, reached, reports } = fakeScope();
    const url = 'https://odml.pa.googleapis.com/v1/log';
    await expect(scope.fetch!(url, { method: 'POST' })).rejects.toThrow(new TypeError(english(refusal('fetch', url))));
    await expect(scope.fetch!(new Request('http://127.0.0.1:9/probe'))).rejects.toThrow(/Blocked a request to http:\/\/127\.0\.0\.1:9 \(fetch\)/);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toBe('Blocked a request to https://odml.pa.googleapis.com (fetch): this page contacts only the server it came from, so nothing leaves your machine.');
    expect(reached).toEqual([]);
  });

  it('refuses XMLHttpRequest and importScripts elsewhere, and every WebSocket and EventSource', () => {
    const { scope, reached, reports } = fakeScope();
    const xhr = new (scope.XMLHttpRequest as unknown as new () => { open(m: string, u: string): void })();
    expect(() => xhr.open('POST', 'https://example.com/x')).toThrow(TypeError);
    expect(() => scope.importScripts!(`${ORIGIN}/ok.js`, 'https://cdn.example.com/x.js')).toThrow(/cdn\.example\.com \(importScripts\)/);
    expect(() => new (scope.WebSocket as new (u: string) => unknown)(`ws://127.0.0.1:4173/`)).toThrow(/\(WebSocket\)/);
    expect(() => new (scope.EventSource as new (u: string) => unknown)(`${ORIGIN}/events`)).toThrow(/\(EventSource\)/);
    expect(reached).toEqual([]);
    expect(reports).toHaveLength(4);
  });
});
