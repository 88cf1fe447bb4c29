/// <reference lib="webworker" />
// The analysis worker: the only owner of tfjs, the face detector, the decoder and the GPU. The UI
// thread talks to it through client.ts with the typed messages of protocol.ts.
//
// Life: 'init' -> choose the backend -> load the detector and the ensemble from the app's own origin
// (model files are SHA-256-checked by loadModel) -> 'ready' -> warm up (first runs compile the
// shaders), which the first 'analyze' waits for. Then one 'analyze' at a time. Cancel is not a
// message: the client terminates the worker.
// First, before any other module runs: the worker refuses every request to another origin
// (origin-guard.ts; a dedicated worker gets no policy from the page's meta CSP).
import './install-origin-guard';
import { STARTUP_MARK, startupMark } from '../startup-marks';
import * as tf from '@tensorflow/tfjs-core';
import { APP_CONFIG } from '../config';
import { errorText, failedResult, whyOf, WordsError } from '../failure';
import { words, type Words } from '../i18n/words';
import { initBackend, watchDeviceLoss } from '../models/backend';
import { fetchVerifiedFolder, loadModel, type ModelCache } from '../models/load';
import type { LoadedModel } from '../models/types';
import { DETECTOR_FILES, detectFaces, disposeDetector, loadDetector, type Detector } from '../pipeline/detect';
import { compileTasksVisionWasm, loadTasksVisionDetector } from '../pipeline/detect-tasks-vision';
import { runAnalysis, type AnalysisOptions } from '../pipeline/run-analysis';
import { buildEnsemble, scoreCrops, type EnsembleMember } from '../pipeline/score';
import type { BackendName } from '../backends';
import type { ModelInfo } from '../types';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
startupMark(STARTUP_MARK.workerStart);

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** Something the reader should know that does not stop the work. */
function notice(said: Words): void {
  post({ type: 'notice', words: said });
}

/** Why start-up failed: our own sentence as it is, a library's error inside ours. */
function fatal(error: unknown): void {
  post({ type: 'fatal', words: error instanceof WordsError ? error.words : words('startFailed', { why: whyOf(error) }) });
}

/** The app's base URL on its own origin (models under models/, detector under detector/). */
const APP_BASE = new URL(import.meta.env.BASE_URL, self.location.origin).href;

interface Engine {
  backend: BackendName;
  detector: Detector;
  ensemble: EnsembleMember[];
  /** Every model loaded for this engine (members and shared backbones), to free with it. */
  models: LoadedModel[];
}

/** Frees an engine's detector and models. After a lost device their memory may already be gone
 *  with it; a dispose that fails then is not worth stopping the restart for. */
function disposeEngine(old: Engine): void {
  try {
    disposeDetector(old.detector);
    for (const model of old.models) model.dispose();
  } catch (error) {
    notice(words('engineNotFreed', { why: whyOf(error) }));
  }
}

let forcedBackend: BackendName | null = null;
let threads: number | null = null;
let engine: Promise<Engine> | null = null;
/** Set when the WebGPU device is lost: the next analysis restarts on the next backend. */
let lostBackend: BackendName | null = null;
/** Analyses run strictly one after another. */
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'init') {
    forcedBackend = message.backend ?? null;
    threads = message.threads ?? null;
    engine = start(forcedBackend);
    engine.catch(fatal);
  } else if (message.type === 'analyze') {
    queue = queue.then(() => analyze(message.id, message.file, message.options));
  }
};

