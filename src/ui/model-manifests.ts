// Reads each model's manifest.json and the face detector's files from the page's own origin and
// hashes them, for the report.
// The worker checks every weight file against these hashes before use; the page only records them.
import { DETECTOR_FILES, DETECTOR_NAME } from '../pipeline/detector-files';
import type { DetectorReport, FileHash } from './api-types';
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

async function hashUrl(url: string): Promise<{ sha256: string; bytes: ArrayBuffer }> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const bytes = await res.arrayBuffer();
  return { sha256: toHex(await crypto.subtle.digest('SHA-256', bytes)), bytes };
}

/** SHA-256 of the face detector's graph files (model.json and the weight files it names). */
export async function readDetectorProvenance(baseUrl: string): Promise<DetectorReport['faceDetector']> {
  const base = baseUrl.replace(/\/?$/, '/');
  const files: FileHash[] = [];
  try {
    for (const json of Object.values(DETECTOR_FILES)) {
      const path = `detector/${json}`;
      const { sha256, bytes } = await hashUrl(`${base}${path}`);
      files.push({ path, sha256, bytes: bytes.byteLength });
      const graph = JSON.parse(new TextDecoder().decode(bytes)) as { weightsManifest?: { paths?: string[] }[] };
      for (const w of (graph.weightsManifest ?? []).flatMap((m) => m.paths ?? [])) {
        const wPath = `detector/${w}`;
        const h = await hashUrl(`${base}${wPath}`);
        files.push({ path: wPath, sha256: h.sha256, bytes: h.bytes.byteLength });
      }
    }
    return { name: DETECTOR_NAME, files, provenanceError: null };
  } catch (err) {
    return { name: DETECTOR_NAME, files, provenanceError: `the face detector's files could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}
