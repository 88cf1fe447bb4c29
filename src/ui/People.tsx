// One row per person the analysis tracked: score with its interval, a few face crops, and a button
// that shows that person's most suspicious frame. The buttons are one tab stop (arrow keys move
// between people), like the timeline and the crops.
import { useTranslation } from 'react-i18next';
import type { AnalysisResult } from '../types';
import type { FrameView } from './analysis-state';
import { FaceCanvas } from './FaceCanvas';
import { formatInterval, formatPercent, formatTime, intervalLevel } from '../report/format';
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
  const { t } = useTranslation();
  const roving = useRovingFocus(result.tracks.length, 'vertical');
  if (result.tracks.length === 0) return null;
  const n = result.frames.length;
  const timeOf = (index: number) => result.frames.find((f) => f.index === index)?.timeMs ?? 0;
  return (
    <section className="people" aria-labelledby="people-title">
      <h3 id="people-title">
        {result.tracks.length === 1 ? t('person.one') : t('person.many', { count: result.tracks.length })}
        {t('person.followed')}
      </h3>
      <ul className="people-list" data-testid="people">
        {result.tracks.map((tr, i) => {
          const decides = result.basis?.track === tr.id;
          return (
            <li key={tr.id} className={`person${decides ? ' person-decides' : ''}`} data-track={tr.id} style={{ ['--person' as string]: personColour(tr.id) }}>
              <p className="person-head">
                <strong>
                  <PersonTag track={tr.id} />
                </strong>
                : {formatPercent(tr.score)}{' '}
                <span className="muted" data-testid="person-interval">
                  {t('person.interval', { level: intervalLevel(), range: formatInterval(personInterval(result, tr)) })}
                </span>
                {t('person.row', { seen: tr.frames.length, frames: n, px: Math.round(tr.faceSize) })}
                {decides ? t('person.decides') : ''}
              </p>
              <ul className="person-thumbs">
                {personThumbnails(tr, frames, THUMBS).map((th) => (
                  <li key={th.frameIndex}>
                    <FaceCanvas bitmap={th.bitmap} attention={attention ? th.attention : null} label={t('person.thumb', { person: personName(tr.id), time: formatTime(timeOf(th.frameIndex), true), score: formatPercent(th.pFake) })} />
                    <span className="crop-score">{formatPercent(th.pFake)}</span>
                  </li>
                ))}
              </ul>
              <button type="button" {...roving.itemProps<HTMLButtonElement>(i)} onClick={() => onSelect(tr.peakFrame)} data-testid="person-peak">
                {t('person.peak', { time: formatTime(timeOf(tr.peakFrame), true) })}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
