// A probability as people read it, one formatter for every layer (the verdict's reason from the
// pipeline, the page, the HTML report). English unless a language is given (the page passes its
// own; the pipeline's sentences and the JSON stay English).
import { percentIn } from './i18n/numbers';

/** A probability as a whole percentage; the extremes say "<1%" / ">99%" so no one reads 0% as proof. */
export function formatPercent(p: number, locale = 'en'): string {
  return percentIn(locale, p);
}
