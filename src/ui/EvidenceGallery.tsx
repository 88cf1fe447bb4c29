// The most suspicious frames first: their face crops, time and score; a click selects the frame
// (and seeks the video). Props are a plain list (evidence.ts). One tab stop, arrow keys inside.
import { useTranslation } from 'react-i18next';
import type { EvidenceItem } from '../report/evidence';
import { BitmapCanvas } from './BitmapCanvas';
import { formatPercent, formatTime } from '../report/format';
import { personColour, personName } from '../report/person';
import { PersonTag } from './PersonTag';
import { frameScoreText } from '../report/plain-words';
import { useRovingFocus } from './use-roving-focus';

interface Props {
  items: EvidenceItem<ImageBitmap>[];
  selected: number | null;
  onSelect(frameIndex: number): void;
}

export function EvidenceGallery({ items, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const roving = useRovingFocus(
    items.length,
    'both',
    items.findIndex((item) => item.frameIndex === selected),
  );
  if (items.length === 0) return null;
  return (
    <section className="evidence" aria-labelledby="evidence-title">
      <h3 id="evidence-title">{t('gallery.title')}</h3>
      <ol className="evidence-grid" data-testid="evidence-gallery">
        {items.map((item, i) => {
          const label = t('frame.label', { n: item.frameIndex + 1, time: formatTime(item.timeMs, true), person: personName(item.person), what: frameScoreText(item.score) });
          return (
            <li key={item.frameIndex} className={`evidence-item${selected === item.frameIndex ? ' evidence-selected' : ''}`} data-frame-index={item.frameIndex} data-person={item.person ?? ''} style={{ ['--person' as string]: personColour(item.person) }}>
              <button type="button" {...roving.itemProps<HTMLButtonElement>(i)} onClick={() => onSelect(item.frameIndex)} aria-pressed={selected === item.frameIndex}>
                {item.crop ? <BitmapCanvas bitmap={item.crop} label={t('frame.aligned', { label })} /> : <span className="evidence-none">{t('frame.noPicture')}</span>}
                <span className="evidence-score">{formatPercent(item.score)}</span>
                <PersonTag track={item.person} />
                <span className="evidence-time muted small">{formatTime(item.timeMs, true)}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
