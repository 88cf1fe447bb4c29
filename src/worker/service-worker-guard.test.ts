import { describe, expect, it } from 'vitest';
import { refuseOffOrigin } from './service-worker-guard';

const ORIGIN = 'http://127.0.0.1:4173';

function event(url: string) {
  const answers: Response[] = [];
  return { answers, request: { url }, respondWith: (r: Response | Promise<Response>) => void answers.push(r as Response) };
}

describe('refuseOffOrigin (service worker)', () => {
  it('answers a request to another origin with a network error and says so', () => {
    const e = event('https://odml.pa.googleapis.com/v1/log');
    const warnings: string[] = [];
    expect(refuseOffOrigin(ORIGIN, e, (m) => warnings.push(m))).toBe(true);
    expect(e.answers).toHaveLength(1);
    expect(e.answers[0]!.type).toBe('error');
    expect(warnings).toEqual(['Blocked a request to https://odml.pa.googleapis.com (service worker): this page contacts only the server it came from, so nothing leaves your machine.']);
  });
  it("leaves the page's own requests to the precache", () => {
    for (const url of [`${ORIGIN}/models/xception/model.json`, `${ORIGIN}/?backend=wasm`, `blob:${ORIGIN}/1`]) {
      const e = event(url);
      expect(refuseOffOrigin(ORIGIN, e, () => undefined)).toBe(false);
      expect(e.answers).toEqual([]);
    }
  });
});
