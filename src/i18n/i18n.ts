// The one i18n layer (i18next; why in docs/decisions.md, "Languages (issue 27)"): every word the
// page and its readable report show comes from t() here, from the bundled catalogs en.ts, es.ts
// and fr.ts (nothing fetched). The page's React components use react-i18next's useTranslation()
// over this same instance, so a language change re-renders them; plain modules (format.ts,
// report-html.ts) call t() and the number formatters below at the moment they make their text.
// The JSON report, the API and deepfake-scan stay language-neutral (keys, numbers, English).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
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
void i18n.use(initReactI18next).init({
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
