// Reads each model's manifest.json from the page's own origin and hashes it, for the report.
// The worker checks every weight file against these hashes before use; the page only records them.
import { toHex, type ModelProvenance } from './report';

interface ManifestShape {
  files?: { path: string; sha256: string; bytes: number }[];
  metrics?: { auc: number; logloss: number; acc: number; n: number };
  config?: { name?: string };
}

export function manifestUrl(baseUrl: string, name: string): string {
  return `${baseUrl.replace(/\/?$/, '/')}models/${encodeURIComponent(name)}/manifest.json`;
}

export async function readProvenance(baseUrl: string, name: string): Promise<ModelProvenance> {
  const empty = { name, manifestSha256: null, files: [], metrics: null, config: null };
  try {
    const res = await fetch(manifestUrl(baseUrl, name), { cache: 'no-store' });
    if (!res.ok) return { ...empty, error: `manifest.json answered HTTP ${res.status}` };
    const bytes = await res.arrayBuffer();
    const sha = toHex(await crypto.subtle.digest('SHA-256', bytes));
    const m = JSON.parse(new TextDecoder().decode(bytes)) as ManifestShape;
    return {
      name,
      manifestSha256: sha,
      files: Array.isArray(m.files) ? m.files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })) : [],
      metrics: m.metrics ?? null,
      config: m.config?.name ?? null,
      error: null,
    };
  } catch (err) {
    return { ...empty, error: `manifest.json could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}
