import { describe, expect, it } from 'vitest';
import { pickLanguage } from './languages';

describe('pickLanguage', () => {
  it('takes the reader\'s stored choice first', () => {
    expect(pickLanguage('fr', ['es-ES', 'en'])).toBe('fr');
  });
  it('takes the first browser language it has, by its primary tag', () => {
    expect(pickLanguage(null, ['de-DE', 'es-419', 'fr'])).toBe('es');
    expect(pickLanguage(null, ['FR-ca'])).toBe('fr');
  });
  it('ignores a stored value it does not know, and falls back to English', () => {
    expect(pickLanguage('klingon', ['de', 'it'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });
});
