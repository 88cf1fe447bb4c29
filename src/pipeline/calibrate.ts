// Calibration of the ensemble's P(fake): Platt scaling, P = sigmoid(a * logit(p) + b), with a and b
// fitted on validation half A by training/calibrate.ts and stored in src/calibration.json. Applied
// per crop to the weighted ensemble probability, before frames are aggregated.

export interface Platt {
  a: number;
  b: number;
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
}

export function applyPlatt(p: number, c: Platt): number {
  return 1 / (1 + Math.exp(-(c.a * logit(p) + c.b)));
}

export interface Calibration {
  platt: Platt;
  /** The members it was fitted with: applied only when exactly these are in the ensemble. */
  members: readonly string[];
}

/** The calibration to apply to this ensemble, or null when its members differ from the fitted ones.
 *  Here (no tfjs) so the page's report states whether it was applied by the same rule. */
export function calibrationFor(ensemble: readonly { name: string }[], c: Calibration | null): Platt | null {
  if (!c) return null;
  const names = new Set(ensemble.map((m) => m.name));
  return c.members.length === names.size && c.members.every((n) => names.has(n)) ? c.platt : null;
}
