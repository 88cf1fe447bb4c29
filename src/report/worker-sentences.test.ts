// The worker side's sentences in the page's language: every key of the catalogs' worker section
// said in Spanish and French with its values (a sentence inside said too, numbers as the language
// writes them, a library's own text kept), and a report's English kept where it has no words.
import { afterEach, describe, expect, it } from 'vitest';
import { enWorker } from '../i18n/en-worker';
import { i18n } from '../i18n/i18n';
import { english, words, type WorkerKey, type Words } from '../i18n/words';
import { codecRefusal, undecodable } from '../pipeline/decode';
import { reportSentence, workerSentence } from './worker-sentences';

afterEach(() => i18n.changeLanguage('en'));

function keys(obj: object, prefix = ''): WorkerKey[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}` as WorkerKey] : keys(v as object, `${prefix}${k}.`)));
}

/** Each sentence of the worker section with every value it names filled in. */
const EVERY: Words[] = keys(enWorker).map((key) => {
  const template = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], enWorker) as string;
  return words(key, Object.fromEntries([...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => [m[1]!, 'x'])));
});

describe('worker sentences', () => {
  it('are the English the worker wrote on an English page', () => {
    for (const said of EVERY) expect(workerSentence(said, 'en'), said.key).toBe(english(said));
    const said = words('skipped', { skipped: 2, total: 8, at: 1.5, why: 'bad packet' });
    expect(workerSentence(said, 'en')).toBe(english(said));
  });

  it.each(['es', 'fr'] as const)('are said in %s, with their values', (lng) => {
    for (const said of EVERY) expect(workerSentence(said, lng), `${lng} ${said.key}`).not.toBe(english(said));
    // A codec described in the language, inside the sentence in the language.
    const h263 = workerSentence(undecodable('s263'), lng);
    expect(h263).toContain(workerSentence(words('codec.h263'), lng));
    expect(h263).not.toContain('old phones');
    expect(workerSentence(codecRefusal('hevc'), lng)).toContain('HEVC (H.265)');
    // Numbers as the language writes them; a library's words kept as they are.
    const skipped = workerSentence(words('skipped', { skipped: 2, total: 8, at: 1.5, why: 'bad packet' }), lng);
    expect(skipped).toMatch(/^2 .*8/);
    expect(skipped).toContain('1,5 s');
    expect(skipped).toContain('bad packet');
    // Sentences inside a sentence are said in the language too, without their full stop.
    const none = workerSentence(words('noBackend', { tried: [words('notAvailable', { backend: 'WebGPU', why: words('noAdapter') })] }), lng);
    expect(none).toContain(workerSentence(words('noAdapter'), lng));
    expect(none).not.toContain('falling back');
    expect(workerSentence(words('analysisFailed', { why: words('noModel') }), lng)).not.toMatch(/\.\.$/);
  });

  it('keep the English of a report sentence that has no words (deepfake-scan’s own)', async () => {
    await i18n.changeLanguage('fr');
    expect(reportSentence('This input never reached the detector.', undefined)).toBe('This input never reached the detector.');
    expect(reportSentence(english(words('empty')), words('empty'))).toBe(workerSentence(words('empty'), 'fr'));
  });
});
