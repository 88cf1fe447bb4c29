// The verdict: a plain-language label (a heading, so screen-reader users jump to it), the
// probability with its interval, whether the models agree, which person it comes from and by what
// rule, and one sentence saying why. When the shipped models validated weakly, or the input is a poor
// copy (heavily compressed, blurred, small faces: report-warnings.ts verdictCautions, the same
// sentences as the reports' warnings), the caution carries the same weight as the label, and the
// input-quality reading sits under it. An error looks like an error, not like a verdict.
import { forwardRef } from 'react';
import type { AnalysisResult } from '../types';
import type { ModelInfo } from '../types';
import { basisText, faceCountText, formatTime, verdictText } from '../report/format';
import { WEAK_MODELS_TITLE, weakModelsWarning } from '../report/model-quality';
import { agreementSentence, codecName, HOW_TO_READ, intervalSentence } from '../report/plain-words';
import { QUALITY_CAUTION_TITLE } from '../report/quality-words';
import { verdictCautions } from '../report/report-warnings';
import { InputQuality } from './InputQuality';

interface Props {
  result: AnalysisResult;
  models: ModelInfo[];
}

/** The ref is the heading's: the page scrolls to it and may focus it when a result arrives. */
export const Verdict = forwardRef<HTMLHeadingElement, Props>(function Verdict({ result, models }, ref) {
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
            {WEAK_MODELS_TITLE}
          </p>
        )}
        {poor.length > 0 && (
          <p className="verdict-caution-title" data-testid="quality-caution-title">
            {QUALITY_CAUTION_TITLE}
          </p>
        )}
      </div>
      {v.score !== null && (
        <p className="verdict-score">
          <strong data-testid="verdict-score">{v.score}</strong> estimated chance that the faces were manipulated
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
          How the video is scored: {b.rule}
        </p>
      )}
      {result.error === null && (
        <p className="muted">
          {/* The worker's reason usually says how many frames had a face; say it here only when it does not. */}
          {result.reason === null ? `${faceCountText(result)} · ` : ''}
          {result.video ? `${result.video.width}×${result.video.height}, ${formatTime(result.video.durationMs)}, ${codecName(result.video.codec)} · ` : ''}
          {/* Only the software decoder is named: it is slower, and a reader comparing runs should know. */}
          {result.video?.decoder && /ffmpeg/.test(result.video.decoder) ? <span data-testid="verdict-decoder">{`decoded by the page's software decoder (${result.video.decoder}) · `}</span> : null}
          {`analysed in ${(result.timings.totalMs / 1000).toFixed(1)}\u00a0s`}
        </p>
      )}
      {result.error === null && result.quality && <InputQuality quality={result.quality} />}
      {v.kind !== 'error' && (
        <aside className="how-to-read small" aria-labelledby="how-to-read-title" data-testid="how-to-read">
          <h4 id="how-to-read-title">How to read this</h4>
          <ul>
            {HOW_TO_READ.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
          <p>A score is evidence to weigh, not proof.</p>
        </aside>
      )}
    </div>
  );
});
