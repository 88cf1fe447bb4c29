// The newsroom's record of a check: where the file was found, who checked it, and notes. Kept in
// the page (across files, until the tab closes) and written into the JSON and the readable report.
// Nothing here is sent anywhere.
import { useTranslation } from 'react-i18next';
import type { CaseText } from './use-case-fields';

interface Props {
  value: CaseText;
  onChange(value: CaseText): void;
}

export function CaseFields({ value, onChange }: Props) {
  const { t } = useTranslation();
  const set = (key: keyof CaseText) => (e: { currentTarget: { value: string } }) => onChange({ ...value, [key]: e.currentTarget.value });
  return (
    <fieldset className="case-fields" data-testid="case-fields">
      <legend>{t('caseFields.legend')}</legend>
      <label>
        {t('caseFields.source')}
        <input type="url" inputMode="url" autoComplete="off" value={value.sourceUrl} onChange={set('sourceUrl')} data-testid="case-source" placeholder="https://" />
      </label>
      <label>
        {t('caseFields.analyst')}
        <input type="text" autoComplete="name" value={value.analyst} onChange={set('analyst')} data-testid="case-analyst" />
      </label>
      <label>
        {t('caseFields.notes')}
        <textarea rows={3} value={value.notes} onChange={set('notes')} data-testid="case-notes" />
      </label>
    </fieldset>
  );
}
