// The worker's sentences in the page's language. The worker writes English (the JSON report and
// deepfake-scan keep it): why a file cannot be analysed, frames it skipped, a GPU passed over. The
// page recognises a sentence by the English template of its catalog key (its {{values}} read back
// from the sentence) and says it again in its own language; a sentence it does not recognise is
// shown as the worker wrote it. worker-sentences.test.ts checks each template against the code
// that writes the sentence (pipeline/opened-media.ts, decode.ts, run-analysis.ts, models/backend.ts).
import { en } from '../i18n/en';
import { i18n, language } from '../i18n/i18n';

type WorkerKey = keyof typeof en.worker;

/** Each template as a pattern: its text exact, each {{value}} any text (named groups). */
const PATTERNS: [WorkerKey, RegExp][] = (Object.entries(en.worker) as [WorkerKey, string][]).map(([key, template]) => {
  const source = template
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const value = /^\{\{(\w+)\}\}$/.exec(part);
      return value ? `(?<${value[1]}>.+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return [key, new RegExp(`^${source}$`, 's')];
});

/** The worker's English sentence in `lng` when it is one of the catalog's, else as it is. */
export function workerSentence(text: string, lng: string = language()): string {
  for (const [key, pattern] of PATTERNS) {
    const m = pattern.exec(text);
    if (m) return (i18n.getFixedT(lng) as (k: string, values: Record<string, string>) => string)(`worker.${key}`, { ...m.groups });
  }
  return text;
}
