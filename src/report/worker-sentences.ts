// The worker side's sentences in the page's language. The worker, the decoders, the backend and the
// provenance readers send each sentence as its words (src/i18n/words.ts: a key of the catalogs'
// worker section and its values); the JSON report and deepfake-scan keep its English, made from the
// same template. Here the page says it with t(), each value in the same language: a sentence inside
// it said too, a number written as the language writes it, a library's own text left as it is.
import { i18n, language } from '../i18n/i18n';
import { valueText, type Words } from '../i18n/words';

/** The sentence in `lng` (the page's language unless given). */
export function workerSentence(said: Words, lng: string = language()): string {
  const say = (w: Words) => workerSentence(w, lng);
  const values = Object.fromEntries(Object.entries(said.values ?? {}).map(([name, value]) => [name, valueText(value, lng, say)]));
  return (i18n.getFixedT(lng) as (key: string, values: Record<string, string>) => string)(`worker.${said.key}`, values);
}

/** A sentence a report carries in English and, since the worker sends words, as its words too
 *  (result.error and errorWords, the provenance readers' errors): said in `lng` when it has its
 *  words, else as written (deepfake-scan's own English for a file no page analysed). */
export function reportSentence(english: string, said: Words | undefined, lng: string = language()): string {
  return said === undefined ? english : workerSentence(said, lng);
}
