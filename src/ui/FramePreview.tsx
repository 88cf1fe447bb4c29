// The frame the user picked, with the face that was scored outlined. Escape closes it (as the
// Close button does); JobPanel then returns focus to the point or crop that opened it.
import { useEffect } from 'react';
import type { FrameView } from './analysis-state';
import { BitmapCanvas } from './BitmapCanvas';
import { formatPercent, formatTime } from './format';

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
  const box = frame.box && { x: frame.box.x * scale, y: frame.box.y * scale, width: frame.box.width * scale, height: frame.box.height * scale };
  const title = `Frame ${frame.index + 1} at ${formatTime(frame.timeMs, true)}`;
  return (
    <section className="preview" aria-label={title} data-testid="frame-preview">
      <header className="preview-header">
        <h3>
          {title}: {frame.score === null ? 'no usable face' : `${formatPercent(frame.score)} manipulated`}
        </h3>
        <button type="button" className="button-secondary" onClick={onClose} aria-keyshortcuts="Escape">
          Close
        </button>
      </header>
      {image ? (
        <BitmapCanvas bitmap={image} box={box} label={`${title}, face outlined`} className="preview-image" />
      ) : (
        <p className="muted">This frame's picture is not available.</p>
      )}
      {frame.faces.length > 1 && <p className="muted small">{frame.faces.length} faces found in this frame; the largest was scored.</p>}
    </section>
  );
}
