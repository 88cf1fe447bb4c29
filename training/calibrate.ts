// Platt scaling (Platt 1999): P(fake) = sigmoid(a * logit(p) + b), a and b fitted by maximum
// likelihood on held-out predictions (validation half A), by Newton's method on the 2x2 problem.
// With a = 1/T and b = 0 it is temperature scaling; the free b also corrects a shifted prior.
// The fitted values live in src/calibration.json; src/pipeline/calibrate.ts applies them.

import { logit, type Platt } from '../src/pipeline/calibrate';

export { applyPlatt, type Platt } from '../src/pipeline/calibrate';

/** Fit a, b on probabilities and 0/1 labels; `weights` (optional) per sample, e.g. class balance. */
export function fitPlatt(probs: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): Platt {
  let a = 1;
  let b = 0;
  const z = Array.from(probs, logit);
  for (let it = 0; it < 100; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < z.length; i++) {
      const w = weights ? weights[i]! : 1;
      const p = 1 / (1 + Math.exp(-(a * z[i]! + b)));
      const r = (p - labels[i]!) * w;
      const s = p * (1 - p) * w;
      ga += r * z[i]!;
      gb += r;
      haa += s * z[i]! * z[i]!;
      hab += s * z[i]!;
      hbb += s;
    }
    // Small ridge keeps the step finite on separable or constant inputs.
    haa += 1e-9;
    hbb += 1e-9;
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}
