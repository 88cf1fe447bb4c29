// The worker side's sentences: their English is the catalog's template filled in (one definition per
// sentence), values inside it as the English reader reads them, and every key of the worker section
// is one the code sends (no sentence left in the catalogs that nothing says).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enWorker } from './en-worker';
import { english, words, type WorkerKey } from './words';

/** Every key of the worker section, nested ones as "a.b". */
function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('words', () => {
  it('makes the English from the catalog template, every value filled in', () => {
    expect(english(words('empty'))).toBe(enWorker.empty);
    expect(english(words('modelNotUsed', { name: 'xception', why: 'HTTP 404 for model.json' }))).toBe('Model xception was not used: HTTP 404 for model.json.');
    for (const key of keys(enWorker) as WorkerKey[]) {
      const values = Object.fromEntries([...(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], enWorker) as string).matchAll(/\{\{(\w+)\}\}/g)].map((m) => [m[1]!, 'x']));
      expect(english(words(key, values)), key).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('says a sentence inside another without its full stop, several joined, numbers as English writes them', () => {
    const tried = [words('notAvailable', { backend: 'WebGPU', why: words('noAdapter') }), words('notAvailable', { backend: 'WebGL', why: 'context lost' })];
    expect(english(words('noBackend', { tried }))).toBe(
      'No compute backend works in this browser: WebGPU is not available here (no WebGPU adapter was found); falling back to the next backend. WebGL is not available here (context lost); falling back to the next backend.',
    );
    expect(english(words('analysisFailed', { why: words('forcedDeviceLost', { backend: 'webgpu' }) }))).toBe(
      'The analysis failed unexpectedly: The webgpu device was lost and that backend was explicitly requested.',
    );
    expect(english(words('skipped', { skipped: 2, total: 8, at: 1.5, why: words('dataEndsAt', { seconds: 1.234 }) }))).toBe(
      '2 of 8 sampled frames could not be decoded (the file may be damaged) and were skipped (first at 1.5 s: the video data ends at 1.23 s).',
    );
    expect(english(words('undecodable', { codec: words('codec.h263') }))).toContain('the H.263 (3GP, old phones) codec');
  });

  it('has no sentence the code never sends: each key is named in the sources', () => {
    const src = resolve(__dirname, '..');
    const text = sources(src)
      .filter((f) => !f.includes('/i18n/'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = keys(enWorker).filter((key) => !text.includes(`'${key}'`));
    expect(unused).toEqual([]);
  });
});
