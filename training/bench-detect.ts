// Times the app's face detector (src/pipeline/detect.ts) on DFDC face crops in Node, on wasm:
// the cost of making training crops with the app's own detector and alignment.
//   npx tsx training/bench-detect.ts [N=32]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { detectFaces, loadDetector } from '../src/pipeline/detect';
import { nodeDetectorSource } from '../node/node-io';
import { numberFlag, parseFlags } from './args';
import { DATA_CONFIG } from './data-config';

const dir = join(DATA_CONFIG.dataDir, 'faces_224');
const { positionals } = parseFlags(process.argv.slice(2), {}, 'npx tsx training/bench-detect.ts [N=32]', true);
if (positionals.length > 1) throw new Error('give at most one number: the crops to time');
const n = numberFlag(positionals[0], 'N', 32);
await tf.setBackend('wasm');
const detector = await loadDetector(nodeDetectorSource());
const files = readdirSync(dir).sort().slice(0, n);
const times: number[] = [];
let found = 0;
for (const f of files) {
  const img = jpeg.decode(readFileSync(join(dir, f)), { useTArray: true, formatAsRGBA: false });
  const frame = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
  const t0 = performance.now();
  const faces = await detectFaces(detector, frame);
  times.push(performance.now() - t0);
  frame.dispose();
  if (faces.length > 0) found++;
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(0);
console.log(`${files.length} crops: face found in ${found}; ms per crop: min ${q(0)}, median ${q(0.5)}, p90 ${q(0.9)}, max ${q(1)}`);
