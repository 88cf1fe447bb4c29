// The verdict: a plain-language label, the probability, and one sentence saying why.
import type { AnalysisResult } from '../types';
import type { ModelInfo } from '../worker/protocol';
import { faceCountText, formatTime, verdictText } from './format';
import { weakModelsWarning } from './model-quality';

export function Verdict({ result, models }: { result: AnalysisResult; models: ModelInfo[] }) {
  const v = verdictText(result);
  const caution = result.score === null ? null : weakModelsWarning(models);
  return (
    <div className={`verdict verdict-${v.kind}`} role="status" data-testid="verdict" data-label={result.error !== null ? 'error' : (result.label ?? 'none')}>
      <p className="verdict-title">{v.title}</p>
      {v.score !== null && (
        <p className="verdict-score">
          <strong data-testid="verdict-score">{v.score}</strong> estimated chance that the faces were manipulated
        </p>
      )}
      {v.detail && <p className="verdict-detail">{v.detail}</p>}
      {caution && (
        <p className="verdict-caution" data-testid="model-caution">
          {caution}
        </p>
      )}
      {result.error === null && (
        <p className="muted">
          {/* The worker's reason usually says how many frames had a face; say it here only when it does not. */}
          {result.reason === null ? `${faceCountText(result)} · ` : ''}
          {result.video ? `${result.video.width}×${result.video.height}, ${formatTime(result.video.durationMs)}, ${result.video.codec} · ` : ''}
          {`analysed in ${(result.timings.totalMs / 1000).toFixed(1)}\u00a0s`}
        </p>
      )}
      {v.kind !== 'error' && (
        <p className="muted small">A score is evidence to weigh, not proof: check the frames below and the source of the video.</p>
      )}
    </div>
  );
}
