// The one i18n layer (i18next; why in docs/decisions.md, "Languages (issue 27)"): every word the
// page and its readable report show comes from t() here, from the bundled catalogs en.ts, es.ts
// and fr.ts (nothing fetched). The page's React components use react-i18next's useTranslation()
// over this same instance (main.tsx hands it to I18nextProvider), so a language change re-renders
// them; plain modules (report/format.ts, report/report-html.ts) call t() at the moment they make
// their text. No React here: deepfake-scan and the worker's side never load it.
// The JSON report, the API and deepfake-scan stay language-neutral (keys, numbers, English).
import i18next from 'i18next';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import type { Language } from './languages';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

export const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: en }, es: { translation: es }, fr: { translation: fr } },
  lng: 'en',
  fallbackLng: 'en',
  // React escapes what it renders; report-html.ts escapes every translated string it writes.
  interpolation: { escapeValue: false },
  // The catalogs are bundled: ready at once, no promise to wait for.
  initAsync: false,
  returnNull: false,
});

/** The translation function of the page's current language. */
export const t = i18n.t;

/** The page's current language (a BCP 47 tag Intl understands). */
export function language(): string {
  return i18n.language;
}

export function setLanguage(lang: Language): void {
  void i18n.changeLanguage(lang);
}
