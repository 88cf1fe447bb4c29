// Measures what the tracker's appearance link (APP_CONFIG.tracking.minSimilarity) can rely on: the
// cosine similarity of the shared backbone's pooled features (the descriptor scoreCrops reads back)
// between faces of the same person and of different people, on real clips.
//   tsx bench/track-similarity.ts REPORTS.jsonl [--stride N]
// REPORTS.jsonl: deepfake-scan lines (report format 3) of videos on disk; each scored face is
// re-extracted (ffmpeg, the frame at its timestamp), aligned and scored here on the tfjs wasm backend
// with the shipped models. People come from the page's tracks; faces of different videos are
// different people. Also checks that the scores here match the page's (same models, same crops up to
// decoding differences).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { APP_CONFIG } from '../src/config';
import { loadModel, type ModelCache } from '../src/models/load';
import type { LoadedModel } from '../src/models/types';
import { alignFaces } from '../src/pipeline/align';
import { buildEnsemble, scoreCrops } from '../src/pipeline/score';
import { cosine } from '../src/pipeline/track';
import type { DetectorReport } from '../src/report/api-types';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const strideAt = args.indexOf('--stride');
const stride = strideAt >= 0 ? Number(args[strideAt + 1]) : 4;
if (!file) throw new Error('usage: tsx bench/track-similarity.ts REPORTS.jsonl [--stride N]');

/** The frame at timeMs, decoded from the start (-ss after -i: a fast seek gave broken frames here). */
function frameAt(path: string, timeMs: number, w: number, h: number): tf.Tensor3D {
  const raw = execFileSync('ffmpeg', ['-v', 'quiet', '-i', path, '-ss', (timeMs / 1000).toFixed(3), '-an', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 4 * w * h * 3,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (raw.length < w * h * 3) throw new Error(`${path} at ${timeMs} ms: ${raw.length} bytes, expected ${w * h * 3}`);
  return tf.tensor3d(new Int32Array(raw.subarray(0, w * h * 3)), [h, w, 3], 'int32');
}

async function main(): Promise<void> {
  // WebAssembly: the cpu backend takes minutes per Xception crop here.
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  const fetchFn = async (u: string) => new Response(readFileSync(fileURLToPath(u)));
  const cache: ModelCache = new Map();
  const loaded = new Map<string, LoadedModel>();
  for (const { name } of APP_CONFIG.ensemble) loaded.set(name, await loadModel(pathToFileURL(join(ROOT, 'public', 'models', name)).href + '/', fetchFn, { cache }));
  const ensemble = buildEnsemble(APP_CONFIG.ensemble, loaded);

  const faces: { video: string; track: number; frame: number; d: Float32Array }[] = [];
  let maxScoreDiff = 0;
  for (const line of readFileSync(file!, 'utf8').split('\n').filter(Boolean)) {
    const report = JSON.parse(line) as DetectorReport;
    const r = report.result;
    if (!r.video || r.video.rotation !== 0 || !report.input.path) continue;
    const path = report.input.path;
    for (const f of r.frames.filter((x) => x.index % stride === 0)) {
      const scored = f.faces.filter((x) => x.pFake !== null && x.track !== null);
      if (scored.length === 0) continue;
      const pixels = frameAt(path, f.timeMs, r.video.width, r.video.height);
      const crops = alignFaces(pixels, scored, APP_CONFIG.alignSize);
      const out = await scoreCrops(ensemble, crops, APP_CONFIG.calibration);
      tf.dispose([pixels, crops]);
      scored.forEach((x, k) => {
        maxScoreDiff = Math.max(maxScoreDiff, Math.abs(out.scores[k]! - x.pFake!));
        faces.push({ video: r.file, track: x.track!, frame: f.index, d: out.descriptors[k]! });
      });
      process.stderr.write('.');
    }
  }
  process.stderr.write('\n');
  const same: number[] = [];
  const otherPerson: number[] = [];
  const otherVideo: number[] = [];
  for (const [i, a] of faces.entries()) {
    for (const b of faces.slice(i + 1)) {
      const c = cosine(a.d, b.d);
      if (a.video !== b.video) otherVideo.push(c);
      else if (a.track === b.track) same.push(c);
      else otherPerson.push(c);
    }
  }
  const q = (v: number[], p: number) => {
    const s = [...v].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  };
  const row = (name: string, v: number[]) =>
    `${name.padEnd(28)} n=${String(v.length).padStart(5)}  min ${q(v, 0).toFixed(3)}  p5 ${q(v, 0.05).toFixed(3)}  median ${q(v, 0.5).toFixed(3)}  p95 ${q(v, 0.95).toFixed(3)}  max ${q(v, 1).toFixed(3)}`;
  console.log(`faces: ${faces.length} (every ${stride}th sampled frame); largest |score here - page score|: ${maxScoreDiff.toFixed(3)}`);
  console.log(row('same person (track)', same));
  console.log(row('other person, same video', otherPerson));
  console.log(row('other video', otherVideo));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
