/// <reference lib="webworker" />
// The bench worker: one task per worker life (see protocol.ts). It calls the app's own modules
// (backend, loadModel, scoreCrops, decode, frame-tensor, detect) so what it times is what the page
// runs; only the loop around them differs.
import * as tf from '@tensorflow/tfjs';
import { VideoSampleSink } from 'mediabunny';
import { APP_CONFIG } from '../../src/config';
import { describeDevice, initBackend } from '../../src/models/backend';
import { loadModel, type ModelCache } from '../../src/models/load';
import type { LoadedModel } from '../../src/models/types';
import { openMedia, probeVideo } from '../../src/pipeline/decode';
import { framePixels } from '../../src/pipeline/frame-tensor';
import { sampleTimes } from '../../src/pipeline/sample';
import { buildEnsemble, scoreCrops, type EnsembleMember } from '../../src/pipeline/score';
import { countFlops, type ProfiledKernel } from '../flops';
import { openDetector } from './detectors';
import type { BenchTask, DetectorKind, FoundFace, FrameInput, Readback, TaskAnswer } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const BASE = new URL(import.meta.env.BASE_URL, self.location.origin).href;

scope.onmessage = async (e: MessageEvent<{ task: BenchTask; files: File[] }>) => {
  const { task, files } = e.data;
  const file = files[0] ?? null;
  let answer: TaskAnswer;
  try {
    await initBackend(task.backend, import.meta.env.BASE_URL, undefined, task.threads);
    const device = await describeDevice(task.backend);
    const result =
      task.kind === 'models'
        ? await models(task.reps)
        : task.kind === 'decode'
          ? await decode(need(file), task)
          : task.source === 'images'
            ? await detectImages(files, task.detector, task.input)
            : await detect(need(file), task.frames, task.detector, task.input);
    answer = { ok: true, device, result };
  } catch (error) {
    answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(answer);
};

function need(file: File | null): File {
  if (!file) throw new Error('no file was chosen in the bench page');
  return file;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function timed(reps: number, f: () => Promise<unknown>): Promise<number[]> {
  await f(); // warm-up: compiles shaders, allocates
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return ms;
}

async function flopsOf(f: () => Promise<unknown>): Promise<number> {
  const info = await tf.profile(async () => {
    await f();
    return tf.scalar(0);
  });
  return countFlops(info.kernels as unknown as ProfiledKernel[]);
}

/** Each model alone, the shared backbone alone, and the ensemble as the pipeline runs it: batch 1,
 *  320 px aligned crop, one readback per call. */
async function loadEnsemble(): Promise<EnsembleMember[]> {
  const cache: ModelCache = new Map();
  const loaded = new Map<string, LoadedModel>();
  for (const { name } of APP_CONFIG.ensemble) loaded.set(name, await loadModel(new URL(`models/${name}/`, BASE).href, undefined, { cache }));
  return buildEnsemble(APP_CONFIG.ensemble, loaded);
}

async function models(reps: number) {
  const ensemble = await loadEnsemble();
  const crops = tf.randomUniform([1, APP_CONFIG.alignSize, APP_CONFIG.alignSize, 3], 0, 255) as tf.Tensor4D;
  const runs: { name: string; run: () => Promise<unknown> }[] = ensemble.map((m: EnsembleMember) => ({ name: m.name, run: () => scoreCrops([{ ...m, weight: 1 }], crops) }));
  const shared = ensemble.find((m) => m.model.shared)?.model.shared;
  if (shared) {
    runs.push({
      name: 'backbone (shared)',
      run: async () => {
        const f = tf.tidy(() => shared.features(crops));
        await f.data();
        f.dispose();
      },
    });
  }
  runs.push({ name: 'ensemble (as the pipeline runs it)', run: () => scoreCrops(ensemble, crops) });
  const out = [];
  for (const r of runs) {
    const ms = await timed(reps, r.run);
    const flops = await flopsOf(r.run);
    const msPerFace = median(ms);
    out.push({ name: r.name, batch: 1, msPerFace, runsMs: ms, gflopPerFace: flops / 1e9, gflopPerS: flops / 1e9 / (msPerFace / 1000) });
  }
  crops.dispose();
  return out;
}

/** A sampled frame -> pixels, by one of the readback strategies; returns the ms it took. */
async function readback(frame: VideoFrame, how: Readback): Promise<number> {
  const t0 = performance.now();
  if (how === 'app') {
    (await framePixels(frame, 0)).dispose();
  } else if (how === 'bitmap') {
    const bmp = await createImageBitmap(frame);
    tf.browser.fromPixels(bmp, 3).dispose();
    bmp.close();
  } else if (how === 'copyTo') {
    const rect = { x: 0, y: 0, width: frame.displayWidth, height: frame.displayHeight };
    const buf = new Uint8Array(frame.allocationSize({ format: 'RGBA', rect } as VideoFrameCopyToOptions));
    await frame.copyTo(buf, { format: 'RGBA', rect } as VideoFrameCopyToOptions);
    tf.tidy(() => tf.slice(tf.tensor3d(buf, [rect.height, rect.width, 4], 'int32'), [0, 0, 0], [-1, -1, 3])).dispose();
  } else if (how === 'i420') {
    const w = frame.displayWidth;
    const h = frame.displayHeight;
    if (frame.format !== 'I420' || w % 2 || h % 2) throw new Error(`i420 readback needs an even-sized I420 frame (got ${frame.format} ${w}x${h})`);
    const rect = { x: 0, y: 0, width: w, height: h };
    const buf = new Uint8Array(frame.allocationSize({ rect }));
    const layout = await frame.copyTo(buf, { rect });
    tf.tidy(() => {
      const plane = (i: number, pw: number, ph: number) =>
        tf.reshape(tf.tensor1d(buf.subarray(layout[i]!.offset, layout[i]!.offset + layout[i]!.stride * ph), 'int32'), [ph, layout[i]!.stride]).slice([0, 0], [ph, pw]);
      const y = tf.sub(tf.cast(plane(0, w, h), 'float32'), 16);
      const up = (p: tf.Tensor) => tf.image.resizeNearestNeighbor(tf.expandDims(tf.sub(tf.cast(p, 'float32'), 128), 2) as tf.Tensor3D, [h, w]).squeeze([2]);
      const u = up(plane(1, w / 2, h / 2));
      const v = up(plane(2, w / 2, h / 2));
      const r = tf.add(tf.mul(y, 1.164), tf.mul(v, 1.596));
      const g = tf.sub(tf.sub(tf.mul(y, 1.164), tf.mul(u, 0.392)), tf.mul(v, 0.813));
      const b = tf.add(tf.mul(y, 1.164), tf.mul(u, 2.017));
      return tf.clipByValue(tf.stack([r, g, b], 2), 0, 255);
    }).dispose();
  } else if (how === 'half') {
    const bmp = await createImageBitmap(frame, { resizeWidth: Math.round(frame.displayWidth / 2), resizeHeight: Math.round(frame.displayHeight / 2), resizeQuality: 'low' });
    tf.browser.fromPixels(bmp, 3).dispose();
    bmp.close();
  }
  return performance.now() - t0;
}

async function decode(file: File, task: Extract<BenchTask, { kind: 'decode' }>) {
  const t0 = performance.now();
  let readbackMs = 0;
  let kept = 0;
  let decoded = 0;
  if (task.pass === 'sequential') {
    const media = await openMedia(file);
    try {
      const times = sampleTimes(media.info.durationMs, task.frames, media.startMs);
      for await (const d of media.frames(times)) {
        kept++;
        readbackMs += await readback(d.source as VideoFrame, task.readback);
      }
      decoded = media.decoded();
    } finally {
      media.close();
    }
  } else {
    const probed = await probeVideo(file, (t) => t.canDecode());
    try {
      const sink = new VideoSampleSink(probed.track);
      if (task.pass === 'jump') {
        const times = sampleTimes(probed.info.durationMs, task.frames, probed.startMs).map((t) => t / 1000);
        for await (const sample of sink.samplesAtTimestamps(times)) {
          if (!sample) continue;
          decoded++;
          kept++;
          const frame = sample.toVideoFrame();
          try {
            readbackMs += await readback(frame, task.readback);
          } finally {
            frame.close();
            sample.close();
          }
        }
      } else {
        for await (const sample of sink.samples()) {
          decoded++;
          sample.close();
        }
      }
    } finally {
      probed.input.dispose();
    }
  }
  const totalMs = performance.now() - t0;
  return { pass: task.pass, readback: task.readback, totalMs, readbackMs, decoderMs: totalMs - readbackMs, kept, decoded };
}

/** One detector's results in input order: ms, face count, the largest face and every face. */
function tally() {
  const t = { ms: [] as number[], counts: [] as number[], found: [] as (FoundFace | null)[], all: [] as FoundFace[][] };
  return {
    ...t,
    add(r: { ms: number; faces: FoundFace[] }): void {
      t.ms.push(r.ms);
      t.counts.push(r.faces.length);
      t.found.push(r.faces[0] ?? null);
      t.all.push(r.faces);
    },
  };
}

/** One detector on the sampled frames: ms per frame (detection alone: the frame is already
 *  decoded, and for the app's detector already a tensor, as in the pipeline), the largest face and
 *  every face per frame. */
async function detect(file: File, frames: number, kind: DetectorKind, input: FrameInput) {
  const t0 = performance.now();
  const detector = await openDetector(kind, input, BASE);
  const loadMs = performance.now() - t0;
  const media = await openMedia(file);
  const t = tally();
  try {
    const times = sampleTimes(media.info.durationMs, frames, media.startMs);
    for await (const d of media.frames(times)) t.add(await detector.detectFrame(d.source, d.rotation));
  } finally {
    media.close();
    detector.close();
  }
  const { ms, counts, found, all } = t;
  return { detector: kind, input, width: media.info.width, height: media.info.height, loadMs, msPerFrame: median(ms), runsMs: ms, facesPerFrame: counts, framesWithFace: counts.filter((n) => n > 0).length, largest: found, faces: all };
}

/** One detector on still images (the training crops), each opened as the app opens an image. */
async function detectImages(files: File[], kind: DetectorKind, input: FrameInput) {
  if (files.length === 0) throw new Error('no image was chosen in the bench page');
  const detector = await openDetector(kind, input, BASE);
  const t = tally();
  try {
    for (const f of files) {
      const media = await openMedia(f);
      try {
        for await (const d of media.frames([0])) t.add(await detector.detectFrame(d.source, d.rotation));
      } finally {
        media.close();
      }
    }
  } finally {
    detector.close();
  }
  const { ms, counts, found, all } = t;
  return { detector: kind, input, images: files.map((f) => f.name), msPerImage: median(ms), runsMs: ms, facesPerImage: counts, imagesWithFace: counts.filter((n) => n > 0).length, largest: found, faces: all };
}
