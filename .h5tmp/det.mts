import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { loadDetector, detectFaces } from '/work/main/src/pipeline/detect';
import { nodeDetectorSource } from '/work/main/src/pipeline/node-io';
await tf.setBackend('wasm');
const det = await loadDetector(nodeDetectorSource());
for (const f of process.argv.slice(2)) {
  const img = jpeg.decode(readFileSync(f), { useTArray: true, formatAsRGBA: false });
  const t = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
  const t0 = performance.now();
  const faces = await detectFaces(det, t, { minScore: 0.6 });
  console.log(f.split('/').pop(), `${img.width}x${img.height}`, (performance.now() - t0).toFixed(0) + 'ms', faces.map((x) => `${x.box.width.toFixed(0)}px@${x.score.toFixed(2)}`).join(' '));
  t.dispose();
}
