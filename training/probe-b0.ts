// A frozen-B0 probe on DFDC (issue 22, item 4): does the ImageNet EfficientNet-B0 trunk, untouched, carry
// a fake/real signal? Not the cross-domain number (that is the DeepFaceLive screen); a cheap first look.
//   1. features: the app's alignment of every validation crop (halves A and B of training/split.json) and
//      of a balanced sample of training crops, from the detections in training/.cache/faces.jsonl (no
//      detector run), resized to --size px like the page, through our B0 (npm run weights:b0): the pooled
//      1280-d vector, appended to training/.cache/b0-probe/shard-K.{f32,jsonl} (resumable).
//        npx tsx training/probe-b0.ts --shard 0/2 [--size 224] [--train 4000]   (one process per core)
//   2. fit: standardised features, L2 logistic regression on the training rows, the L2 weight chosen on
//      half A, AUC on half B.
//        npx tsx training/probe-b0.ts --fit
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { numberFlag, parseFlags } from './args';
import { setupBackend } from './backend';
import { readJsonLines } from './crop-cache';
import { DATA_CONFIG } from './data-config';
import { alignedBatch, b0Rows, loadImagenetB0, parseShard } from './b0-trunk';
import { b0Pooled } from './imagenet-efficientnet-b0';
import { rocAuc } from './metrics';

const USAGE = 'npx tsx training/probe-b0.ts --shard K/N [--size 224] [--train 4000] | --fit';
const { values } = parseFlags(
  process.argv.slice(2),
  { shard: { type: 'string' }, size: { type: 'string' }, train: { type: 'string' }, fit: { type: 'boolean' } },
  USAGE,
);
const DIR = join(DATA_CONFIG.cacheDir, 'b0-probe');
const DIM = 1280;

interface ProbeLine {
  video: string;
  label: 0 | 1;
  /** 'train' or the validation half. */
  set: 'train' | 'A' | 'B';
  found: boolean;
  size: number;
}

async function features(shard: string, size: number, train: number): Promise<void> {
  const [k, n] = parseShard(shard);
  await setupBackend('wasm');
  const model = loadImagenetB0();
  mkdirSync(DIR, { recursive: true });
  const f32 = join(DIR, `shard-${k}.f32`);
  const idx = join(DIR, `shard-${k}.jsonl`);
  const done = readJsonLines<ProbeLine>(idx);
  // A run killed between the two appends leaves vectors without a line: cut them off.
  if (existsSync(f32) && statSync(f32).size !== done.length * DIM * 4) truncateSync(f32, done.length * DIM * 4);
  const seen = new Set(done.map((d) => d.video));
  const rows = b0Rows(train).filter((_, i) => i % n === k).filter((r) => !seen.has(r.line.video));
  console.log(`shard ${k}/${n}: ${rows.length} crops to do (${done.length} done), ${size} px`);
  const batch = 16;
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    const rgb = alignedBatch(part.map((r) => r.line), size);
    const pooled = b0Pooled(model, rgb);
    rgb.dispose();
    const data = pooled.dataSync();
    pooled.dispose();
    appendFileSync(f32, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    appendFileSync(idx, part.map(({ line, set }) => JSON.stringify({ video: line.video, label: line.label, set, found: line.face !== null, size } satisfies ProbeLine)).join('\n') + '\n');
    const doneNow = Math.min(i + batch, rows.length);
    if ((i / batch) % 20 === 0 || doneNow === rows.length) console.log(`${doneNow}/${rows.length} ${((performance.now() - t0) / doneNow).toFixed(0)} ms/crop (decode, align, B0)`);
  }
}

async function fit(): Promise<void> {
  await setupBackend('wasm');
  const lines: ProbeLine[] = [];
  const vecs: Float32Array[] = [];
  for (const f of readdirSync(DIR).filter((f) => /^shard-\d+\.jsonl$/.test(f)).sort()) {
    const ls = readJsonLines<ProbeLine>(join(DIR, f));
    const buf = readFileSync(join(DIR, f.replace('.jsonl', '.f32')));
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + ls.length * DIM * 4));
    ls.forEach((l, i) => (lines.push(l), vecs.push(all.subarray(i * DIM, (i + 1) * DIM))));
  }
  const pick = (s: ProbeLine['set']) => lines.map((l, i) => [l, i] as const).filter(([l]) => l.set === s).map(([, i]) => i);
  const sets = { train: pick('train'), A: pick('A'), B: pick('B') };
  const count = (ix: number[]) => `${ix.length} (${ix.filter((i) => lines[i]!.label === 0).length} real)`;
  console.log(`crops: train ${count(sets.train)}, half A ${count(sets.A)}, half B ${count(sets.B)}; ${lines.filter((l) => !l.found).length} without a face (whole crop)`);
  const X = (ix: number[]) => tf.tensor2d(ix.flatMap((i) => Array.from(vecs[i]!)), [ix.length, DIM]);
  const Y = (ix: number[]) => ix.map((i) => lines[i]!.label);
  const xTrain = X(sets.train);
  const { mean, variance } = tf.moments(xTrain, 0);
  const sd = tf.add(tf.sqrt(variance), 1e-6);
  const norm = (x: tf.Tensor2D) => tf.div(tf.sub(x, mean), sd) as tf.Tensor2D;
  const [xt, xa, xb] = [norm(xTrain), norm(X(sets.A)), norm(X(sets.B))];
  const yt = tf.tensor1d(Y(sets.train), 'float32');
  const results: { l2: number; a: number; b: number; bFace: number; trainAuc: number }[] = [];
  for (const l2 of [1e-4, 1e-3, 1e-2, 1e-1]) {
    const w = tf.variable(tf.zeros([DIM, 1]));
    const b = tf.variable(tf.zeros([1]));
    const opt = tf.train.adam(0.01);
    for (let s = 0; s < 400; s++) {
      opt.minimize(() => {
        const z = tf.reshape(tf.add(tf.matMul(xt, w), b), [-1]);
        return tf.add(tf.losses.sigmoidCrossEntropy(yt, z), tf.mul(l2, tf.sum(tf.square(w)))) as tf.Scalar;
      });
    }
    const score = (x: tf.Tensor2D) => tf.tidy(() => tf.reshape(tf.add(tf.matMul(x, w), b), [-1]).dataSync());
    const sb = score(xb);
    // Half B's crops where the detector found a face (what the page would score; the others go in whole).
    const found = sets.B.map((i, j) => [lines[i]!, j] as const).filter(([l]) => l.found);
    const bFace = rocAuc(found.map(([, j]) => sb[j]!), found.map(([l]) => l.label));
    const r = { l2, trainAuc: rocAuc(score(xt), Y(sets.train)), a: rocAuc(score(xa), Y(sets.A)), b: rocAuc(sb, Y(sets.B)), bFace };
    results.push(r);
    console.log(`L2 ${l2}: train AUC ${r.trainAuc.toFixed(3)}, half A ${r.a.toFixed(3)}, half B ${r.b.toFixed(3)} (${found.length} with a face: ${bFace.toFixed(3)})`);
    w.dispose();
    b.dispose();
  }
  const best = results.reduce((p, c) => (c.a > p.a ? c : p));
  console.log(`chosen on half A: L2 ${best.l2}; half B AUC ${best.b.toFixed(3)} (half A ${best.a.toFixed(3)})`);
}

if (values.fit) await fit();
else await features(values.shard ?? '0/1', numberFlag(values.size, 'size', 224), numberFlag(values.train, 'train', 4000));
