// The analysis worker refuses, by itself, every request to another origin (docs/decisions.md,
// "Nothing leaves the machine"). The page's meta Content-Security-Policy does not reach a dedicated
// worker: a worker takes its policy from its own script's response headers, and a static host that
// sends none leaves the worker, the part that reads the video, with no policy at all. So the worker
// wraps its network entry points before anything else runs in it: a request to another origin throws
// a TypeError that says why, and is reported once to the page as a notice. The page's own origin,
// and blob:/data: URLs made inside the page, pass untouched.
//
// What it cannot wrap: a dynamic import() or a nested worker's own requests (the worker starts
// none that could: tfjs's threads run from a blob: of its own code), so the CSP header stays the
// first line where a host can send it.

import { english, words, type Words } from '../i18n/words';

/** Can this URL (absolute, or relative to `base`) be fetched without leaving `origin`? */
export function isOwnOrigin(url: string, origin: string, base: string = origin): boolean {
  if (url.startsWith('data:')) return true;
  try {
    const parsed = new URL(url.startsWith('blob:') ? url.slice(5) : url, base);
    return parsed.origin === origin;
  } catch {
    // Not a URL at all: the API it is given to will refuse it on its own.
    return false;
  }
}

/** The one sentence a refused request throws (its English) and reports (its words, for the page). */
export function refusal(api: string, url: string): Words {
  let where = url;
  try {
    where = new URL(url).origin;
  } catch {
    // keep the text as given
  }
  return words('blockedRequest', { where, api });
}

/** The globals the guard replaces (a worker's or, in tests, a stand-in). */
export interface GuardedScope {
  location: { origin: string; href: string };
  fetch?: typeof fetch;
  XMLHttpRequest?: { prototype: { open: (...args: never[]) => void } };
  WebSocket?: unknown;
  EventSource?: unknown;
  WebTransport?: unknown;
  importScripts?: (...urls: string[]) => void;
  navigator?: { sendBeacon?: (url: string | URL, data?: unknown) => boolean };
}

/**
 * Wraps `scope`'s request APIs so that a request to another origin throws (and, for fetch, rejects)
 * with the refusal's English, and `report` hears of it. Returns the list of refused URLs (for diagnostics).
 */
export function guardOrigin(scope: GuardedScope, report: (said: Words, url: string) => void): string[] {
  const origin = scope.location.origin;
  const refused: string[] = [];
  const check = (api: string, url: string): void => {
    if (isOwnOrigin(url, origin, scope.location.href)) return;
    const said = refusal(api, url);
    refused.push(url);
    report(said, url);
    throw new TypeError(english(said));
  };
  const urlOf = (input: unknown): string => (typeof input === 'object' && input !== null && 'url' in input ? String((input as { url: unknown }).url) : String(input));

  const realFetch = scope.fetch;
  if (realFetch) {
    scope.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      try {
        check('fetch', urlOf(input));
      } catch (error) {
        return Promise.reject(error);
      }
      // Called on the scope: a worker's fetch throws "Illegal invocation" on any other `this`.
      return realFetch.call(scope, input, init);
    }) as typeof fetch;
  }
  const xhr = scope.XMLHttpRequest?.prototype;
  if (xhr) {
    const open = xhr.open as (this: unknown, method: string, url: string | URL, ...rest: unknown[]) => void;
    xhr.open = function guardedOpen(this: unknown, method: string, url: string | URL, ...rest: unknown[]) {
      check('XMLHttpRequest', String(url));
      return open.call(this, method, url, ...rest);
    } as never;
  }
  for (const api of ['WebSocket', 'EventSource', 'WebTransport'] as const) {
    const Real = scope[api] as (new (url: string | URL, ...rest: unknown[]) => unknown) | undefined;
    if (!Real) continue;
    // Every one of these always leaves the page; the page needs none of them, even same-origin.
    const Guarded = function (url: string | URL) {
      const text = String(url);
      const said = refusal(api, text);
      refused.push(text);
      report(said, text);
      throw new TypeError(english(said));
    };
    Guarded.prototype = Real.prototype;
    scope[api] = Guarded;
  }
  const importScripts = scope.importScripts;
  if (importScripts) {
    scope.importScripts = (...urls: string[]) => {
      for (const u of urls) check('importScripts', u);
      importScripts.apply(scope, urls);
    };
  }
  const nav = scope.navigator;
  if (nav?.sendBeacon) {
    const beacon = nav.sendBeacon.bind(nav);
    nav.sendBeacon = (url, data) => (check('sendBeacon', String(url)), beacon(url, data));
  }
  return refused;
}
