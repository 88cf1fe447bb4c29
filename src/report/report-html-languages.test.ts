// The readable report in Spanish and French: every section, the verdict's reason, the warnings and
// an error report, with no English sentence of the catalog left and the report's own <html lang>.
import { afterEach, describe, expect, it } from 'vitest';
import { APP_CONFIG } from '../config';
import { en } from '../i18n/en';
import { i18n } from '../i18n/i18n';
import { english, words, type Words } from '../i18n/words';
import { aggregate } from '../pipeline/aggregate';
import type { FaceResult, FrameResult } from '../types';
import type { DetectorReport } from './api-types';
import { buildReport } from './report';
import { reportHtml } from './report-html';
import { CLEAN, makeResult } from './test-fixtures';
import { workerSentence } from './worker-sentences';

const sha = (c: string) => c.repeat(64);
const landmarks: FaceResult['landmarks'] = [{ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }];
const face = (track: number, pFake: number | null, width = 60): FaceResult => ({ box: { x: track * 100, y: 20, width, height: width }, score: 0.97, landmarks, pFake, models: pFake === null ? {} : { xception: pFake }, track: pFake === null ? null : track, attention: null });
function frame(index: number, faces: FaceResult[]): FrameResult {
  const top = faces.filter((f) => f.pFake !== null).sort((a, b) => b.pFake! - a.pFake!)[0];
  return { index, timeMs: index * 700, score: top?.pFake ?? null, box: top?.box ?? null, faces, models: top?.models ?? {} };
}

/** A real verdict on two people, a poor copy (three quality cautions), 4 frames and a software GPU. */
function report(error: Words | null = null): DetectorReport {
  const frames = [0.8, 0.85, 0.9, 0.82].map((s, i) => frame(i, [face(1, s), face(2, 0.1), face(3, null, 20)]));
  const v = aggregate(frames, APP_CONFIG);
  // A poor copy: every issue of the input-quality reading, bars on all sides, two people.
  const quality = { ...CLEAN, bitrateFrom: 'file' as const, bitsPerPixel: 0.011, blockiness: 2.6, sharpness: 3, faceSize: 60, people: [{ track: 1, faceSize: 60, sharpness: 3 }, { track: 2, faceSize: 58, sharpness: 4 }], bars: { top: 140, bottom: 140, left: 20, right: 20 }, issues: ['compressed' as const, 'blurry' as const, 'small-faces' as const] };
  const result = error === null ? makeResult({ ...v, frames, quality, video: { width: 640, height: 360, durationMs: 2800, codec: 'avc1.64001f', container: 'mp4', rotation: 0 } }) : makeResult({ score: null, label: null, reason: null, error: english(error), errorWords: error });
  return {
    ...buildReport({
      result,
      app: { name: 'deepfake-detector', version: '0.1.0', commit: 'c0ffee' },
      input: { name: 'clip.mp4', path: null, bytes: 1234567, sha256: sha('e') },
      backend: 'webgl',
      device: 'ANGLE (SwiftShader)',
      frames: 4,
      requestedBackend: null,
      threads: null,
      models: [{ name: 'xception', architecture: 'xception', inputSize: 160, weight: 1, metrics: { auc: 0.83, logloss: 0.5, acc: 0.75, n: 3052 }, config: 'pair', manifestSha256: sha('a'), files: [{ path: 'model.json', sha256: sha('c'), bytes: 3 }], backbone: null, about: null }],
      faceDetector: { name: 'blazeface', files: [], provenanceError: null },
      userAgent: 'UA',
      generatedAt: new Date('2026-01-02T03:04:05Z'),
    }),
    case: { sourceUrl: null, analyst: 'Ana', notes: null },
  };
}

/** The English catalog's sentences (three words or more between values). */
const ENGLISH: string[] = (() => {
  const out: string[] = [];
  const walk = (o: object) => Object.values(o).forEach((v) => (typeof v === 'string' ? out.push(...v.split(/\{\{\w+\}\}/)) : walk(v as object)));
  walk(en);
  return [...new Set(out.map((p) => p.trim()).filter((p) => p.split(/\s+/).length >= 3))];
})();

const text = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

afterEach(() => i18n.changeLanguage('en'));

describe('the readable report in other languages', () => {
  it('is in English by default, with its five warnings and the worker\'s reason', () => {
    const r = report();
    expect(r.warnings).toHaveLength(5);
    const html = reportHtml(r);
    expect(html).toContain('<html lang="en"');
    expect(text(html)).toContain(r.result.reason!);
    for (const w of r.warnings) expect(text(html)).toContain(w);
  });

  it.each(['es', 'fr'] as const)('says everything in %s', async (lng) => {
    await i18n.changeLanguage(lng);
    for (const r of [report(), report(words('notMedia'))]) {
      const html = reportHtml(r);
      expect(html).toContain(`<html lang="${lng}"`);
      expect(ENGLISH.filter((s) => text(html).includes(s))).toEqual([]);
    }
    // What failed, in the language (the worker's words), while the JSON keeps its English.
    const failed = report(words('undecodable', { codec: words('codec.mpeg2') }));
    expect(text(reportHtml(failed))).toContain(workerSentence(failed.result.errorWords!, lng));
    expect(failed.result.error).toContain('MPEG-2 (DVDs, TV recordings)');
    // The JSON value the report was made from is unchanged: English sentences, the same numbers.
    expect(report().warnings.some((w) => w.startsWith('Only 4 frames sampled'))).toBe(true);
  });
});
