// Step 1 of the crop cache: run the app's face detector (src/pipeline/detect.ts, BlazeFace through
// tfjs) over every DFDC crop the split chose, and append the largest face per image to
// training/.cache/faces.jsonl. Resumable: images already in the file are skipped.
//   npm run crops -- [--limit N] [--shard K/N]
// --shard K/N takes every N-th image starting at K, so N processes (one per core: tfjs-wasm runs one
// thread in Node) fill the same file together; each line is one small O_APPEND write.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { loadDetector, detectFaces } from '../src/pipeline/detect';
import { nodeDetectorSource } from '../node/node-io';
import { numberFlag, parseFlags } from './args';
import { DATA_CONFIG } from './data-config';
import { cropPath } from './data';
import { decodeJpeg } from './decode-jpeg';
import { makePlan, splitSummary, readDetections, facesFile, writeAtomic, type DetectionLine } from './crop-cache';

const USAGE = 'npm run crops -- [--limit N] [--shard K/N]';

async function main(): Promise<void> {
  const { values: flags } = parseFlags(process.argv.slice(2), { limit: { type: 'string' }, shard: { type: 'string' } }, USAGE);
  const limit = numberFlag(flags.limit, 'limit', Infinity);
  const [shard, shards] = flags.shard !== undefined ? flags.shard.split('/').map(Number) : [0, 1];
  if (!(Number.isInteger(shard) && Number.isInteger(shards) && shards! >= 1 && shard! >= 0 && shard! < shards!)) {
    throw new Error(`--shard must be K/N with 0 <= K < N, got "${flags.shard}"`);
  }
  const plan = makePlan();
  writeAtomic(DATA_CONFIG.splitFile, JSON.stringify(splitSummary(plan), null, 1) + '\n');
  mkdirSync(DATA_CONFIG.cacheDir, { recursive: true });
  const done = new Set(readDetections().map((d) => d.video));
  const todo = plan.order
    .filter((o) => !done.has(o.row.video))
    .filter((_, i) => i % shards! === shard)
    .slice(0, limit);
  await tf.setBackend('wasm');
  const detector = await loadDetector(nodeDetectorSource());
  const t0 = Date.now();
  let found = 0;
  for (const [i, { row, split }] of todo.entries()) {
    const t = performance.now();
    const frame = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, row)));
    const faces = await detectFaces(detector, frame);
    frame.dispose();
    const line: DetectionLine = {
      video: row.video,
      split,
      label: row.label,
      face: faces[0] ?? null,
      count: faces.length,
      ms: Math.round(performance.now() - t),
    };
    if (line.face) found++;
    appendFileSync(facesFile(), JSON.stringify(line) + '\n');
    if (i % 200 === 199 || i === todo.length - 1) {
      const rate = (i + 1) / ((Date.now() - t0) / 1000);
      process.stderr.write(
        `detect ${done.size + i + 1}/${plan.order.length}  ${rate.toFixed(1)} img/s  no face ${(100 * (1 - found / (i + 1))).toFixed(1)}%  ETA ${((todo.length - i - 1) / rate / 60).toFixed(1)} min\n`,
      );
    }
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
