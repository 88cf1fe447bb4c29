// The languages the page and its readable report speak, and how one is picked. Pure: the page
// passes in what the browser says (navigator.languages) and what the reader chose before.

/** The language codes with a complete catalog (en.ts, es.ts, fr.ts). English is the source. */
export const LANGUAGES = ['en', 'es', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, as its speakers look for it in a menu (never translated). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español', fr: 'Français' };

/** Where the reader's choice from the menu is kept (localStorage). */
export const LANGUAGE_STORAGE_KEY = 'deepfake-detector.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The reader's choice when there is one, else the first of the browser's languages we have
 * ("fr-CA" -> fr, "es-419" -> es), else English.
 */
export function pickLanguage(stored: string | null, browser: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}
