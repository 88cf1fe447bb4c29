// The aligned face crops the models saw, one per sampled frame with a face, with each frame's score.
import type { FrameView } from './analysis-state';
import { FaceCanvas } from './FaceCanvas';
import { formatPercent, formatTime } from './format';
import { topFace } from './people';

interface Props {
  frames: FrameView[];
  drivers: Set<number>;
  selected: number | null;
  onSelect(index: number): void;
  /** Draw each crop's WS-DAN attention over it. */
  attention?: boolean;
}

export function FaceCrops({ frames, drivers, selected, onSelect, attention = false }: Props) {
  const crops = frames.filter((f) => f.crop !== null).sort((a, b) => a.frame.timeMs - b.frame.timeMs);
  if (crops.length === 0) return null;
  return (
    <section className="crops" aria-labelledby="crops-title">
      <h3 id="crops-title">Aligned faces the models scored</h3>
      <ul className="crop-grid" data-testid="face-crops">
        {crops.map(({ frame, crop }) => {
          const label = `Frame ${frame.index + 1} at ${formatTime(frame.timeMs, true)}: ${frame.score === null ? 'not scored' : `${formatPercent(frame.score)} manipulated`}`;
          return (
            <li key={frame.index} className={`crop${drivers.has(frame.index) ? ' crop-driver' : ''}${selected === frame.index ? ' crop-selected' : ''}`}>
              <button type="button" onClick={() => onSelect(frame.index)} aria-label={`Show ${label}`}>
                <FaceCanvas bitmap={crop!} attention={attention ? (topFace(frame)?.attention ?? null) : null} label={`Aligned face, ${label}`} />
                <span className="crop-score">{frame.score === null ? '–' : formatPercent(frame.score)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