async function start(forced: BackendName | null, after?: BackendName): Promise<Engine> {
  // tasks-vision's wasm compiles off this thread while tfjs's backend is set up (a failure shows
  // when the detector loads, which then falls back).
  compileTasksVisionWasm(APP_BASE).catch(() => undefined);
  // The model folders' downloads and SHA-256 checks need no backend either: started now, they
  // overlap its set-up (on a returning visit they ended 380-470 ms after it; docs/decisions.md,
  // issue 25, "returning visit"). A folder's failure shows when its model is built below.
  const names = APP_CONFIG.ensemble.map((m) => m.name);
  const modelBase = (name: string) => new URL(`models/${name}/`, APP_BASE).href;
  const verified = new Map(names.map((name) => [modelBase(name), fetchVerifiedFolder(modelBase(name))] as const));
  for (const folder of verified.values()) folder.catch(() => undefined);
  const choice = await initBackend(forced, import.meta.env.BASE_URL, after, threads);
  startupMark(STARTUP_MARK.backendReady);
  for (const said of choice.notices) notice(said);

  // Load: the face detector and every ensemble model at once (fetches, SHA-256 checks and the
  // detector's wasm compile overlap; measured ready time in docs/decisions.md, "Start-up"). A model
  // that fails is left out and the others' weights are renormalised; the reader is told.
  const loadTotal = 1 + names.length;
  let loadDone = 0;
  const loadStep = (message: string) => post({ type: 'warmup', stage: 'load', done: ++loadDone, total: loadTotal, message });
  post({ type: 'warmup', stage: 'load', done: 0, total: loadTotal, message: 'Loading the face detector and the models' });
  const loaded = new Map<string, LoadedModel>();
  // One cache per engine: a head-only member reuses the backbone member's loaded weights.
  const cache: ModelCache = new Map();
  const detecting = loadFaceDetector().then((d) => (loadStep('Face detector loaded'), d));
  const loads = names.map((name) =>
    loadModel(modelBase(name), undefined, { cache, verified }).then(
      (model) => (loaded.set(name, model), loadStep(`Model ${name} loaded and checked`)),
      (error: unknown) => (notice(words('modelNotUsed', { name, why: whyOf(error) })), loadStep(`Model ${name} failed`)),
    ),
  );
  // Ready once everything is loaded and checked; the warm-ups (the first run of each graph: shader
  // compiles on WebGPU/WebGL, XNNPACK's and tasks-vision's set-up on the CPU) follow at once, and an
  // analysis waits for them (it awaits the engine). They cost the same before the first result
  // either way, but on one thread they delayed "ready" by 0.6-0.7 s, in which a person picks a
  // file (docs/decisions.md, issue 25, "returning visit": the first result measured not later).
  const [created] = await Promise.all([detecting, Promise.all(loads)]);
  post({ type: 'warmup', stage: 'load', done: loadTotal, total: loadTotal, message: 'Models loaded' });
  const ensemble = buildEnsemble(APP_CONFIG.ensemble, loaded);

  watchDeviceLoss((why) => {
    lostBackend = choice.name;
    notice(words('deviceLost', { why }));
  });
  const ready = (detector: Detector) => post({ type: 'ready', backend: choice.name, device: choice.device, faceDetector: detector.kind, models: ensemble.map(modelInfo), notices: choice.notices });
  ready(created);
  let detector = created;
  try {
    detector = await warmUpFaceDetector(created, ready);
    await warmUpEnsemble(ensemble);
  } catch (error) {
    // After "ready" a warm-up is only a first run. A device lost during it is the next analysis's
    // to handle (restartAfterLoss moves to the next backend); failing the engine here would end the
    // page with a fatal error instead (e2e/fallback, "a lost WebGPU device").
    if (lostBackend === null && !/\blost\b/i.test(errorText(error))) throw error;
  }
  // The cache holds every folder loaded, members and the backbones they share (a failed one is left out).
  const settled = await Promise.allSettled(cache.values());
  const models = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  return { backend: choice.name, detector, ensemble, models: [...new Set([...models, ...loaded.values()])] };
}

/** The ensemble's first run, as the page will run it (members on a shared backbone compute it once,
 *  as scoreCrops does per frame). */
async function warmUpEnsemble(ensemble: EnsembleMember[]): Promise<void> {
  const crops = tf.zeros([1, APP_CONFIG.alignSize, APP_CONFIG.alignSize, 3]) as tf.Tensor4D;
  try {
    await scoreCrops(ensemble, crops);
    startupMark(STARTUP_MARK.ensembleWarm);
  } finally {
    crops.dispose();
  }
}

/**
 * Loaded (its first run, the warm-up, comes after "ready": warmUpFaceDetector).
 * MediaPipe's FaceDetector (tasks-vision, its own wasm runtime on the CPU, whatever the tfjs backend;
 * on a GPU backend each frame is read back for it, a cost not measured: no GPU here), else, when it
 * cannot start (its wasm refused or missing, an old browser), BlazeFace on tfjs, with a notice:
 * slower, never a dead page.
 */
