// A sentence the worker side writes (the analysis worker, the pipeline, the models, the provenance
// readers), as its catalog key under `worker.` and its values: what they send to the page, which
// says it in its own language (report/worker-sentences.ts). Its English, for the JSON report, the
// page API and deepfake-scan, is made here from the same template (en-worker.ts), so each sentence
// is written once. No i18next here: the analysis worker imports this (docs/decisions.md, "Languages
// (issue 27)", the worker's sentences).
import { enWorker } from './en-worker';

/** "a.b" for every string at a.b in T. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A key of the `worker` section of the catalogs. */
export type WorkerKey = Leaves<typeof enWorker>;

/** A value in a sentence: a number (written as each language writes it), a sentence of our own
 *  (words: said in the page's language too), several of them (joined by a space), or a text that is
 *  not ours to translate (a library's error, a file name, a codec id), passed on as it is. */
export type WordsValue = string | number | Words | readonly Words[];

export interface Words {
  readonly key: WorkerKey;
  readonly values?: Readonly<Record<string, WordsValue>>;
}

/** The words of a sentence (typed: only a catalog key, and only values it has). */
export function words(key: WorkerKey, values?: Record<string, WordsValue>): Words {
  return values === undefined ? { key } : { key, values };
}

/** A value as text in `lng`; a sentence inside another loses its full stop (the outer one has its own). */
export function valueText(value: WordsValue, lng: string, say: (w: Words) => string): string {
  if (typeof value === 'number') return new Intl.NumberFormat(lng, { maximumFractionDigits: 2, useGrouping: false }).format(value);
  if (typeof value === 'string') return value;
  if (isWordsList(value)) return value.map(say).join(' ');
  return say(value).replace(/\.$/, '');
}

function isWordsList(value: Words | readonly Words[]): value is readonly Words[] {
  return Array.isArray(value);
}

/** The sentence in English: its template from the catalog, each {{value}} filled in. */
export function english(w: Words): string {
  let node: unknown = enWorker;
  for (const part of w.key.split('.')) node = (node as Record<string, unknown>)[part];
  const values = w.values ?? {};
  return (node as string).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    return value === undefined ? '' : valueText(value, 'en', english);
  });
}
