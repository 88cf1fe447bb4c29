import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../types';
import { weakModelsWarning } from './model-quality';

const model = (name: string, auc: number | null, weight = 0.5): ModelInfo => ({
  name,
  architecture: name,
  inputSize: 96,
  weight,
  metrics: auc === null ? null : { auc, logloss: 0.6, acc: 0.7, n: 3000 },
  config: null,
  manifestSha256: null,
  files: [],
  backbone: null,
  about: null,
});

describe('weakModelsWarning', () => {
  it('stays silent for models that validated well', () => {
    expect(weakModelsWarning([model('a', 0.91), model('b', 0.86)])).toBeNull();
    expect(weakModelsWarning([])).toBeNull();
  });
  it('names weak models with their AUC', () => {
    expect(weakModelsWarning([model('a', 0.53), model('b', 0.567)])).toBe(
      'Treat this score with caution: on held-out validation data every model separated real from fake faces less reliably than the 0.85 this page asks for (AUC a 0.530, b 0.567; 0.5 is chance, 1 is perfect).',
    );
    expect(weakModelsWarning([model('a', 0.9), model('b', 0.6)])).toMatch(/some models .* b 0\.600/);
    // Just under the floor is still under it, and says so without rounding up to it.
    expect(weakModelsWarning([model('a', 0.847)])).toMatch(/a 0\.847/);
  });
  it('names models without metrics, and ignores unweighted ones', () => {
    expect(weakModelsWarning([model('a', 0.9), model('c', null)])).toBe('Treat this score with caution: c has no validation metrics.');
    expect(weakModelsWarning([model('a', 0.9), model('z', 0.5, 0)])).toBeNull();
  });
});
