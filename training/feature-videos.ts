// The features stage for labelled videos: the offline cross-domain screen's cache (issue 22). Each
// video is sampled as the page samples it (src/pipeline/sample.ts: N frames, the centre of N equal
// slices of its duration, each the frame presented at that time), decoded by ffmpeg, searched with
// the app's face detector (src/pipeline/detect.ts, the tfjs BlazeFace pair detect-crops.ts runs;
// every frame searched, minFaceScore), its faces chosen as the page chooses them (select-face.ts:
// at least minFacePixels wide, the largest maxFacesPerFrame), aligned by the app's code
// (align-crops.ts cropsFor with the page's black fill), cut to the recipe's input region, resized
// and run through the frozen ImageNet trunk like the training cache it follows (default 160-sbi:
// DATA_CONFIG.inputRegion at 160 px, Keras preprocessing), writing the same float16 NHWC stage
// files, one row per scored face per frame:
//   .cache/features-<name>-<stage>.f16       row i = one face's activations (middle4, middle6)
//   .cache/features-<name>.jsonl             line i = { video, label, person, frame, timeMs, face, det, split "eval", evalOnly }
//   .cache/features-<name>.videos.jsonl      one line per finished video (frames decoded, faces per frame)
//   .cache/features-<name>.eval-only.json    the marker: this cache chooses between candidates and
//                                            never trains one (feature-data.ts loadFeatureSet refuses it)
// Resumable: a video's rows are appended before its line in .videos.jsonl; on restart the files are
// cut back to the finished videos and the rest are redone. Scored by evaluate-pair.ts --videoCache.
//   npm run features:videos -- DIR --labels CSV --cache NAME [--frames 16] [--stages middle4,middle6] [--recipe 160-sbi] [--threads 2] [--limit N]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, appendFileSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildModel } from '../src/models/arch/index';
import { APP_CONFIG } from '../src/config';
import { isFrameCount } from '../src/frames';
import { detectFaces, loadDetector } from '../src/pipeline/detect';
import { sampleTimes } from '../src/pipeline/sample';
import { selectFaces } from '../src/pipeline/select-face';
import { nodeDetectorSource } from '../node/node-io';
import { numberFlag, parseFlags } from './args';
import { cropsFor } from './align-crops';
import { readJsonLines, writeAtomic } from './crop-cache';
import { CACHE_RECIPES, DATA_CONFIG } from './data-config';
import { loadOrt, openStageFiles, toInput, toRows } from './feature-cache';
import { evalOnlyMarkerFile, featureIndexFile, readEvalOnlyMarker, videosDoneFile, type EvalOnlyMarker, type VideoDoneLine, type VideoFeatureLine } from './feature-data';
import { importImagenetXception, readImagenetWeights } from './imagenet-xception';
import { xceptionTrunkOnnx, type TrunkGraph } from './onnx-trunk';

const USAGE = 'npm run features:videos -- DIR --labels CSV --cache NAME [--frames 16] [--stages middle4,middle6] [--recipe 160-sbi|160] [--window] [--threads 2] [--limit N]';
const FLAGS = {
  labels: { type: 'string' },
  cache: { type: 'string' },
  frames: { type: 'string' },
  stages: { type: 'string' },
  recipe: { type: 'string' },
  window: { type: 'boolean' },
  threads: { type: 'string' },
  limit: { type: 'string' },
} as const;

const VIDEO_EXT = /\.(mp4|mov|m4v|webm|mkv|avi)$/i;

/** name -> { label, person } from lines "name,REAL|FAKE[,person]" (make-dfl-validation.sh's labels.csv). */
export function readVideoLabels(csv: string): Map<string, { label: 0 | 1; person: string }> {
  const out = new Map<string, { label: 0 | 1; person: string }>();
  for (const [i, line] of csv.split('\n').entries()) {
    if (line.trim() === '') continue;
    const [name, label, person] = line.split(',').map((s) => s.trim());
    const l = label?.toUpperCase();
    if (!name || (l !== 'REAL' && l !== 'FAKE')) throw new Error(`labels line ${i + 1}: expected "name,REAL|FAKE[,person]", got "${line}"`);
    out.set(name, { label: l === 'FAKE' ? 1 : 0, person: person ?? '' });
  }
  return out;
}

/** Index of the frame presented at `timeMs`: the last whose timestamp is at or before it (the
 *  first when the time precedes every frame). `ptsMs` ascending. */
