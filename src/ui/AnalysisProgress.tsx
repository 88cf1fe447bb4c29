// Progress by stage (decode, find faces, score) with the time left and a cancel button.
import { ANALYSIS_STAGES, formatEta, STAGE_LABELS, stageStatuses } from './format';
import type { Progress, Stage } from '../types';

interface Props extends Omit<Progress, 'stage'> {
  stage: Stage | null;
  waiting: boolean;
  onCancel(): void;
}

export function AnalysisProgress({ stage, done, total, etaMs, waiting, onCancel }: Props) {
  const statuses = stageStatuses(stage);
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : undefined;
  return (
    <div className="progress" data-testid="analysis-progress">
      <ol className="stages" aria-label="Analysis stages">
        {ANALYSIS_STAGES.map((s) => {
          const status = statuses[s as keyof typeof statuses];
          return (
            <li key={s} className={`stage stage-${status}`} aria-current={status === 'active' ? 'step' : undefined}>
              <span className="stage-mark" aria-hidden="true">
                {status === 'done' ? '✓' : status === 'active' ? '●' : '○'}
              </span>
              {STAGE_LABELS[s]}
              <span className="visually-hidden"> ({status})</span>
            </li>
          );
        })}
      </ol>
      <label htmlFor="analysis-bar" className="visually-hidden">
        Analysis progress
      </label>
      <progress id="analysis-bar" max={100} value={pct} />
      <p className="muted" aria-live="polite">
        {waiting
          ? 'Waiting for the models to finish loading…'
          : stage === null
            ? 'Opening the file…'
            : `${total > 0 ? `${done} of ${total} frames · ` : ''}${formatEta(etaMs)}`}
      </p>
      <button type="button" className="button-secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
