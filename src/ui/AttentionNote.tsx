// The switch for the attention overlay and what it can and cannot say.
import { useTranslation } from 'react-i18next';

interface Props {
  on: boolean;
  onChange(on: boolean): void;
  /** Side of the attention grid, when one came back. */
  side: number | null;
}

export function AttentionNote({ on, onChange, side }: Props) {
  const { t } = useTranslation();
  if (side === null) return null;
  return (
    <div className="attention-note">
      <label>
        <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} data-testid="attention-toggle" /> {t('attention.toggle')}
      </label>
      <p className="small" data-testid="attention-caption">
        {t('attention.caption', { side })}
      </p>
    </div>
  );
}
