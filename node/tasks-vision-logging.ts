// Build time: switches off @mediapipe/tasks-vision's usage logger in the bundle the worker ships.
//
// tasks-vision 1.1.0 creates, for every task (each FaceDetector), a logger that queues usage records
// (task name, running mode, timings) and every 60 s POSTs them to https://odml.pa.googleapis.com/v1/log
// with an x-goog-api-key read from the wasm. The package offers no option to turn it off (its
// `enableLogging` is not in the published bundle; the logger is built unconditionally in the task's
// constructor), so the bundle is patched where Vite reads it (vite.config.ts, `noTasksVisionLogging`):
//   - the logger's constructor starts no timer and marks itself failed, so the record function drops
//     every record instead of queueing it (`error || queue.push(...)`) and `flush` sends nothing;
//   - the sender's address is replaced by a non-network one, so no code path in the bundle can name
//     Google's endpoint even if a later edit reached it.
// Each replacement must match exactly once: a tasks-vision update that changes the minified code fails
// the build with a message saying so, instead of shipping the logger again (docs/decisions.md,
// "Nothing leaves the machine").

/** The logger's endpoint, as the bundle spells it. */
export const TASKS_VISION_LOG_URL = 'https://odml.pa.googleapis.com/v1/log';

/** What the build writes instead: not fetchable (and off-origin to the worker's guard, which refuses it loudly). */
export const DISABLED_LOG_URL = 'about:blank#tasks-vision-usage-logging-disabled-at-build';

interface Replacement {
  what: string;
  from: string;
  to: string;
}

const REPLACEMENTS: readonly Replacement[] = [
  {
    what: "the usage logger's constructor (a 60 s flush timer)",
    from: 'this.l=t??"",this.h=setInterval(()=>{this.flush()},6e4)}',
    to: 'this.l="",this.h=void 0,this.error=Error("tasks-vision usage logging is disabled at build (node/tasks-vision-logging.ts)")}',
  },
  { what: "the usage logger's endpoint", from: `url:"${TASKS_VISION_LOG_URL}"`, to: `url:"${DISABLED_LOG_URL}"` },
];

/** Does this module id name tasks-vision's ES bundle (the one Vite resolves for `import`)? */
export function isTasksVisionBundle(id: string): boolean {
  return /[\\/]@mediapipe[\\/]tasks-vision[\\/]vision_bundle\.mjs(\?.*)?$/.test(id);
}

/** The bundle with the logger off; throws, naming what was not found, when the code is not the one
 *  this patch was written for. */
export function disableTasksVisionLogging(code: string): string {
  let out = code;
  for (const r of REPLACEMENTS) {
    const count = out.split(r.from).length - 1;
    if (count !== 1) {
      throw new Error(
        `@mediapipe/tasks-vision: ${r.what} was found ${count} times instead of once, so its usage logging (POSTs to ${TASKS_VISION_LOG_URL}) ` +
          'cannot be switched off. The package was probably updated: read its bundle and update node/tasks-vision-logging.ts before building.',
      );
    }
    out = out.replace(r.from, r.to);
  }
  if (out.includes('odml.pa.googleapis.com')) throw new Error('@mediapipe/tasks-vision: the usage logging endpoint is still named in the bundle after the patch.');
  return out;
}
