// The B0 member's feature cache (issue 22, item 4): every validation crop (halves A and B) and a
// balanced sample of training crops (b0-trunk.ts b0Rows: --train N, half real, half fake, the plan's
// shuffled order), aligned by the app's own alignment (whole crop, black fill), resized to 224 px,
// through the ImageNet EfficientNet-B0 (npm run weights:b0) up to stage 5; its [7, 7, 192] output is
// stored as float16 NHWC rows in feature-data.ts's format under the key "224-b0":
//   .cache/features-224-b0.jsonl          line i = { video, split, label, found }
//   .cache/features-224-b0-stage5.f16     row i
// tfjs-wasm in Node runs one thread, so the work is sharded over processes, one per free core; each
// shard writes its own cache ("224-b0-shardKofN", resumable: rows already written are kept, the stage
// file is cut back to its index on start) and --merge N concatenates the finished shards.
//   npx tsx training/b0-cache.ts --shard 0/2 [--train 6000] [--batch 16]   (and --shard 1/2 beside it)
//   npx tsx training/b0-cache.ts --merge 2
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, closeSync, existsSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { numberFlag, parseFlags } from './args';
import { setupBackend } from './backend';
import { B0_CACHE, alignedBatch, b0Rows, b0Stage, loadImagenetB0, parseShard } from './b0-trunk';
import { featureFile, featureIndexFile, readFeatureIndex, type FeatureIndexLine } from './feature-data';
import { openStageFiles } from './feature-cache';
import { float32ToFloat16Bits } from '../src/models/weights-io';

const USAGE = 'npx tsx training/b0-cache.ts --shard K/N [--train 6000] [--batch 16] | --merge N';

/** The cache key of shard K of N. */
export const shardKey = (k: number, n: number): string => `${B0_CACHE.key}-shard${k}of${n}`;

/** Rows i with i % n === k (each shard's share of the row list). */
export function shardRows<T>(rows: readonly T[], k: number, n: number): T[] {
  return rows.filter((_, i) => i % n === k);
}

async function build(shard: string, train: number, batch: number): Promise<void> {
  const [k, n] = parseShard(shard);
  console.error(await setupBackend('wasm'));
  const model = loadImagenetB0();
  const key = shardKey(k, n);
  const index = readFeatureIndex(key);
  const [fd] = openStageFiles(key, [{ stage: B0_CACHE.stage, shape: [-1, ...B0_CACHE.shape] }], index.length);
  const seen = new Set(index.map((l) => l.video));
  const rows = shardRows(b0Rows(train), k, n).filter((r) => !seen.has(r.line.video));
  console.error(`shard ${k}/${n}: ${rows.length} crops to do (${index.length} done), ${B0_CACHE.size} px -> ${B0_CACHE.stage} [${B0_CACHE.shape.join(',')}]`);
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    const rgb = alignedBatch(part.map((r) => r.line), B0_CACHE.size);
    const out = b0Stage(model, rgb, B0_CACHE.stage);
    const data = out.dataSync() as Float32Array;
    tf.dispose([rgb, out]);
    writeSync(fd!, float32ToFloat16Bits(data));
    appendFileSync(featureIndexFile(key), part.map(({ line }) => JSON.stringify({ video: line.video, split: line.split, label: line.label, found: line.face !== null } satisfies FeatureIndexLine)).join('\n') + '\n');
    const done = Math.min(i + batch, rows.length);
    if ((i / batch) % 10 === 0 || done === rows.length) {
      const rate = done / ((performance.now() - t0) / 1000);
      console.error(`${done}/${rows.length}  ${rate.toFixed(2)} img/s (decode, align, B0 to ${B0_CACHE.stage})  ETA ${((rows.length - done) / rate / 60).toFixed(1)} min`);
    }
  }
  closeSync(fd!);
}

/** Concatenate the N finished shard caches into "224-b0" (refuses to overwrite it). */
function merge(n: number): void {
  const index = featureIndexFile(B0_CACHE.key);
  const stage = featureFile(B0_CACHE.key, B0_CACHE.stage);
  if (existsSync(index) || existsSync(stage)) throw new Error(`${index} or ${stage} exists already: not overwritten`);
  const rowBytes = B0_CACHE.shape.reduce((a, b) => a * b, 1) * 2;
  const lines: FeatureIndexLine[] = [];
  const parts: Buffer[] = [];
  for (let k = 0; k < n; k++) {
    const l = readFeatureIndex(shardKey(k, n));
    const bytes = readFileSync(featureFile(shardKey(k, n), B0_CACHE.stage));
    if (bytes.length < l.length * rowBytes) throw new Error(`shard ${k}: stage file shorter than its index`);
    lines.push(...l);
    parts.push(bytes.subarray(0, l.length * rowBytes));
  }
  if (new Set(lines.map((l) => l.video)).size !== lines.length) throw new Error('a crop is in two shards');
  writeFileSync(stage, Buffer.concat(parts));
  writeFileSync(index, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  console.error(`merged ${n} shards: ${lines.length} rows (${lines.filter((l) => l.split === 'train').length} training, ${lines.filter((l) => l.split === 'val').length} validation) -> ${index}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseFlags(process.argv.slice(2), { shard: { type: 'string' }, train: { type: 'string' }, batch: { type: 'string' }, merge: { type: 'string' } }, USAGE);
  const run = values.merge !== undefined ? Promise.resolve(merge(numberFlag(values.merge, 'merge', 2))) : build(values.shard ?? '0/1', numberFlag(values.train, 'train', 6000), numberFlag(values.batch, 'batch', 16));
  run.catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
