import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISABLED_LOG_URL, TASKS_VISION_LOG_URL, disableTasksVisionLogging, isTasksVisionBundle } from './tasks-vision-logging';

// The ES bundle (package.json `exports.import`), the one Vite bundles; require.resolve gives the CommonJS one.
const bundlePath = join(dirname(createRequire(import.meta.url).resolve('@mediapipe/tasks-vision')), 'vision_bundle.mjs');
const bundle = readFileSync(bundlePath, 'utf8');

/** The bundle's logger class (`Mh=class{...}` up to the next top-level class), run with stand-ins
 *  for its sender and its protobuf helpers, so the test sees what the logger does, not what its
 *  text looks like. */
function loggerOf(code: string) {
  const start = code.indexOf('Mh=class{constructor(t){this.i=[]');
  const end = code.indexOf('};class Oh{', start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const source = code.slice(start + 'Mh='.length, end + 1);
  const sent: string[] = [];
  const timers: number[] = [];
  const make = new Function(
    'bh',
    'Ch',
    'ar',
    'ee',
    'Cr',
    'Nh',
    'setInterval',
    'clearInterval',
    `return (${source});`,
  ) as (...a: unknown[]) => new (key?: string) => { i: unknown[]; flush(): void; close(): void };
  const Logger = make(
    class {
      send(request: { url: string }) {
        sent.push(request.url);
        return Promise.resolve();
      }
    },
    class {},
    (x: unknown) => x,
    (x: unknown) => x,
    (x: unknown) => x,
    () => new Uint8Array(1),
    (_f: unknown, ms: number) => timers.push(ms),
    () => undefined,
  );
  return { Logger, sent, timers };
}

describe('disableTasksVisionLogging', () => {
  it('recognises the bundle Vite resolves for tasks-vision', () => {
    expect(isTasksVisionBundle(bundlePath)).toBe(true);
    expect(isTasksVisionBundle('/x/node_modules/@mediapipe/tasks-vision/wasm/vision_wasm_module_internal.js')).toBe(false);
  });

  it("the published logger starts a 60 s timer and POSTs a queued record to Google's endpoint", () => {
    const { Logger, sent, timers } = loggerOf(bundle);
    const logger = new Logger('key');
    expect(timers).toEqual([60_000]);
    logger.i.push({});
    logger.flush();
    expect(sent).toEqual([TASKS_VISION_LOG_URL]);
  });

  it('after the patch the logger starts no timer and sends nothing, even with a record queued', () => {
    const patched = disableTasksVisionLogging(bundle);
    const { Logger, sent, timers } = loggerOf(patched);
    const logger = new Logger('key');
    logger.i.push({});
    logger.flush();
    logger.close();
    expect(timers).toEqual([]);
    expect(sent).toEqual([]);
    expect(patched).not.toContain('odml.pa.googleapis.com');
    expect(patched).toContain(DISABLED_LOG_URL);
  });

  it('fails loudly on a bundle it was not written for', () => {
    expect(() => disableTasksVisionLogging(bundle.replace('6e4)}close()', '3e4)}close()'))).toThrow(/found 0 times instead of once.*update node\/tasks-vision-logging\.ts/);
  });
});
