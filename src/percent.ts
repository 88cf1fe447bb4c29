// A probability as people read it, one formatter for every layer (the verdict's reason from the
// pipeline, the page, the HTML report).

/** A probability as a whole percentage; the extremes say "<1%" / ">99%" so no one reads 0% as proof. */
export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p < 0.01) return '<1%';
  if (p > 0.99) return '>99%';
  return `${Math.round(p * 100)}%`;
}
