// The verdict: a plain-language label (a heading, so screen-reader users jump to it), the
// probability with its interval, whether the models agree, which person it comes from and by what
// rule, and one sentence saying why. When the shipped models validated weakly, or the input is a poor
// copy (heavily compressed, blurred, small faces: report-warnings.ts verdictCautions, the same
// sentences as the reports' warnings), the caution carries the same weight as the label, and the
// input-quality reading sits under it. An error looks like an error, not like a verdict.
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisResult } from '../types';
import type { ModelInfo } from '../types';
import { basisText, faceCountText, formatDecimal, formatTime, verdictText } from '../report/format';
import { weakModelsTitle, weakModelsWarning } from '../report/model-quality';
import { agreementSentence, codecName, howToRead, intervalSentence } from '../report/plain-words';
import { qualityCautionTitle } from '../report/quality-words';
import { verdictCautions } from '../report/report-warnings';
import { InputQuality } from './InputQuality';

interface Props {
  result: AnalysisResult;
  models: ModelInfo[];
}

/** The ref is the heading's: the page scrolls to it and may focus it when a result arrives. */
export const Verdict = forwardRef<HTMLHeadingElement, Props>(function Verdict({ result, models }, ref) {
  const { t } = useTranslation();
  const v = verdictText(result);
  const b = basisText(result);
  const caution = result.score === null ? null : weakModelsWarning(models);
  const poor = verdictCautions(result);
  const plain = [intervalSentence(result), agreementSentence(result)].filter((t): t is string => t !== null);
  return (
    <div className={`verdict verdict-${v.kind}`} data-testid="verdict" data-label={result.error !== null ? 'error' : (result.label ?? 'none')}>
      <div className="verdict-heads">
        <h3 className="verdict-title" ref={ref} tabIndex={-1}>
          {v.title}
        </h3>
        {caution && (
          <p className="verdict-caution-title" data-testid="model-caution-title">
            {weakModelsTitle()}
          </p>
        )}
        {poor.length > 0 && (
          <p className="verdict-caution-title" data-testid="quality-caution-title">
            {qualityCautionTitle()}
          </p>
        )}
      </div>
      {v.score !== null && (
        <p className="verdict-score">
          <strong data-testid="verdict-score">{v.score}</strong> {t('verdict.chance')}
          {b.interval && (
            <span data-testid="verdict-interval">
              {' '}
              ({b.interval})
            </span>
          )}
        </p>
      )}
      {v.detail && <p className="verdict-detail">{v.detail}</p>}
      {caution && (
        <p className="verdict-caution" data-testid="model-caution">
          {caution}
        </p>
      )}
      {poor.map((text) => (
        <p key={text} className="verdict-caution" data-testid="quality-caution">
          {text}
        </p>
      ))}
      {plain.length > 0 && (
        <p className="small" data-testid="verdict-plain">
          {plain.join(' ')}
        </p>
      )}
      {b.person && <p data-testid="verdict-person">{b.person}</p>}
      {b.rule && (
        <p className="small" data-testid="verdict-rule">
          {t('verdict.rule', { rule: b.rule })}
        </p>
      )}
      {result.error === null && (
        <p className="muted">
          {/* The worker's reason usually says how many frames had a face; say it here only when it does not. */}
          {result.reason === null ? `${faceCountText(result)} · ` : ''}
          {result.video ? t('verdict.video', { width: result.video.width, height: result.video.height, duration: formatTime(result.video.durationMs), codec: codecName(result.video.codec) }) : ''}
          {/* Only the software decoder is named: it is slower, and a reader comparing runs should know. */}
          {result.video?.decoder && /ffmpeg/.test(result.video.decoder) ? <span data-testid="verdict-decoder">{t('verdict.decoder', { decoder: result.video.decoder })}</span> : null}
          {t('verdict.took', { seconds: formatDecimal(result.timings.totalMs / 1000, 1) })}
        </p>
      )}
      {result.error === null && result.quality && <InputQuality quality={result.quality} />}
      {v.kind !== 'error' && (
        <aside className="how-to-read small" aria-labelledby="how-to-read-title" data-testid="how-to-read">
          <h4 id="how-to-read-title">{t('verdict.howTitle')}</h4>
          <ul>
            {howToRead().map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p>{t('verdict.howEnd')}</p>
        </aside>
      )}
    </div>
  );
});
