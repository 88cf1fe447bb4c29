// Where the e2e tests find their inputs and settings. Real faces come from ../shared/data (never
// copied into the repository); tests that need them skip with a clear reason when it is absent.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skip } from './skip';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const SHARED_VIDEOS = resolve(ROOT, '..', 'shared', 'data', 'videos');
export const REAL_VIDEO = join(SHARED_VIDEOS, 'ffpp-real-004.mp4');
export const FAKE_VIDEO = join(SHARED_VIDEOS, 'ffpp-fake-deepfakes-003_000.mp4');
/** The built app (`npm run build`); the same folder scan serves (scan/scan.ts DIST), named here so the
 *  suite does not load the CLI's entry module (which imports package.json) to find it. */
export const DIST = join(ROOT, 'dist');
export const MEDIA = join(ROOT, 'e2e', 'fixtures', 'media');
export const GOOD = join(MEDIA, 'good-h264.mp4');

/** Frames sampled per video (E2E_FRAMES, default 8: keeps CI fast). */
export const E2E_FRAMES = Number(process.env.E2E_FRAMES ?? 8);
/** A folder to save screenshots of the page in (idle, analysing, verdict), or null. */
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? null;

/** The shared clips, or a skip that says what is missing. */
export function sharedVideos(): { real: string; fake: string } {
  for (const p of [REAL_VIDEO, FAKE_VIDEO]) {
    if (!existsSync(p)) skip(`${p} is absent (../shared/data is not beside this checkout)`);
  }
  return { real: REAL_VIDEO, fake: FAKE_VIDEO };
}
