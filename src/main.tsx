// Entry point of the page: React renders the UI; all analysis runs in the worker (src/worker).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { i18n, setLanguage } from './i18n/i18n';
import { LANGUAGE_STORAGE_KEY, pickLanguage } from './i18n/languages';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { registerOffline } from './ui/offline';
import './ui/styles.css';

// The reader's earlier choice from the menu, else the browser's languages, before the first render.
function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}
setLanguage(pickLanguage(storedLanguage(), navigator.languages ?? [navigator.language]));

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </I18nextProvider>
  </StrictMode>,
);

registerOffline(import.meta.env.BASE_URL);
