// Registers the service worker that keeps the page usable offline (vite.config.ts, offlinePlugin).
// Only in a build served over http(s): the dev server has no service worker, and a page opened
// from disk cannot register one. A failure costs nothing but offline use, so it is only logged.
export function registerOffline(base: string): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  if (window.location.protocol !== 'http:' && window.location.protocol !== 'https:') return;
  // After load, so the precache (about 37 MB) never competes with the page's own start-up.
  const register = () => {
    navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch((error: unknown) => {
      console.warn(`Offline use is not available: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