async function loadFaceDetector(): Promise<Detector> {
  try {
    return await loadTasksVisionDetector(APP_BASE);
  } catch (error) {
    return loadFallbackDetector(error);
  }
}

/** BlazeFace on tfjs, after tasks-vision failed with `error` (the reader is told). */
function loadFallbackDetector(error: unknown): Promise<Detector> {
  notice(words('fastDetector', { why: whyOf(error) }));
  return loadDetector({
    fullRange: new URL(`detector/${DETECTOR_FILES.fullRange}`, APP_BASE).href,
    shortRange: new URL(`detector/${DETECTOR_FILES.shortRange}`, APP_BASE).href,
  });
}

/** The detector's first detection. A tasks-vision detector whose first run fails is replaced by the
 *  tfjs one, and `ready` is said again with it (the report names the detector that ran). */
async function warmUpFaceDetector(detector: Detector, ready: (d: Detector) => void): Promise<Detector> {
  try {
    await warmUpDetector(detector);
    startupMark(STARTUP_MARK.detectorReady);
    return detector;
  } catch (error) {
    if (detector.kind !== 'tasks-vision') throw error;
    disposeDetector(detector);
    const fallback = await loadFallbackDetector(error);
    await warmUpDetector(fallback);
    startupMark(STARTUP_MARK.detectorReady);
    ready(fallback);
    return fallback;
  }
}

/** One detection on a blank frame: the first run allocates (tasks-vision) or compiles shaders (tfjs). */
async function warmUpDetector(detector: Detector): Promise<void> {
  const blank = tf.zeros([360, 640, 3], 'int32') as tf.Tensor3D;
  try {
    await detectFaces(detector, blank);
  } finally {
    blank.dispose();
  }
}

function modelInfo(member: EnsembleMember): ModelInfo {
  const m = member.model.manifest;
  return {
    name: member.name,
    architecture: m.architecture,
    inputSize: m.inputSize,
    weight: member.weight,
    metrics: m.metrics ?? null,
    config: m.config?.name ?? null,
    manifestSha256: member.model.manifestSha256 ?? null,
    files: m.files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
    backbone: m.backbone ? { name: m.backbone.name, manifestSha256: m.backbone.manifestSha256 } : null,
    about: typeof m.about === 'string' ? m.about : null,
  };
}

/** After a lost device: drop everything on it and start again on the next backend. */
async function restartAfterLoss(): Promise<void> {
  const lost = lostBackend;
  lostBackend = null;
  if (!lost) return;
  if (forcedBackend) throw new WordsError(words('forcedDeviceLost', { backend: lost }));
  // The old engine's graphs and weights go before the new ones load: two engines never coexist.
  const old = await engine?.catch(() => null);
  if (old) disposeEngine(old);
  engine = start(null, lost);
  engine.catch(fatal);
  await engine;
}

async function analyze(id: number, file: File, options: Pick<AnalysisOptions, 'frames'>): Promise<void> {
  const started = performance.now();
  let result;
  try {
    if (!engine) throw new WordsError(words('notStarted'));
    await restartAfterLoss();
    let current = await engine;
    try {
      result = await run(id, file, options, current);
    } catch (error) {
      // A device lost mid-analysis: once more on the next backend.
      if (!lostBackend) throw error;
      await restartAfterLoss();
      current = await engine;
      result = await run(id, file, options, current);
    }
  } catch (error) {
    const timings = { decodeMs: 0, detectMs: 0, inferMs: 0, totalMs: performance.now() - started };
    result = failedResult(file.name, words('analysisFailed', { why: whyOf(error) }), tf.getBackend() ?? 'none', timings);
  }
  const { numTensors, numBytes } = tf.memory();
  post({ type: 'result', id, result, memory: { numTensors, numBytes } });
}

function run(id: number, file: File, options: Pick<AnalysisOptions, 'frames'>, current: Engine) {
  return runAnalysis(
    file,
    { detector: current.detector, ensemble: current.ensemble, backend: current.backend },
    { frames: options.frames },
    {
      onProgress: (p) => post({ type: 'progress', id, ...p }),
      onFrame: (frame, frameImage, frameScale, crops) => {
        const transfer = [frameImage, ...crops].filter((b): b is ImageBitmap => b !== null);
        post({ type: 'frame', id, frame, frameImage, frameScale, crops }, transfer);
      },
      onNotice: notice,
    },
  );
}

