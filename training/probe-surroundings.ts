// `npx tsx training/probe-surroundings.ts --checkpoint PATH [--n 300] [--fills black,grey] [--window both|on|off]`
// Issue 22, item 0, measured on DFDC at scale: each of n half-B crops (balanced real / fake, the
// plan's seeded order) is placed in the middle of a 640x480 frame filled with black or dark grey
// (0x40), the app's detector looks for the face in that frame (as the page would in a video), the
// app's alignment cuts it (black outside the frame), with or without the manifest's input window
// (DATA_CONFIG.inputWindow), and a checkpoint's pair scores it as the page combines it (the seed's
// weights, its Platt). It prints the crop AUC per fill and window, and how far each face's score moves
// between the fills. The issue measured the shipped pair through deepfake-scan: black 0.853, grey
// 0.782. Half B only reports; nothing here is fitted.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { numberFlag, parseFlags } from './args';
import { DATA_CONFIG } from './data-config';
import { cropPath, readMetadata } from './data';
import { decodeJpeg } from './decode-jpeg';
import { makePlan } from './crop-cache';
import { cropsFor } from './align-crops';
import { loadOrt, toInput, toRows } from './feature-cache';
import { importImagenetXception, readImagenetWeights } from './imagenet-xception';
import { xceptionTrunkOnnx } from './onnx-trunk';
import { buildModel } from '../src/models/arch/index';
import { WHOLE_CROP } from '../src/models/resize-crops';
import { detectFaces, loadDetector } from '../src/pipeline/detect';
import { selectFaces } from '../src/pipeline/select-face';
import { APP_CONFIG } from '../src/config';
import { nodeDetectorSource } from '../node/node-io';
import { buildJointModels } from './joint-models';
import { cachedStage } from './joint-step';
import { checkpointBlocks } from './joint-checkpoint';
import { TRUNK } from './joint-config';
import { SEED_WEIGHTS, loadPairCheckpoint, pageFaceScore, scoreRows } from './evaluate-pair';
import { rocAuc } from './metrics';
import type { FeatureSet } from './feature-data';
import calibration from '../src/calibration.json' with { type: 'json' };

const USAGE = 'npx tsx training/probe-surroundings.ts --checkpoint PATH [--n 300] [--fills black,grey] [--window both|on|off]';
const W = 640;
const H = 480;
const FILLS: Record<string, number> = { black: 0, grey: 0x40, 'light-grey': 0xc0 };

/** A crop [h,w,3] in the middle of a WxH frame of one grey level. */
export function framedCrop(crop: Uint8Array | Int32Array | Float32Array, h: number, w: number, level: number): Int32Array {
  const out = new Int32Array(W * H * 3).fill(level);
  const x0 = (W - w) >> 1;
  const y0 = (H - h) >> 1;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) out[((y + y0) * W + x + x0) * 3 + c] = crop[(y * w + x) * 3 + c]!;
  return out;
}

