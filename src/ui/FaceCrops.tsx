// The aligned face crops the models saw, one per sampled frame with a face, with each frame's
// score. One tab stop for the whole strip: the arrow keys, Home and End move between crops.
import { useTranslation } from 'react-i18next';
import type { FrameView } from './analysis-state';
import { FaceCanvas } from './FaceCanvas';
import { formatPercent, formatTime } from '../report/format';
import { framePerson, personColour, personName, topFace } from '../report/person';
import { PersonTag } from './PersonTag';
import { frameScoreText } from '../report/plain-words';
import { useRovingFocus } from './use-roving-focus';

interface Props {
  frames: FrameView[];
  drivers: Set<number>;
  selected: number | null;
  onSelect(index: number): void;
  /** Draw each crop's WS-DAN attention over it. */
  attention?: boolean;
  /** Set when the analysis was cancelled: the crops are what was done before. */
  partial: string | null;
}

export function FaceCrops({ frames, drivers, selected, onSelect, attention = false, partial }: Props) {
  const { t } = useTranslation();
  const crops = frames.filter((f) => f.crop !== null).sort((a, b) => a.frame.timeMs - b.frame.timeMs);
  const roving = useRovingFocus(
    crops.length,
    'both',
    crops.findIndex((c) => c.frame.index === selected),
  );
  if (crops.length === 0) return null;
  return (
    <section className={`crops${partial ? ' partial' : ''}`} aria-labelledby="crops-title">
      <h3 id="crops-title">
        {t('crops.title')}
        {partial && <span className="partial-badge">{t('job.partialBadge')}</span>}
      </h3>
      <div className="crop-grid" role="toolbar" aria-label={t('crops.toolbar')} data-testid="face-crops">
        {crops.map(({ frame, crop }, i) => {
          const person = framePerson(frame);
          const label = t('frame.label', { n: frame.index + 1, time: formatTime(frame.timeMs, true), person: personName(person), what: frame.score === null ? t('frame.notScored') : frameScoreText(frame.score) });
          return (
            <button
              key={frame.index}
              type="button"
              {...roving.itemProps<HTMLButtonElement>(i)}
              className={`crop${drivers.has(frame.index) ? ' crop-driver' : ''}${selected === frame.index ? ' crop-selected' : ''}`}
              onClick={() => onSelect(frame.index)}
              // The visible text (score, then person) first, as speech-input users say what they see.
              aria-label={t('crops.button', { score: frame.score === null ? t('frame.notScored') : formatPercent(frame.score), person: personName(person), label })}
              aria-pressed={selected === frame.index}
              data-frame-index={frame.index}
              data-person={person ?? ''}
              style={{ ['--person' as string]: personColour(person) }}
            >
              <FaceCanvas bitmap={crop!} attention={attention ? (topFace(frame)?.attention ?? null) : null} label={t('frame.aligned', { label })} />
              <span className="crop-score">{frame.score === null ? '–' : formatPercent(frame.score)}</span>
              <PersonTag track={person} />
            </button>
          );
        })}
      </div>
    </section>
  );
}
