// Each model's own video-level score, its weight in the ensemble and its validation metrics, and
// what the models were trained on and where they are weaker (manifest.about), in plain words.
import { useTranslation } from 'react-i18next';
import type { AnalysisResult } from '../types';
import type { ModelInfo } from '../types';
import { formatDecimal, formatPercent } from '../report/format';
import { formatShare } from '../report/locale-numbers';
import { modelPlainName } from '../report/plain-words';

export function ModelScores({ result, models }: { result: AnalysisResult; models: ModelInfo[] }) {
  const { t } = useTranslation();
  const names = models.length > 0 ? models.map((m) => m.name) : Object.keys(result.models);
  if (names.length === 0) return null;
  const info = new Map(models.map((m) => [m.name, m]));
  // Members trained together say the same thing: each sentence once.
  const about = [...new Set(models.map((m) => m.about).filter((a): a is string => a !== null))];
  return (
    <section className="models" aria-labelledby="models-title">
      <h3 id="models-title">{t('model.title')}</h3>
      <table data-testid="model-scores">
        <thead>
          <tr>
            <th scope="col">{t('model.colModel')}</th>
            <th scope="col">{t('model.colChance')}</th>
            <th scope="col">{t('model.colShare')}</th>
            <th scope="col">{t('model.colTested')}</th>
          </tr>
        </thead>
        <tbody>
          {names.map((name, position) => {
            const m = info.get(name);
            const score = result.models[name];
            return (
              <tr key={name}>
                <th scope="row">
                  {modelPlainName(name, position, m?.architecture)} <span className="muted small">({name})</span>
                </th>
                <td>{score === undefined ? t('model.notScored') : formatPercent(score)}</td>
                <td>{m ? formatShare(m.weight) : '–'}</td>
                <td>{m?.metrics ? t('model.auc', { auc: formatDecimal(m.metrics.auc, 3), n: m.metrics.n }) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small" data-testid="models-explained">
        {t('model.explained')}
      </p>
      {about.map((a) => (
        <p key={a} className="muted" data-testid="models-about">
          <strong>{t('model.know')}</strong> {a}
        </p>
      ))}
    </section>
  );
}
