// The start-up's steps as User Timing marks (`performance.mark`) in the analysis worker's own
// timeline, so a bench or a DevTools trace can say where the time before "ready" goes without a
// throwaway build (bench/startup.ts reads them; docs/decisions.md, issue 25, "returning visit").
// A mark costs microseconds; the names live here so the worker and the bench agree on them.

/** Every mark the start-up sets, in the order a normal start-up reaches them (models and the face
 *  detector load side by side, so their marks interleave). Per-model marks end in the model's name. */
export const STARTUP_MARK = {
  /** The worker's first module has run (its timeOrigin is when the Worker was created). */
  workerStart: 'startup:worker-start',
  /** tfjs's backend is chosen and initialised. */
  backendReady: 'startup:backend-ready',
  /** tasks-vision's wasm module is compiled. */
  detectorWasm: 'startup:detector-wasm-compiled',
  /** A tasks-vision FaceDetector exists (`:fullRange`, `:shortRange`). */
  detectorCreated: 'startup:detector-created',
  /** The face detector's first detection (its warm-up) is done. */
  detectorReady: 'startup:detector-ready',
  /** A model folder's files are all fetched and each one's SHA-256 checked against its manifest
   *  (`:<name>`; each file is checked as it arrives). */
  modelVerified: 'startup:model-verified',
  /** ... and its float16 weights are float32 tensors. */
  modelDecoded: 'startup:model-decoded',
  /** ... and the architecture holds them. */
  modelBuilt: 'startup:model-built',
  /** The ensemble's first run (its warm-up) is done. */
  ensembleWarm: 'startup:ensemble-warm',
} as const;

export type StartupMarkName = (typeof STARTUP_MARK)[keyof typeof STARTUP_MARK];

/** Sets `name` (with `:detail` when given) in this thread's timeline. Never throws: a missing or
 *  full performance timeline must not stop the start-up. */
export function startupMark(name: StartupMarkName, detail?: string): void {
  try {
    globalThis.performance?.mark(detail === undefined ? name : `${name}:${detail}`);
  } catch {
    // Timing is only for measuring; the start-up goes on without it.
  }
}
