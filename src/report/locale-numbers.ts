// Numbers in the page's language (percentages, decimals, the interval): the i18n layer's Intl
// formatters with the language the page speaks now. format.ts re-exports them.
import { INTERVAL_PERCENT } from '../config';
import { language } from '../i18n/i18n';
import { decimalIn, intervalIn, percentIn, sharePercentIn } from '../i18n/numbers';

/** A probability as a whole percentage in the page's language; "<1%" / ">99%" at the extremes. */
export function formatPercent(p: number): string {
  return percentIn(language(), p);
}

/** A number with `digits` decimals in the page's language ("0.866", "0,866"). */
export function formatDecimal(n: number | null | undefined, digits: number): string {
  return decimalIn(language(), n, digits);
}

/** The interval's level ("95%") as the page's language writes it. */
export function intervalLevel(): string {
  return percentIn(language(), INTERVAL_PERCENT / 100);
}

/** A 95% interval as "33–45%" (one percentage when both ends round alike). */
export function formatInterval(interval: readonly [number, number]): string {
  return intervalIn(language(), interval);
}

/** A share (a model's weight) as a whole percentage: 0 is "0%". */
export function formatShare(share: number): string {
  return sharePercentIn(language(), share);
}
