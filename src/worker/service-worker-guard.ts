/// <reference lib="webworker" />
// The offline service worker's first fetch listener (bundled to sw-guard.js at build and loaded by
// Workbox's sw.js through `importScripts`, before its own routes): a request from the page or its
// worker to another origin is answered with a network error, so it fails at once and never leaves
// the machine, and the service worker's console says which one was refused. Same-origin requests
// pass on to Workbox's precache untouched. docs/decisions.md, "Nothing leaves the machine".
import { english } from '../i18n/words';
import { isOwnOrigin, refusal } from './origin-guard';

/** The fetch listener, apart from the global so the unit test can drive it. */
export function refuseOffOrigin(origin: string, event: { request: { url: string }; respondWith(r: Response | Promise<Response>): void }, warn: (message: string) => void = console.warn): boolean {
  const url = event.request.url;
  if (isOwnOrigin(url, origin)) return false;
  warn(english(refusal('service worker', url)));
  event.respondWith(Response.error());
  return true;
}

declare const self: ServiceWorkerGlobalScope;
if (typeof ServiceWorkerGlobalScope !== 'undefined' && self instanceof ServiceWorkerGlobalScope) {
  self.addEventListener('fetch', (event) => void refuseOffOrigin(self.location.origin, event));
}