export function frameAt(ptsMs: readonly number[], timeMs: number): number {
  let lo = 0;
  let hi = ptsMs.length - 1;
  if (hi < 0) throw new Error('frameAt: no frames');
  if (timeMs < ptsMs[0]!) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ptsMs[mid]! <= timeMs + 1e-6) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The page's sample times (sample.ts: `frames` evenly over [start, start + duration)) and, for each,
 *  the index of the frame presented then. */
export function sampledFrames(ptsMs: readonly number[], durationMs: number, frames: number): { timeMs: number; frame: number }[] {
  const startMs = ptsMs.length > 0 ? Math.max(0, ptsMs[0]!) : 0;
  return sampleTimes(durationMs, frames, startMs).map((t) => {
    const frame = frameAt(ptsMs, t);
    return { timeMs: ptsMs[frame]!, frame };
  });
}

/** The first `rows` lines' length in bytes of a JSON-lines file (to cut it back to them). */
export function bytesOfLines(text: string, rows: number): number {
  let at = 0;
  for (let i = 0; i < rows; i++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) throw new Error(`bytesOfLines: the file has fewer than ${rows} lines`);
    at = nl + 1;
  }
  return Buffer.byteLength(text.slice(0, at));
}

export interface Probe {
  width: number;
  height: number;
  /** Each frame's presentation time (ms), ascending (display order). */
  ptsMs: number[];
  durationMs: number;
}

/** Frame timestamps and duration (as the page reads them: end of the file minus the first frame). */
export function probe(file: string): Probe {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,duration:format=duration:packet=pts_time', '-of', 'json', file], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`ffprobe ${file}: ${r.stderr.trim()}`);
  const j = JSON.parse(r.stdout) as { streams?: { width: number; height: number; duration?: string }[]; format?: { duration?: string }; packets?: { pts_time?: string }[] };
  const s = j.streams?.[0];
  if (!s) throw new Error(`${file}: no video stream`);
  const ptsMs = (j.packets ?? []).flatMap((p) => (p.pts_time === undefined ? [] : [Number(p.pts_time) * 1000])).filter(Number.isFinite).sort((a, b) => a - b);
  if (ptsMs.length === 0) throw new Error(`${file}: no video frames`);
  const endMs = Number(j.format?.duration ?? s.duration) * 1000;
  return { width: s.width, height: s.height, ptsMs, durationMs: Math.max(0, (Number.isFinite(endMs) ? endMs : ptsMs[ptsMs.length - 1]!) - Math.max(0, ptsMs[0]!)) };
}

/** The frames of `indices` (display order, ascending, distinct) as RGB images, in one ffmpeg pass
 *  (select by frame number; rotation applied as the page applies it). Missing frames: absent keys. */
export function decodeFrames(file: string, indices: readonly number[]): Map<number, { width: number; height: number; data: Uint8Array }> {
  const expr = indices.map((i) => `eq(n\\,${i})`).join('+');
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', `select='${expr}'`, '-fps_mode', 'passthrough', '-f', 'image2pipe', '-c:v', 'ppm', '-'], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`ffmpeg ${file}: ${r.stderr.toString().trim()}`);
  const out = new Map<number, { width: number; height: number; data: Uint8Array }>();
  const buf = r.stdout;
  let at = 0;
  for (const i of indices) {
    if (at >= buf.length) break;
    // P6\n<w> <h>\n255\n<w*h*3 bytes>
    const fields: string[] = [];
    while (fields.length < 4) {
      while (/\s/.test(String.fromCharCode(buf[at]!))) at++;
      let f = '';
      while (!/\s/.test(String.fromCharCode(buf[at]!))) f += String.fromCharCode(buf[at++]!);
      fields.push(f);
    }
    at++; // the one whitespace byte after maxval
    const [magic, w, h] = [fields[0], Number(fields[1]), Number(fields[2])];
    if (magic !== 'P6' || fields[3] !== '255') throw new Error(`ffmpeg ${file}: unexpected image header ${fields.join(' ')}`);
    out.set(i, { width: w, height: h, data: new Uint8Array(buf.buffer, buf.byteOffset + at, w * h * 3) });
    at += w * h * 3;
  }
  return out;
}

/** The frozen ImageNet Xception trunk as an ONNX session (onnx-trunk.ts) with the given stages as its
 *  outputs, and `run`: aligned uint8 crops of `size` px -> each output's float16 NHWC rows, in the
 *  order of `graph.outputs` (batches of 32). One place, so every video measure reads the same trunk. */
