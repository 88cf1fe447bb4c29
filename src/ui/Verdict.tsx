// The verdict: a plain-language label, the probability, and one sentence saying why.
import type { AnalysisResult } from '../types';
import { faceCountText, formatTime, verdictText } from './format';

export function Verdict({ result }: { result: AnalysisResult }) {
  const v = verdictText(result);
  return (
    <div className={`verdict verdict-${v.kind}`} role="status" data-testid="verdict" data-label={result.label ?? 'error'}>
      <p className="verdict-title">{v.title}</p>
      {v.score !== null && (
        <p className="verdict-score">
          <strong data-testid="verdict-score">{v.score}</strong> estimated chance that the faces were manipulated
        </p>
      )}
      {v.detail && <p className="verdict-detail">{v.detail}</p>}
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
