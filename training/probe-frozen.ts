// `npx tsx training/probe-frozen.ts [--stage middle6] [--lambdas 0.001,0.01,0.1,1] [--videoCache dfl-screen-16]`:
// how much the FROZEN ImageNet trunk already tells, before any fine-tuning, and how much of a
// cross-domain number a trivial statistic reaches. Each row of the 160-sbi cache at one stage
// (block 9 = middle4, block 11 = middle6: ImageNet weights, never trained) is pooled to its channel
// means and standard deviations; an L2 logistic regression is fitted on the training rows (real
// against SBI, against DFDC fakes, or against both) and scored on half A, half B and the
// evaluation-only video cache (per video: the mean over its faces; pairs: a clip's swapped half above
// its own original half). Beside it the baseline that needs no training: the mean absolute
// activation of each face. docs/training-recipe.md, "Issue 22, fourth session", says what it showed.
import { numberFlag, parseFlags } from './args';
import { rocAuc } from './metrics';
import { loadFeatureSet, loadVideoFeatureSet, type FeatureSet } from './feature-data';
import { float16ToFloat32 } from '../src/models/float16';

const SHAPE: [number, number, number] = [10, 10, 728];

/** One row's (float32, NHWC `shape`) channel means then channel standard deviations (2 x c values). */
export function poolRow(x: Float32Array, shape: readonly [number, number, number]): Float32Array {
  const [h, w, c] = shape;
  const sum = new Float64Array(c);
  const sq = new Float64Array(c);
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < c; k++) {
      const v = x[p * c + k]!;
      sum[k]! += v;
      sq[k]! += v * v;
    }
  }
  const row = new Float32Array(2 * c);
  for (let k = 0; k < c; k++) {
    const m = sum[k]! / (h * w);
    row[k] = m;
    row[c + k] = Math.sqrt(Math.max(0, sq[k]! / (h * w) - m * m));
  }
  return row;
}

/** Each row's channel means then channel standard deviations (2 x 728 values). */
export function poolRows(set: FeatureSet): Float32Array[] {
  const [h, w, c] = set.shape;
  const per = h * w * c;
  const out: Float32Array[] = [];
  for (const chunk of set.chunks) {
    for (let r = 0; r < chunk.length / per; r++) out.push(poolRow(float16ToFloat32(chunk.subarray(r * per, (r + 1) * per)), set.shape));
  }
  return out;
}

/** The no-training baseline ("mean absolute activation" in the docs): the sum over channels of each
 *  channel's absolute spatial mean, from a poolRow row. One function, so the face and background
 *  controls (probe-background.ts) measure exactly what this probe's baseline line measured. */
export function activationEnergy(pooled: Float32Array): number {
  return pooled.subarray(0, pooled.length / 2).reduce((s, v) => s + Math.abs(v), 0);
}

/** L2 logistic regression by full-batch gradient descent on standardised features. */
export function fitLogistic(x: readonly Float32Array[], y: readonly number[], lambda: number, iterations = 300, rate = 0.5): { w: Float64Array; b: number } {
  const d = x[0]!.length;
  const w = new Float64Array(d);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const g = new Float64Array(d);
    let gb = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      let z = b;
      for (let k = 0; k < d; k++) z += w[k]! * xi[k]!;
      const err = 1 / (1 + Math.exp(-z)) - y[i]!;
      gb += err;
      for (let k = 0; k < d; k++) g[k]! += err * xi[k]!;
    }
    for (let k = 0; k < d; k++) w[k]! -= rate * (g[k]! / x.length + lambda * w[k]!);
    b -= (rate * gb) / x.length;
  }
  return { w, b };
}

/** Video AUC (each video: the mean of its faces' scores) and the pairs whose swapped half
 *  (dfl-fake-X) scores above its original (dfl-real-X). */
