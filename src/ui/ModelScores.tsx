// Each model's own video-level score, its weight in the ensemble and its validation metrics, and
// what the models were trained on and where they are weaker (manifest.about), in plain words.
import type { AnalysisResult } from '../types';
import type { ModelInfo } from '../worker/protocol';
import { formatPercent } from './format';

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
            <th scope="col">P(manipulated)</th>
            <th scope="col">Weight</th>
            <th scope="col">Validation AUC</th>
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const m = info.get(name);
            const score = result.models[name];
            return (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{score === undefined ? 'not scored' : formatPercent(score)}</td>
                <td>{m ? m.weight.toFixed(2) : '–'}</td>
                <td>{m?.metrics ? `${m.metrics.auc.toFixed(3)} (n=${m.metrics.n})` : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {about.map((a) => (
        <p key={a} className="muted" data-testid="models-about">
          <strong>What the models know:</strong> {a}
        </p>
      ))}
    </section>
  );
}
