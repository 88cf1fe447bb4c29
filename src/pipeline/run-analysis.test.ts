// The graph's bad-input outcomes in Node: files refused before any frame is decoded end in a result
// with a one-sentence error (English, and as words for the page), no score and no label (decoding
// itself is covered in Chromium e2e).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { english, words } from '../i18n/words';
import { codecRefusal } from './decode';
import type { Detector } from './detect';
import { runAnalysis, type AnalysisContext } from './run-analysis';

const media = join(__dirname, '../../e2e/fixtures/media');
const file = (name: string) => new File([readFileSync(join(media, name))], name);
// Never reached for these inputs: refusing them must not need the detector or a model.
const context: AnalysisContext = { detector: {} as Detector, ensemble: [], backend: 'cpu' };

describe('runAnalysis on files that cannot be analysed', () => {
  it.each([
    ['empty.mp4', 'empty'],
    ['not-a-video.mp4', 'notMedia'],
    ['audio-only.m4a', 'audioOnly'],
    ['truncated-moov-last.mp4', 'truncated'],
  ] as const)('%s -> its message', async (name, key) => {
    const progress: string[] = [];
    const result = await runAnalysis(file(name), context, {}, { onProgress: (p) => progress.push(p.stage) });
    expect(result).toMatchObject({ file: name, score: null, label: null, error: english(words(key)), errorWords: { key }, frames: [], backend: 'cpu', video: null });
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(progress).toEqual([]);
  });

  it('names a codec the browser cannot decode', async () => {
    const result = await runAnalysis(file('hevc.mp4'), context, { canDecode: async () => false });
    expect(result.errorWords).toEqual(codecRefusal('hevc'));
    expect(result.error).toBe(english(codecRefusal('hevc')));
    expect(result.error).toContain('the HEVC (H.265) codec');
  });
});
