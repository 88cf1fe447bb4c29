// The graph's bad-input outcomes in Node: files refused before any frame is decoded end in a result
// with a one-sentence error, no score and no label (decoding itself is covered in Chromium e2e).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEDIA_MESSAGES, codecMessage } from './decode';
import type { Detector } from './detect';
import { runAnalysis, type AnalysisContext } from './run-analysis';

const media = join(__dirname, '../../e2e/fixtures/media');
const file = (name: string) => new File([readFileSync(join(media, name))], name);
// Never reached for these inputs: refusing them must not need the detector or a model.
const context: AnalysisContext = { detector: {} as Detector, ensemble: [], backend: 'cpu' };

describe('runAnalysis on files that cannot be analysed', () => {
  it.each([
    ['empty.mp4', MEDIA_MESSAGES.empty],
    ['not-a-video.mp4', MEDIA_MESSAGES.notMedia],
    ['audio-only.m4a', MEDIA_MESSAGES.audioOnly],
    ['truncated-moov-last.mp4', MEDIA_MESSAGES.truncated],
  ])('%s -> its message', async (name, message) => {
    const progress: string[] = [];
    const result = await runAnalysis(file(name), context, {}, { onProgress: (p) => progress.push(p.stage) });
    expect(result).toMatchObject({ file: name, score: null, label: null, error: message, frames: [], backend: 'cpu', video: null });
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(progress).toEqual([]);
  });

  it('names a codec the browser cannot decode', async () => {
    const result = await runAnalysis(file('hevc.mp4'), context, { canDecode: async () => false });
    expect(result.error).toBe(codecMessage('hevc'));
  });
});
