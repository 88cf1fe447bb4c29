// The frame the user picked, with every face found in it outlined in its person's colour, named
// and scored (a face too small or unsure to score in grey). Escape closes it (as the Close button
// does); JobPanel then returns focus to the point or crop that opened it.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FrameView } from './analysis-state';
import { BitmapCanvas } from './BitmapCanvas';
import { formatPercent, formatTime } from '../report/format';
import { faceBoxes } from './person-view';
import { framePerson, personName } from '../report/person';
import { PersonTag } from './PersonTag';
import { frameScoreText } from '../report/plain-words';

export function FramePreview({ view, onClose }: { view: FrameView; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { frame, image, scale } = view;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  // The boxes' labels are words too: made again in a new language.
  const boxes = useMemo(() => faceBoxes(frame, scale), [frame, scale, i18n.language]);
  const title = t('frame.at', { n: frame.index + 1, time: formatTime(frame.timeMs, true) });
  const scored = frame.faces.filter((f) => f.pFake !== null);
  const unscored = frame.faces.length - scored.length;
  const described = boxes.map((b) => b.label).join('; ');
  return (
    <section className="preview" aria-label={title} data-testid="frame-preview">
      <header className="preview-header">
        <h3>
          {title}: {frameScoreText(frame.score)}
          {frame.score !== null && scored.length > 1 ? t('preview.mostSuspicious', { person: personName(framePerson(frame)) }) : ''}
        </h3>
        <button type="button" className="button-secondary" onClick={onClose} aria-keyshortcuts="Escape">
          {t('preview.close')}
        </button>
      </header>
      {image ? (
        <BitmapCanvas bitmap={image} boxes={boxes} label={t('preview.picture', { title, faces: boxes.length === 0 ? t('preview.noFace') : t('preview.outlined', { faces: described }) })} className="preview-image" />
      ) : (
        <p className="muted">{t('preview.unavailable')}</p>
      )}
      {frame.faces.length > 0 && (
        <ul className="preview-faces small" data-testid="preview-faces">
          {scored.map((f, i) => (
            <li key={i} data-person={f.track ?? ''}>
              <PersonTag track={f.track} />: {formatPercent(f.pFake!)}
            </li>
          ))}
          {unscored > 0 && (
            <li className="muted">
              {t('preview.unscored', { count: unscored })}
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
