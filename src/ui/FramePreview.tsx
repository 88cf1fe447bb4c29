// The frame the user picked, with every face found in it outlined in its person's colour, named
// and scored (a face too small or unsure to score in grey). Escape closes it (as the Close button
// does); JobPanel then returns focus to the point or crop that opened it.
import { useEffect, useMemo } from 'react';
import type { FrameView } from './analysis-state';
import { BitmapCanvas } from './BitmapCanvas';
import { formatPercent, formatTime } from '../report/format';
import { faceBoxes } from './person-view';
import { framePerson, personName } from '../report/person';
import { PersonTag } from './PersonTag';
import { frameScoreText } from '../report/plain-words';

export function FramePreview({ view, onClose }: { view: FrameView; onClose(): void }) {
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
  const boxes = useMemo(() => faceBoxes(frame, scale), [frame, scale]);
  const title = `Frame ${frame.index + 1} at ${formatTime(frame.timeMs, true)}`;
  const scored = frame.faces.filter((f) => f.pFake !== null);
  const unscored = frame.faces.length - scored.length;
  const described = boxes.map((b) => b.label).join('; ');
  return (
    <section className="preview" aria-label={title} data-testid="frame-preview">
      <header className="preview-header">
        <h3>
          {title}: {frameScoreText(frame.score)}
          {frame.score !== null && scored.length > 1 ? ` (${personName(framePerson(frame))}, the most suspicious face)` : ''}
        </h3>
        <button type="button" className="button-secondary" onClick={onClose} aria-keyshortcuts="Escape">
          Close
        </button>
      </header>
      {image ? (
        <BitmapCanvas bitmap={image} boxes={boxes} label={`${title}, ${boxes.length === 0 ? 'no face found' : `faces outlined: ${described}`}`} className="preview-image" />
      ) : (
        <p className="muted">This frame's picture is not available.</p>
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
              {unscored === 1 ? 'One face was' : `${unscored} faces were`} found but too small to score, outlined in grey.
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
