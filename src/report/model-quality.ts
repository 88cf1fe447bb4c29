// A verdict is only as good as the models behind it: when their own validation metrics (from their
// manifests) say they barely separate real from fake, the page says so next to the verdict.
import { APP_CONFIG } from '../config';
import { t } from '../i18n/i18n';
import type { ModelInfo } from '../types';
import { formatDecimal } from './locale-numbers';

/** The caution's headline, shown as large as the verdict's label. */
export function weakModelsTitle(): string {
  return t('caution.title');
}

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
    const aucs = weak.map((m) => `${m.name} ${formatDecimal(m.metrics!.auc, 3)}`).join(', ');
    parts.push(t(weak.length === weighted.length ? 'caution.weakAll' : 'caution.weakSome', { floor: formatDecimal(floor, 2), aucs }));
  }
  if (unknown.length > 0) parts.push(t('caution.unknown', { count: unknown.length, names: unknown.join(', ') }));
  return t('caution.text', { parts: parts.join('; ') });
}
