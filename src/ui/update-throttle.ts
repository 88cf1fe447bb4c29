// The page draws the worker's messages at most once per UPDATE_INTERVAL_MS. The worker sends four
// messages a sampled frame (three progress phases and the frame itself, ~0.3 s apart in all on a
// 2-core machine), and each one drawn is a new compositor frame. Without a GPU, Chromium composites
// in software (SwiftShader) on the GPU process's main thread, the thread tasks-vision's WebGL calls
// in the worker wait on: the page's redraws cost the 1080p clip 1.2 s, detection almost half of it
// (docs/decisions.md, "Drawing the page less often"). A phase shorter than the interval was never
// readable anyway. Start-up progress waits the same way; the rest (result, errors, notices, ready)
// is drawn at once, after whatever is held, so the order of what the reducer sees never changes.

/** The shortest time between two draws of progress and frames. */
export const UPDATE_INTERVAL_MS = 250;

export interface Clock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const BROWSER_CLOCK: Clock = {
  now: () => performance.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface UpdateThrottle<M> {
  /** Hands `m` on now (with whatever is held first), or holds it until the interval is over when it
   *  only moves the picture on and the last draw was too recent. */
  push(m: M): void;
  /** Hands on whatever is held, now. */
  flush(): void;
  /** Drops whatever is held (the page is going away). */
  dispose(): void;
}

/**
 * `deliver` gets messages in the order pushed, in batches (one draw each: React batches the state
 * updates of one task). `isUpdate` says which messages may wait: at most `intervalMs` after the
 * previous batch.
 */
export function throttleUpdates<M>(deliver: (batch: M[]) => void, isUpdate: (m: M) => boolean, intervalMs = UPDATE_INTERVAL_MS, clock: Clock = BROWSER_CLOCK): UpdateThrottle<M> {
  let held: M[] = [];
  let timer: unknown = null;
  let last = -Infinity;
  const send = (batch: M[]) => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    held = [];
    if (batch.length === 0) return;
    last = clock.now();
    deliver(batch);
  };
  return {
    push(m) {
      if (!isUpdate(m)) return send([...held, m]);
      held.push(m);
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) return send(held);
      timer ??= clock.setTimeout(() => send(held), wait);
    },
    flush: () => send(held),
    dispose() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      held = [];
    },
  };
}
