// The face detector's files by SHA-256, for the report. The models' hashes come from the worker
// (the bytes it verified, ModelInfo); the detector's files are loaded by tasks-vision's or tfjs's own
// loader, which check nothing, so the page reads and hashes the same same-origin files here: for
// tasks-vision the two .tflite models as written at build time (with their metadata) and its wasm
// runtime (loader and binary); for tfjs the graphs' model.json and weight files.
import { errorText } from '../failure';
import { sha256Hex } from '../sha256';
import {
  DETECTOR_FILES,
  DETECTOR_NAMES,
  TASKS_VISION_MODEL_DIR,
  TASKS_VISION_MODELS,
  TASKS_VISION_WASM_DIR,
  TASKS_VISION_WASM_FILES,
  UNSTARTED_DETECTOR_NAME,
  type FaceDetectorKind,
} from '../pipeline/detector-files';
import type { DetectorReport, FileHash } from '../report/api-types';

async function hashUrl(url: string): Promise<{ sha256: string; bytes: ArrayBuffer }> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const bytes = await res.arrayBuffer();
  return { sha256: await sha256Hex(bytes), bytes };
}

/** SHA-256 of the files of the face detector the worker runs (`kind`; null: none started). */
export async function readDetectorProvenance(baseUrl: string, kind: FaceDetectorKind | null): Promise<DetectorReport['faceDetector']> {
  if (kind === null) return { name: UNSTARTED_DETECTOR_NAME, files: [], provenanceError: 'the worker had not reported a face detector' };
  const base = baseUrl.replace(/\/?$/, '/');
  const name = DETECTOR_NAMES[kind];
  const files: FileHash[] = [];
  const add = async (path: string): Promise<ArrayBuffer> => {
    const { sha256, bytes } = await hashUrl(`${base}${path}`);
    files.push({ path, sha256, bytes: bytes.byteLength });
    return bytes;
  };
  try {
    if (kind === 'tasks-vision') {
      for (const m of Object.values(TASKS_VISION_MODELS)) await add(`${TASKS_VISION_MODEL_DIR}/${m}`);
      for (const f of TASKS_VISION_WASM_FILES) await add(`${TASKS_VISION_WASM_DIR}/${f}`);
    } else {
      for (const json of Object.values(DETECTOR_FILES)) {
        const bytes = await add(`detector/${json}`);
        const graph = JSON.parse(new TextDecoder().decode(bytes)) as { weightsManifest?: { paths?: string[] }[] };
        for (const w of (graph.weightsManifest ?? []).flatMap((m) => m.paths ?? [])) await add(`detector/${w}`);
      }
    }
    return { name, files, provenanceError: null };
  } catch (err) {
    return { name, files, provenanceError: `the face detector's files could not be read: ${errorText(err)}` };
  }
}
