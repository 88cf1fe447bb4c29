// The shipped pair's per-crop P(fake) on every validation crop (halves A and B), for the ensemble
// with the B0 member (b0-train.ts --ensemble). The feature path of `npm run evaluate` (evaluate-pair.ts),
// crop by crop: the app's alignment of the whole crop at 160 px (b0-trunk.ts alignedRows, as
// feature-cache.ts), the ImageNet Xception trunk to block 11 on onnxruntime-node, float16-rounded as the
// cache stores it, then the shipped folders' blocks 12-13 and both heads in tfjs (no WS-DAN test-time
// crop, as evaluate-pair.ts). No feature cache is written: one JSON line per crop in
// training/.cache/b0-member/b0-pair-val-scores.jsonl (resumable).
//   npx tsx training/b0-pair-scores.ts [--batch 32] [--threads 2]
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { numberFlag, parseFlags } from './args';
import { setupBackend } from './backend';
import { B0_MEMBER_DIR_NAME, alignedRows, b0Rows, type B0Set } from './b0-trunk';
import { readJsonLines } from './crop-cache';
import { DATA_CONFIG } from './data-config';
import { loadShippedPair, shippedBlocks } from './evaluate-pair';
import { loadOrt, toInput, toRows } from './feature-cache';
import { halfToFloat, importImagenetXception, readImagenetWeights } from './imagenet-xception';
import { TRUNK } from './joint-config';
import { buildJointModels } from './joint-models';
import { cachedStage, jointPredict } from './joint-step';
import { xceptionTrunkOnnx } from './onnx-trunk';
import { buildModel } from '../src/models/arch/index';

export const B0_MEMBER_DIR = join(DATA_CONFIG.cacheDir, B0_MEMBER_DIR_NAME);
export const PAIR_SCORES_FILE = join(B0_MEMBER_DIR, 'b0-pair-val-scores.jsonl');

/** One crop's shipped-pair probabilities (raw, before the ensemble weights and Platt). */
export interface PairScoreLine {
  video: string;
  set: B0Set;
  label: 0 | 1;
  found: boolean;
  xception: number;
  wsdan: number;
}

async function main(): Promise<void> {
  const { values } = parseFlags(process.argv.slice(2), { batch: { type: 'string' }, threads: { type: 'string' } }, 'npx tsx training/b0-pair-scores.ts [--batch 32] [--threads 2]');
  const batch = numberFlag(values.batch, 'batch', 32);
  const threads = numberFlag(values.threads, 'threads', 2);
  console.error(await setupBackend('wasm'));
  const blocks = shippedBlocks();
  const stage = cachedStage(blocks);
  const ort = await loadOrt();
  const trunk = buildModel('xception', { inputSize: TRUNK.inputSize, widthMultiplier: 1, middleBlocks: 8 });
  importImagenetXception(trunk, readImagenetWeights());
  const graph = xceptionTrunkOnnx(trunk, TRUNK.inputSize, [stage]);
  trunk.dispose();
  const session = await ort.InferenceSession.create(graph.bytes, { intraOpNumThreads: threads, graphOptimizationLevel: 'all' });
  const m = buildJointModels();
  console.error(`shipped pair from ${loadShippedPair(m)} (blocks after ${stage} fine-tuned), trunk to ${stage} on onnxruntime (${threads} threads)`);
  mkdirSync(B0_MEMBER_DIR, { recursive: true });
  const done = new Set(readJsonLines<PairScoreLine>(PAIR_SCORES_FILE).map((l) => l.video));
  const rows = b0Rows(0).filter((r) => !done.has(r.line.video));
  console.error(`${rows.length} validation crops to score (${done.size} done)`);
  const t0 = Date.now();
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    const pixels = alignedRows(part.map((r) => r.line), TRUNK.inputSize);
    const out = await session.run({ image: new ort.Tensor('float32', toInput(pixels, TRUNK.inputSize), [part.length, 3, TRUNK.inputSize, TRUNK.inputSize]) });
    const half = toRows(out[graph.outputs[0]!.name]!);
    const per = TRUNK.shape.reduce((a, b) => a * b, 1);
    const flat = new Float32Array(part.length * per);
    half.forEach((r, j) => {
      for (let k = 0; k < per; k++) flat[j * per + k] = halfToFloat(r[k]!);
    });
    const x = tf.tensor4d(flat, [part.length, ...TRUNK.shape]);
    const p = jointPredict(m, x, blocks);
    const px = p.x.dataSync();
    const pw = p.w.dataSync();
    tf.dispose([x, p.x, p.w, p.dx, p.dw]);
    appendFileSync(PAIR_SCORES_FILE, part.map((r, j) => JSON.stringify({ video: r.line.video, set: r.set, label: r.line.label, found: r.line.face !== null, xception: px[j]!, wsdan: pw[j]! } satisfies PairScoreLine)).join('\n') + '\n');
    const n = i + part.length;
    if ((i / batch) % 10 === 0 || n === rows.length) {
      const rate = n / ((Date.now() - t0) / 1000);
      console.error(`${n}/${rows.length}  ${rate.toFixed(1)} img/s  ETA ${((rows.length - n) / rate / 60).toFixed(1)} min`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
