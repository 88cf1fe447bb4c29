// One row per person the analysis tracked: score with its interval, a few face crops, and a button
// that shows that person's most suspicious frame. The buttons are one tab stop (arrow keys move
// between people), like the timeline and the crops.
import { INTERVAL_LEVEL } from '../config';
import type { AnalysisResult } from '../types';
import type { FrameView } from './analysis-state';
import { FaceCanvas } from './FaceCanvas';
import { formatInterval, formatPercent, formatTime } from '../report/format';
import { personThumbnails } from './person-view';
import { personColour, personInterval, personName } from '../report/person';
import { PersonTag } from './PersonTag';
import { useRovingFocus } from './use-roving-focus';

interface Props {
  result: AnalysisResult;
  frames: FrameView[];
  /** Draw the attention over the crops. */
  attention: boolean;
  onSelect(index: number): void;
}

/** Crops shown per person. */
const THUMBS = 4;

export function People({ result, frames, attention, onSelect }: Props) {
  const roving = useRovingFocus(result.tracks.length, 'vertical');
  if (result.tracks.length === 0) return null;
  const n = result.frames.length;
  const timeOf = (index: number) => result.frames.find((f) => f.index === index)?.timeMs ?? 0;
  return (
    <section className="people" aria-labelledby="people-title">
      <h3 id="people-title">
        {result.tracks.length === 1 ? 'One person' : `${result.tracks.length} people`} (faces followed across frames)
      </h3>
      <ul className="people-list" data-testid="people">
        {result.tracks.map((t, i) => {
          const decides = result.basis?.track === t.id;
          return (
            <li key={t.id} className={`person${decides ? ' person-decides' : ''}`} data-track={t.id} style={{ ['--person' as string]: personColour(t.id) }}>
              <p className="person-head">
                <strong>
                  <PersonTag track={t.id} />
                </strong>
                : {formatPercent(t.score)} <span className="muted" data-testid="person-interval">({INTERVAL_LEVEL} interval {formatInterval(personInterval(result, t))})</span>, in {t.frames.length} of {n}{' '}
                frames, face about {Math.round(t.faceSize)}&nbsp;px wide{decides ? ' · the verdict comes from this person' : ''}
              </p>
              <ul className="person-thumbs">
                {personThumbnails(t, frames, THUMBS).map((th) => (
                  <li key={th.frameIndex}>
                    <FaceCanvas bitmap={th.bitmap} attention={attention ? th.attention : null} label={`${personName(t.id)} at ${formatTime(timeOf(th.frameIndex), true)}: ${formatPercent(th.pFake)}`} />
                    <span className="crop-score">{formatPercent(th.pFake)}</span>
                  </li>
                ))}
              </ul>
              <button type="button" {...roving.itemProps<HTMLButtonElement>(i)} onClick={() => onSelect(t.peakFrame)} data-testid="person-peak">
                Show most suspicious frame ({formatTime(timeOf(t.peakFrame), true)})
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
