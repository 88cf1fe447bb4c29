// Validation metrics over P(fake) and labels (1 = fake): ROC AUC, log loss, accuracy at 0.5, and
// calibration (10-bin reliability table and expected calibration error). Pure functions.
import type { Metrics } from '../src/types';

/** Probabilities are clipped like Kaggle's DFDC scorer did, so one confident error is finite. */
const EPS = 1e-15;

/** ROC AUC by the rank-sum (Mann-Whitney) formula; ties count one half. */
export function rocAuc(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[a]! - probs[b]!);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && probs[idx[j + 1]!] === probs[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1; // mean rank of the tie block, 1-based
    for (let k = i; k <= j; k++) if (labels[idx[k]!] === 1) rankSum += rank;
    i = j + 1;
  }
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? pos++ : neg++);
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function logLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, probs[i]!));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / probs.length;
}

export function accuracy(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < probs.length; i++) if ((probs[i]! >= 0.5 ? 1 : 0) === labels[i]) right++;
  return right / probs.length;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  n: number;
  /** Mean predicted P(fake) in the bin. */
  meanProb: number;
  /** Share of fakes in the bin. */
  fakeRate: number;
}

/** Equal-width bins over [0,1]; ECE = sum over bins of n_bin/n * |fakeRate - meanProb|. */
export function calibration(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): { ece: number; bins: ReliabilityBin[] } {
  const table: ReliabilityBin[] = Array.from({ length: bins }, (_, b) => ({ lo: b / bins, hi: (b + 1) / bins, n: 0, meanProb: 0, fakeRate: 0 }));
  for (let i = 0; i < probs.length; i++) {
    const bin = table[Math.min(bins - 1, Math.floor(probs[i]! * bins))]!;
    bin.n++;
    bin.meanProb += probs[i]!;
    bin.fakeRate += labels[i] === 1 ? 1 : 0;
  }
  let ece = 0;
  for (const b of table) {
    if (b.n === 0) continue;
    b.meanProb /= b.n;
    b.fakeRate /= b.n;
    ece += (b.n / probs.length) * Math.abs(b.fakeRate - b.meanProb);
  }
  return { ece, bins: table };
}

export function metrics(probs: ArrayLike<number>, labels: ArrayLike<number>): Metrics {
  return { auc: rocAuc(probs, labels), logloss: logLoss(probs, labels), acc: accuracy(probs, labels), n: probs.length };
}
