// The page's language, from the menu: the browser's languages pick it at first (main.tsx); a choice
// here is kept on this device (localStorage) and the whole page, and the readable report made
// after it, speak it. Each language is named in itself, so a reader finds their own.
import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGE_NAMES, LANGUAGE_STORAGE_KEY, LANGUAGES } from '../i18n/languages';
import { setLanguage } from '../i18n/i18n';

export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-menu small">
      {t('app.language')}{' '}
      <select
        value={i18n.language}
        data-testid="language-menu"
        onChange={(e) => {
          const lang = e.currentTarget.value;
          if (!isLanguage(lang)) return;
          try {
            localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
          } catch {
            // Storage refused (a private window's quota): the choice lasts for this page only.
          }
          setLanguage(lang);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
