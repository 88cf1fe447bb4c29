// Assertions and skips for the e2e specs, importable from helpers without importing any spec (so
// no spec imports another). `assert` throws with the message a failing run should print; `skip`
// skips the running Playwright test with the reason (missing ../shared data, no ffmpeg).
import { test } from '@playwright/test';

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function skip(reason: string): never {
  test.skip(true, reason);
  throw new Error(`skipped: ${reason}`); // not reached: test.skip throws
}

/** One sentence for the reader: a single line, ends with a full stop, no stack or error class. */
export function assertOneSentence(text: string | null, what: string): asserts text is string {
  assert(typeof text === 'string' && text.length > 0, `${what}: no message`);
  assert(!text.includes('\n') && text.length <= 320, `${what}: not one short line: ${JSON.stringify(text)}`);
  assert(/[.!?]$/.test(text), `${what}: does not end as a sentence: ${JSON.stringify(text)}`);
  assert(!/\bat \S+:\d+|TypeError|RangeError|undefined|\[object /.test(text), `${what}: leaks internals: ${JSON.stringify(text)}`);
}
