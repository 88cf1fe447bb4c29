// Registers the service worker that keeps the page usable offline (vite.config.ts, offlinePlugin).
// Only in a build served over http(s): the dev server has no service worker, and a page opened
// from disk cannot register one. A failure costs nothing but offline use, so it is only logged.
import { errorText } from '../failure';
import { t } from '../i18n/i18n';

export function registerOffline(base: string): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  if (window.location.protocol !== 'http:' && window.location.protocol !== 'https:') return;
  // After load, so the precache (about 37 MB) never competes with the page's own start-up.
  const register = () => {
    navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch((error: unknown) => {
      console.warn(`Offline use is not available: ${errorText(error)}`);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/** The engine note of a page that started with no network: it runs from the copy the service worker
 *  saved on an earlier visit (the same files, so the same results: e2e/screen.e2e.ts compares them). */
export function offlineNotice(): string {
  return t('engine.offline');
}

/** What isOffline looks at (the browser's, or a test's stand-ins). */
export interface OfflineProbe {
  onLine: boolean;
  /** Is the page controlled by its service worker? Otherwise it just came from the network. */
  controlled: boolean;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
}

/**
 * Did the page start without its server? The browser's onLine flag misses a server that is gone
 * (and emulated offline in tests), and the precache answers the page's files either way, so a page
 * served by its service worker asks the server for one file that is never precached (sw.js, the
 * service worker itself; HEAD, no cache): no answer means offline. Same origin, like every request.
 */
export async function isOffline(base: string, probe: OfflineProbe = browserProbe()): Promise<boolean> {
  if (!probe.onLine) return true;
  if (!probe.controlled) return false;
  try {
    await probe.fetch(`${base}sw.js`, { method: 'HEAD', cache: 'no-store' });
    return false;
  } catch {
    return true;
  }
}

function browserProbe(): OfflineProbe {
  return { onLine: navigator.onLine, controlled: !!navigator.serviceWorker?.controller, fetch: (url, init) => fetch(url, init) };
}
