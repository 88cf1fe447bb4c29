// Skips for the e2e specs, importable from helpers without importing any spec (so no spec imports
// another): `skip` skips the running Playwright test with the reason (missing ../shared data, no
// ffmpeg). Checks are Playwright's `expect`.
import { test } from '@playwright/test';

export function skip(reason: string): never {
  test.skip(true, reason);
  throw new Error(`skipped: ${reason}`); // not reached: test.skip throws
}
