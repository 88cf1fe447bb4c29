// Progress of one file: three steps that only move forward (opening, analysing frames, verdict),
// which frame is being worked on and what is done to it, the time left and a cancel button.
// Not a live region: the page's announcer (App) says when the step changes, not every frame.
import { useTranslation } from 'react-i18next';
import { ANALYSIS_STEPS, formatEta, progressDetail, stepLabel, stepStatuses } from '../report/format';
import type { Progress, Stage } from '../types';

interface Props extends Omit<Progress, 'stage'> {
  stage: Stage | null;
  waiting: boolean;
  onCancel(): void;
}

export function AnalysisProgress({ stage, done, total, etaMs, waiting, onCancel }: Props) {
  const { t } = useTranslation();
  const statuses = stepStatuses(stage);
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : undefined;
  return (
    <div className="progress" data-testid="analysis-progress">
      <ol className="stages" aria-label={t('progress.steps')}>
        {ANALYSIS_STEPS.map((s) => {
          const status = statuses[s];
          return (
            <li key={s} className={`stage stage-${status}`} data-step={s} aria-current={status === 'active' ? 'step' : undefined}>
              <span className="stage-mark" aria-hidden="true">
                {status === 'done' ? '✓' : status === 'active' ? '●' : '○'}
              </span>
              {stepLabel(s)}
              <span className="visually-hidden"> ({t(`progress.status.${status}`)})</span>
            </li>
          );
        })}
      </ol>
      <label htmlFor="analysis-bar" className="visually-hidden">
        {t('progress.bar')}
      </label>
      <progress id="analysis-bar" max={100} value={pct} />
      <p className="muted" data-testid="progress-detail">
        {waiting ? t('progress.waiting') : `${progressDetail(stage, done, total)}${stage === null ? '' : ` · ${formatEta(etaMs)}`}`}
      </p>
      <button type="button" className="button-secondary" onClick={onCancel}>
        {t('progress.cancel')}
      </button>
    </div>
  );
}