async function main(): Promise<void> {
  const { values: flags } = parseFlags(process.argv.slice(2), { checkpoint: { type: 'string' }, n: { type: 'string' }, fills: { type: 'string' }, window: { type: 'string' } }, USAGE);
  if (!flags.checkpoint) throw new Error(`--checkpoint is required\n  usage: ${USAGE}`);
  const n = numberFlag(flags.n, 'n', 300);
  const fills = (flags.fills ?? 'black,grey').split(',');
  for (const f of fills) if (!(f in FILLS)) throw new Error(`--fills: one of ${Object.keys(FILLS).join(', ')}, got "${f}"`);
  const windows = { both: [false, true], on: [true], off: [false] }[flags.window ?? 'both'];
  if (!windows) throw new Error(`--window is both, on or off\n  usage: ${USAGE}`);
  await tf.setBackend('wasm');
  const plan = makePlan();
  const byVideo = new Map(readMetadata(DATA_CONFIG.dataDir).map((r) => [r.video, r] as const));
  const halfB = plan.order.filter((o) => plan.valHalf.get(o.row.video) === 'B').map((o) => byVideo.get(o.row.video)!);
  const chosen = [...halfB.filter((r) => r.label === 0).slice(0, n / 2), ...halfB.filter((r) => r.label === 1).slice(0, n / 2)];

  const ort = await loadOrt();
  const detector = await loadDetector(nodeDetectorSource());
  const trunk = buildModel('xception', { inputSize: 160, widthMultiplier: 1, middleBlocks: 8 });
  importImagenetXception(trunk, readImagenetWeights());
  const m = buildJointModels();
  loadPairCheckpoint(m, flags.checkpoint);
  const blocks = checkpointBlocks(flags.checkpoint);
  const stage = cachedStage(blocks);
  const graph = xceptionTrunkOnnx(trunk, 160, [stage]);
  trunk.dispose();
  const session = await ort.InferenceSession.create(graph.bytes, { intraOpNumThreads: 2, graphOptimizationLevel: 'all' });
  const platt = calibration.platt;

  const results = new Map<string, { video: string; label: number; score: number }[]>();
  for (const [k, row] of chosen.entries()) {
    const crop = decodeJpeg(readFileSync(cropPath(DATA_CONFIG.dataDir, row)));
    const [h, w] = crop.shape;
    const pixels = crop.dataSync();
    crop.dispose();
    for (const fill of fills) {
      const frame = tf.tensor3d(framedCrop(pixels as Int32Array, h!, w!, FILLS[fill]!), [H, W, 3], 'int32');
      const faces = await detectFaces(detector, frame, { minScore: APP_CONFIG.minFaceScore });
      const choice = selectFaces(faces, APP_CONFIG.minFacePixels, APP_CONFIG.maxFacesPerFrame);
      const face = choice.scored.length > 0 ? choice.faces[choice.scored[0]!]! : null;
      if (face) {
        for (const win of windows) {
          const rowPixels = cropsFor(frame, face, [160], WHOLE_CROP, 'black', win ? DATA_CONFIG.inputWindow : undefined)[0]!;
          const out = await session.run({ image: new ort.Tensor('float32', toInput([rowPixels], 160), [1, 3, 160, 160]) });
          const features = toRows(out[graph.outputs[0]!.name]!)[0]!;
          const set: FeatureSet = { shape: TRUNK.shape, chunks: [features], labels: Uint8Array.of(row.label), videos: [row.video], found: [true], views: ['crop'], parts: { train: [], A: [], B: [] }, legacyVal: [] };
          const p = scoreRows(m, set, [0], blocks);
          const key = `${fill}${win ? ' + window' : ''}`;
          if (!results.has(key)) results.set(key, []);
          results.get(key)!.push({ video: row.video, label: row.label, score: pageFaceScore(p.xception[0]!, p.wsdan[0]!, platt, SEED_WEIGHTS) });
        }
      }
      frame.dispose();
    }
    if ((k + 1) % 50 === 0) process.stderr.write(`${k + 1}/${chosen.length}\n`);
  }
  const keys = [...results.keys()];
  console.log(`probe-surroundings: ${chosen.length} half-B crops (${n / 2} real, ${n / 2} fake), checkpoint ${flags.checkpoint}, Platt a ${platt.a.toFixed(3)} b ${platt.b.toFixed(3)}`);
  for (const key of keys) {
    const r = results.get(key)!;
    console.log(`  ${key.padEnd(16)} faces ${r.length}  AUC ${rocAuc(r.map((x) => x.score), r.map((x) => x.label)).toFixed(3)}  mean score real ${(r.filter((x) => x.label === 0).reduce((s, x) => s + x.score, 0) / r.filter((x) => x.label === 0).length).toFixed(3)} fake ${(r.filter((x) => x.label === 1).reduce((s, x) => s + x.score, 0) / r.filter((x) => x.label === 1).length).toFixed(3)}`);
  }
  // How far a face moves between fills, with and without the window (the faces found in both).
  for (const win of windows) {
    const [a, b] = fills.map((f) => results.get(`${f}${win ? ' + window' : ''}`));
    if (!a || !b) continue;
    const other = new Map(b.map((x) => [x.video, x.score] as const));
    const moves = a.filter((x) => other.has(x.video)).map((x) => Math.abs(x.score - other.get(x.video)!));
    const sorted = [...moves].sort((p, q) => p - q);
    console.log(`  ${fills[0]} vs ${fills[1]}${win ? ' + window' : ''}: ${moves.length} faces, mean move ${(moves.reduce((s, x) => s + x, 0) / moves.length).toFixed(3)}, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)}, 90th pct ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(3)}, within 0.03: ${moves.filter((x) => x <= 0.03).length}`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
