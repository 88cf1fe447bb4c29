// Numbers as each language writes them (Intl): "45%" / "45 %", "0.866" / "0,866". Pure, with the
// locale passed in; format.ts passes the page's language.

const cache = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** A probability as a whole percentage; the extremes say "<1%" / ">99%" so no one reads 0% as proof. */
export function percentIn(locale: string, p: number): string {
  if (!Number.isFinite(p)) return '–';
  const pct = formatter(locale, { style: 'percent', maximumFractionDigits: 0 });
  if (p < 0.01) return `<${pct.format(0.01)}`;
  if (p > 0.99) return `>${pct.format(0.99)}`;
  return pct.format(Math.round(p * 100) / 100);
}

/** A number with exactly `digits` decimals ("–" when there is none). */
export function decimalIn(locale: string, n: number | null | undefined, digits: number): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return formatter(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(n);
}

/** A whole number with the language's grouping ("1,234" / "1234" / "1 234"). */
export function integerIn(locale: string, n: number): string {
  return formatter(locale, { maximumFractionDigits: 0 }).format(n);
}

/** "33–45%" (one percentage when both ends round alike): the sign written once, after the range. */
export function intervalIn(locale: string, [lo, hi]: readonly [number, number]): string {
  const a = percentIn(locale, lo);
  const b = percentIn(locale, hi);
  return a === b ? a : `${a.replace(/\s*%\s*/, '')}–${b}`;
}

/** The language's decimal mark ("." or ","). */
export function decimalMark(locale: string): string {
  return formatter(locale, { minimumFractionDigits: 1 }).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** A share as a whole percentage, exactly (0 is "0%": not a probability, no "<1%"). */
export function sharePercentIn(locale: string, share: number): string {
  return formatter(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.round(share * 100) / 100);
}
