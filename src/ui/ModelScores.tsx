// Each model's own video-level score, its weight in the ensemble and its validation metrics, and
// what the models were trained on and where they are weaker (manifest.about), in plain words.
import type { AnalysisResult } from '../types';
import type { ModelInfo } from '../types';
import { formatPercent } from '../report/format';
import { modelPlainName } from '../report/plain-words';

export function ModelScores({ result, models }: { result: AnalysisResult; models: ModelInfo[] }) {
  const names = models.length > 0 ? models.map((m) => m.name) : Object.keys(result.models);
  if (names.length === 0) return null;
  const info = new Map(models.map((m) => [m.name, m]));
  // Members trained together say the same thing: each sentence once.
  const about = [...new Set(models.map((m) => m.about).filter((a): a is string => a !== null))];
  return (
    <section className="models" aria-labelledby="models-title">
      <h3 id="models-title">Each model's score</h3>
      <table data-testid="model-scores">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Chance of manipulation</th>
            <th scope="col">Share of the verdict</th>
            <th scope="col">Tested on faces it never saw</th>
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
                <td>{score === undefined ? 'not scored' : formatPercent(score)}</td>
                <td>{m ? `${Math.round(m.weight * 100)}%` : '–'}</td>
                <td>{m?.metrics ? `AUC ${m.metrics.auc.toFixed(3)} on ${m.metrics.n} faces` : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small" data-testid="models-explained">
        Each model scores every face on its own; the verdict combines them by their share. AUC says how well a model told real from
        manipulated faces it was not trained on: 0.5 is a coin toss, 1 is never wrong.
      </p>
      {about.map((a) => (
        <p key={a} className="muted" data-testid="models-about">
          <strong>What the models know:</strong> {a}
        </p>
      ))}
    </section>
  );
}
