// The face detector's graph files by SHA-256, for the report. The models' hashes come from the
// worker (the bytes it verified, ModelInfo); the detector's graphs are loaded by tfjs's own loader,
// which checks nothing, so the page reads and hashes the same same-origin files here.
import { sha256Hex } from '../models/manifest';
import { DETECTOR_FILES, DETECTOR_NAME } from '../pipeline/detector-files';
import type { DetectorReport, FileHash } from './api-types';

async function hashUrl(url: string): Promise<{ sha256: string; bytes: ArrayBuffer }> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const bytes = await res.arrayBuffer();
  return { sha256: await sha256Hex(bytes), bytes };
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
