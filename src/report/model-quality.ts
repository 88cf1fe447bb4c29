// A verdict is only as good as the models behind it: when their own validation metrics (from their
// manifests) say they barely separate real from fake, the page says so next to the verdict.
import { APP_CONFIG } from '../config';
import type { ModelInfo } from '../types';

/** The caution's headline, shown as large as the verdict's label. */
export const WEAK_MODELS_TITLE = 'The models behind this score are weak';

export function weakModelsWarning(models: readonly ModelInfo[]): string | null {
  const weighted = models.filter((m) => m.weight > 0);
  if (weighted.length === 0) return null;
  const unknown = weighted.filter((m) => m.metrics === null).map((m) => m.name);
  const floor = APP_CONFIG.weakModelAuc;
  const weak = weighted.filter((m) => m.metrics !== null && m.metrics.auc < floor);
  if (weak.length === 0 && unknown.length === 0) return null;
  const parts: string[] = [];
  if (weak.length > 0) {
    // Three decimals: 0.847 must not read as the 0.85 it falls short of.
    const aucs = weak.map((m) => `${m.name} ${m.metrics!.auc.toFixed(3)}`).join(', ');
    parts.push(`on held-out validation data ${weak.length === weighted.length ? 'every model' : 'some models'} separated real from fake faces less reliably than the ${floor.toFixed(2)} this page asks for (AUC ${aucs}; 0.5 is chance, 1 is perfect)`);
  }
  if (unknown.length > 0) parts.push(`${unknown.join(', ')} ${unknown.length === 1 ? 'has' : 'have'} no validation metrics`);
  return `Treat this score with caution: ${parts.join('; ')}.`;
}
