// Every language says everything English says: the same keys, the same {{values}} in each
// sentence, both plural forms, nothing left empty or in English by mistake.
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { i18n, setLanguage, t } from './i18n';
import { LANGUAGES } from './languages';

/** key -> string, with nested keys joined by dots. */
function flatten(obj: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v as object, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort();

const EN = flatten(en);
const OTHERS = { es: flatten(es), fr: flatten(fr) };

/** Strings that are the same in every language: names, units and symbols. */
const SAME_EVERYWHERE = new Set([
  'engine.wasm', // WebAssembly (CPU)
  'report.bytes', // "bytes" is Spanish too
  'report.commit', // a git word, kept
  'report.footer', // a file name and its hash
  'progress.verdict', // French: verdict
  'report.verdictTitle',
  'report.chosen',
  'caseFields.notes', // French: notes
  'report.architecture', // French: architecture
  'report.version', // French: version
  'quality.mbits', // units
  'quality.kbits',
  'provenance.actions', // French: actions
  'provenance.rotation', // French: rotation
]);

describe('catalogs', () => {
  it('has a catalog for every language', () => {
    expect(Object.keys(i18n.options.resources ?? {}).sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(Object.entries(OTHERS))('%s has exactly the keys English has', (_, cat) => {
    expect([...cat.keys()].sort()).toEqual([...EN.keys()].sort());
  });

  it.each(Object.entries(OTHERS))('%s fills in the same values in every sentence, and leaves none empty', (_, cat) => {
    for (const [key, text] of EN) {
      expect(placeholders(cat.get(key)!), key).toEqual(placeholders(text));
      expect(cat.get(key)!.trim(), key).not.toBe('');
    }
  });

  it.each(Object.entries(OTHERS))('%s is translated: no sentence left as the English one', (_, cat) => {
    const same = [...EN].filter(([key, text]) => cat.get(key) === text && /\p{L}{3,}/u.test(text.replace(/\{\{\w+\}\}/g, '')) && !SAME_EVERYWHERE.has(key));
    expect(same.map(([key]) => key)).toEqual([]);
  });

  it('has both plural forms wherever a sentence counts', () => {
    for (const key of EN.keys()) {
      if (key.endsWith('_one')) expect(EN.has(key.replace(/_one$/, '_other')), key).toBe(true);
      if (key.endsWith('_other')) expect(EN.has(key.replace(/_other$/, '_one')), key).toBe(true);
    }
  });

  it('picks the plural form by the language (French counts 0 and 1 as one)', () => {
    try {
      setLanguage('fr');
      expect(t('timeline.gaps', { count: 0 })).toMatch(/^Traits gris : 0 image sans/);
      expect(t('timeline.gaps', { count: 2 })).toMatch(/2 images sans/);
      setLanguage('es');
      expect(t('timeline.gaps', { count: 0 })).toMatch(/0 fotogramas sin/);
      expect(t('timeline.gaps', { count: 1 })).toMatch(/1 fotograma sin/);
      setLanguage('en');
      expect(t('timeline.gaps', { count: 1 })).toBe('Grey ticks: 1 frame without a usable face.');
    } finally {
      setLanguage('en');
    }
  });
});
