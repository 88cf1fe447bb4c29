/// <reference lib="webworker" />
// Imported first by analysis.worker.ts, so the guard is in place before any other module of the
// worker runs (ES modules evaluate in import order). Each distinct refusal reaches the page once,
// as a notice, and the worker's console.
import { english } from '../i18n/words';
import { guardOrigin, type GuardedScope } from './origin-guard';
import type { FromWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const told = new Set<string>();
guardOrigin(scope as unknown as GuardedScope, (said) => {
  const message = english(said);
  console.warn(message);
  if (told.has(message)) return;
  told.add(message);
  scope.postMessage({ type: 'notice', words: said } satisfies FromWorker);
});