export function videoMeasures(scores: readonly number[], videos: readonly string[], labels: ArrayLike<number>): { auc: number; pairs: number; of: number } {
  const per = new Map<string, { sum: number; n: number; label: number }>();
  scores.forEach((s, i) => {
    const v = per.get(videos[i]!) ?? { sum: 0, n: 0, label: labels[i]! };
    v.sum += s;
    v.n++;
    per.set(videos[i]!, v);
  });
  const mean = new Map([...per].map(([k, v]) => [k, v.sum / v.n]));
  const names = [...per.keys()];
  let pairs = 0;
  let of = 0;
  for (const n of names.filter((n) => n.includes('-fake-'))) {
    const original = mean.get(n.replace('-fake-', '-real-'));
    if (original === undefined) continue;
    of++;
    if (mean.get(n)! > original) pairs++;
  }
  return { auc: rocAuc(names.map((n) => mean.get(n)!), names.map((n) => per.get(n)!.label)), pairs, of };
}

const USAGE = 'npx tsx training/probe-frozen.ts [--stage middle6] [--lambdas 0.001,0.01,0.1,1] [--videoCache dfl-screen-16]';

function main(): void {
  const { values } = parseFlags(process.argv.slice(2), { stage: { type: 'string' }, lambdas: { type: 'string' }, videoCache: { type: 'string' } }, USAGE);
  const stage = values.stage ?? 'middle6';
  const lambdas = (values.lambdas ?? '0.001,0.01,0.1,1').split(',').map((v) => numberFlag(v, 'lambdas', 0));
  const videoCache = values.videoCache ?? 'dfl-screen-16';
  const set = loadFeatureSet('160-sbi', stage, SHAPE);
  const pooled = poolRows(set);
  const { set: vset } = loadVideoFeatureSet(videoCache, stage, SHAPE);
  const vpooled = poolRows(vset);
  // Standardised by the training rows' statistics.
  const d = pooled[0]!.length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const i of set.parts.train) for (let k = 0; k < d; k++) mean[k]! += pooled[i]![k]! / set.parts.train.length;
  for (const i of set.parts.train) for (let k = 0; k < d; k++) sd[k]! += (pooled[i]![k]! - mean[k]!) ** 2 / set.parts.train.length;
  const z = (r: Float32Array) => Float32Array.from(r, (v, k) => (v - mean[k]!) / (Math.sqrt(sd[k]!) + 1e-6));
  const Z = pooled.map(z);
  const VZ = vpooled.map(z);
  const score = (m: { w: Float64Array; b: number }, x: Float32Array) => x.reduce((s, v, k) => s + v * m.w[k]!, m.b);
  const at = (rows: number[], s: (i: number) => number) => rocAuc(rows.map(s), rows.map((i) => set.labels[i]!));

  // The baseline: no training, the mean absolute activation of the face (both directions printed).
  const energy = activationEnergy;
  for (const sign of [1, -1]) {
    const v = videoMeasures(vpooled.map((r) => sign * energy(r)), vset.videos, vset.labels);
    console.log(`${stage} mean |activation| x ${sign}: half A ${at(set.parts.A, (i) => sign * energy(pooled[i]!)).toFixed(3)}, half B ${at(set.parts.B, (i) => sign * energy(pooled[i]!)).toFixed(3)} | ${videoCache}: AUC ${v.auc.toFixed(3)}, swapped above original ${v.pairs}/${v.of}`);
  }
  const against: Record<string, (i: number) => boolean> = {
    'real vs SBI': (i) => set.views[i] === 'sbi' || set.labels[i] === 0,
    'real vs DFDC fakes': (i) => set.views[i] === 'crop',
    'real vs both': () => true,
  };
  for (const [name, keep] of Object.entries(against)) {
    const rows = set.parts.train.filter(keep);
    for (const lambda of lambdas) {
      const m = fitLogistic(rows.map((i) => Z[i]!), rows.map((i) => set.labels[i]!), lambda);
      const v = videoMeasures(VZ.map((x) => score(m, x)), vset.videos, vset.labels);
      console.log(`${stage} ${name}, L2 ${lambda}: half A ${at(set.parts.A, (i) => score(m, Z[i]!)).toFixed(3)}, half B ${at(set.parts.B, (i) => score(m, Z[i]!)).toFixed(3)} | ${videoCache}: AUC ${v.auc.toFixed(3)}, swapped above original ${v.pairs}/${v.of}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