export async function openTrunk(size: number, stages: string[], threads: number): Promise<{ graph: TrunkGraph; run: (crops: readonly Uint8Array[]) => Promise<Uint16Array[][]> }> {
  const ort = await loadOrt();
  const model = buildModel('xception', { inputSize: size, widthMultiplier: 1, middleBlocks: 8 });
  importImagenetXception(model, readImagenetWeights());
  const graph = xceptionTrunkOnnx(model, size, stages);
  model.dispose();
  const session = await ort.InferenceSession.create(graph.bytes, { intraOpNumThreads: threads, graphOptimizationLevel: 'all' });
  const run = async (crops: readonly Uint8Array[]): Promise<Uint16Array[][]> => {
    const out: Uint16Array[][] = graph.outputs.map(() => []);
    for (let i = 0; i < crops.length; i += 32) {
      const part = crops.slice(i, i + 32);
      const res = await session.run({ image: new ort.Tensor('float32', toInput(part, size), [part.length, 3, size, size]) });
      graph.outputs.forEach((o, k) => out[k]!.push(...toRows(res[o.name]!)));
    }
    return out;
  };
  return { graph, run };
}

async function main(): Promise<void> {
  const { values: flags, positionals } = parseFlags(process.argv.slice(2), FLAGS, USAGE, true);
  if (positionals.length !== 1) throw new Error(`give one folder of videos\n  usage: ${USAGE}`);
  if (!flags.labels || !flags.cache) throw new Error(`--labels and --cache are required\n  usage: ${USAGE}`);
  const dir = resolve(positionals[0]!);
  const key = flags.cache;
  if (!/^[\w.-]+$/.test(key)) throw new Error(`--cache is a name (letters, digits, . _ -), got "${key}"`);
  const frames = numberFlag(flags.frames, 'frames', 16);
  if (!isFrameCount(frames)) throw new Error(`--frames must be a whole number from 1 to ${APP_CONFIG.maxFrames}`);
  const stages = (flags.stages ?? 'middle4,middle6').split(',');
  const recipeName = flags.recipe ?? '160-sbi';
  const recipe = CACHE_RECIPES[recipeName];
  if (!recipe) throw new Error(`--recipe is one of ${Object.keys(CACHE_RECIPES).join(', ')}, got "${recipeName}"`);
  // --window: black outside the median training crop's footprint, as the page does for a manifest
  // with inputWindow (the candidate is the shipped pair's, measured before it ships).
  const window = flags.window ? DATA_CONFIG.inputWindow : undefined;
  const threads = numberFlag(flags.threads, 'threads', 2);
  const limit = numberFlag(flags.limit, 'limit', Infinity);
  const labels = readVideoLabels(readFileSync(flags.labels, 'utf8'));
  const files = readdirSync(dir).filter((f) => VIDEO_EXT.test(f)).sort();
  const unlabelled = files.filter((f) => !labels.has(f));
  if (unlabelled.length > 0) throw new Error(`no label in ${flags.labels} for ${unlabelled.slice(0, 5).join(', ')}${unlabelled.length > 5 ? ` and ${unlabelled.length - 5} more` : ''}`);

  // The marker first: an existing training cache is never written into, and a video cache is only
  // continued with the settings it was started with.
  mkdirSync(DATA_CONFIG.cacheDir, { recursive: true });
  const marker: EvalOnlyMarker = { evalOnly: true, recipe: recipeName, size: recipe.size, inputRegion: recipe.region, ...(window ? { inputWindow: window } : {}), stages, frames, source: dir, labels: resolve(flags.labels), createdAt: new Date().toISOString() };
  const existing = readEvalOnlyMarker(key);
  if (existing === null) {
    if (existsSync(featureIndexFile(key))) throw new Error(`${featureIndexFile(key)} is a training cache: choose another --cache name`);
    writeAtomic(evalOnlyMarkerFile(key), JSON.stringify(marker, null, 1) + '\n');
  } else {
    for (const k of ['recipe', 'frames', 'source', 'inputWindow'] as const) {
      if (JSON.stringify(existing[k]) !== JSON.stringify(marker[k])) throw new Error(`cache "${key}" was started with ${k} ${JSON.stringify(existing[k])}, not ${JSON.stringify(marker[k])}: choose another --cache name`);
    }
    if (existing.stages.join(',') !== stages.join(',')) throw new Error(`cache "${key}" holds stages ${existing.stages.join(',')}: give --stages ${existing.stages.join(',')}`);
  }

  // Resume: keep the rows of finished videos, cut the rest.
  const doneLines = readJsonLines<VideoDoneLine>(videosDoneFile(key));
  const done = new Set(doneLines.map((v) => v.video));
  const indexText = existsSync(featureIndexFile(key)) ? readFileSync(featureIndexFile(key), 'utf8') : '';
  const index = readJsonLines<VideoFeatureLine>(featureIndexFile(key));
  const kept = index.findIndex((l) => !done.has(l.video));
  const rows = kept < 0 ? index.length : kept;
  if (index.slice(rows).some((l) => done.has(l.video))) throw new Error(`${featureIndexFile(key)}: rows of a finished video follow an unfinished one; rebuild under a new name`);
  if (existsSync(featureIndexFile(key))) truncateSync(featureIndexFile(key), bytesOfLines(indexText, rows));

  await tf.setBackend('wasm');
  const detector = await loadDetector(nodeDetectorSource());
  const trunk = await openTrunk(recipe.size, stages, threads);
  const graph = trunk.graph;
  const fds = openStageFiles(key, graph.outputs, rows);

  const todo = files.filter((f) => !done.has(f)).slice(0, limit);
  console.error(`features:videos ${key}: ${files.length} videos, ${done.size} done (${rows} rows), ${todo.length} to do, ${frames} frames each, recipe ${recipeName}${window ? ', window' : ''}`);
  const t0 = Date.now();
  let written = rows;
  for (const [v, name] of todo.entries()) {
    const tv = Date.now();
    const file = join(dir, name);
    const { label, person } = labels.get(name)!;
    const p = probe(file);
    const samples = sampledFrames(p.ptsMs, p.durationMs, frames);
    const images = decodeFrames(file, [...new Set(samples.map((s) => s.frame))].sort((a, b) => a - b));
    const lines: VideoFeatureLine[] = [];
    const crops: Uint8Array[] = [];
    const decoded: VideoDoneLine['decoded'] = [];
    for (const [index, s] of samples.entries()) {
      const img = images.get(s.frame);
      if (!img) continue; // as the page skips a frame it cannot decode
      const frame = tf.tensor3d(Int32Array.from(img.data), [img.height, img.width, 3], 'int32');
      try {
        const faces = await detectFaces(detector, frame, { minScore: APP_CONFIG.minFaceScore });
        const choice = selectFaces(faces, APP_CONFIG.minFacePixels, APP_CONFIG.maxFacesPerFrame);
        decoded.push({ index, timeMs: s.timeMs, faces: choice.faces.length });
        choice.scored.forEach((i, k) => {
          const det = choice.faces[i]!;
          crops.push(cropsFor(frame, det, [recipe.size], recipe.region, 'black', window)[0]!);
          lines.push({ video: name, split: 'eval', evalOnly: true, label, person, frame: index, timeMs: s.timeMs, face: k, det });
        });
      } finally {
        frame.dispose();
      }
    }
    for (const [k, rowsOut] of (await trunk.run(crops)).entries()) for (const row of rowsOut) writeSync(fds[k]!, row);
    appendFileSync(featureIndexFile(key), lines.map((l) => JSON.stringify(l) + '\n').join(''));
    const doneLine: VideoDoneLine = { video: name, label, person, frames, decoded, rows: lines.length, width: p.width, height: p.height, durationMs: p.durationMs };
    appendFileSync(videosDoneFile(key), JSON.stringify(doneLine) + '\n');
    written += lines.length;
    process.stderr.write(`${done.size + v + 1}/${files.length} ${name}: ${decoded.length}/${frames} frames, ${lines.length} faces, ${((Date.now() - tv) / 1000).toFixed(1)} s\n`);
  }
  fds.forEach((fd) => closeSync(fd));
  const bytes = graph.outputs.map((o) => `${o.stage} ${(statSync(join(DATA_CONFIG.cacheDir, `features-${key}-${o.stage}.f16`)).size / 2 ** 20).toFixed(0)} MiB`).join(', ');
  console.log(`feature cache ${key} (evaluation only): ${done.size + todo.length} of ${files.length} videos, ${written} rows (${bytes}), ${((Date.now() - t0) / 1000).toFixed(0)} s this run; from ${basename(dir)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
