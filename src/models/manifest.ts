// public/models/<name>/manifest.json: validation with exact messages (the first problem found, by
// field), and SHA-256 checks of every file before its bytes are used, so that a corrupted, truncated
// or swapped shard is refused by name instead of producing silently wrong scores.
import { parseArchConfig } from './arch/index';
import type { FileHash } from '../types';
import type { Architecture, ModelManifest } from './types';
import { sha256Hex } from '../sha256';

export { sha256Hex, toHex } from '../sha256';

const ARCHITECTURES: Architecture[] = ['wsdan-xception', 'wsdan-efficientnet-b3', 'xception'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(field: string, problem: string): never {
  throw new Error(`manifest.json: "${field}" ${problem}`);
}

function str(o: Record<string, unknown>, key: string, field = key): string {
  const v = o[key];
  if (v === undefined) fail(field, 'is missing');
  if (typeof v !== 'string' || v === '') fail(field, `must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function num(o: Record<string, unknown>, key: string, field = key): number {
  const v = o[key];
  if (v === undefined) fail(field, 'is missing');
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

function obj(o: Record<string, unknown>, key: string, field = key): Record<string, unknown> {
  const v = o[key];
  if (v === undefined) fail(field, 'is missing');
  if (!isRecord(v)) fail(field, 'must be an object');
  return v;
}

function triple(o: Record<string, unknown>, key: string, field: string, positive: boolean): [number, number, number] {
  const v = o[key];
  if (v === undefined) fail(field, 'is missing');
  if (!Array.isArray(v) || v.length !== 3 || v.some((x) => typeof x !== 'number' || !Number.isFinite(x) || (positive && x <= 0))) {
    fail(field, `must be 3 ${positive ? 'positive ' : ''}numbers (R, G, B), got ${JSON.stringify(v)}`);
  }
  return v as [number, number, number];
}

function parseFile(v: unknown, i: number): FileHash {
  const field = `files[${i}]`;
  if (!isRecord(v)) fail(field, 'must be an object {path, sha256, bytes}');
  const path = str(v, 'path', `${field}.path`);
  // Paths are relative to the model folder: no escaping it, no absolute URLs.
  if (path.startsWith('/') || path.includes('..') || path.includes('\\') || /^[a-z]+:/i.test(path)) fail(`${field}.path`, `must be a plain relative path, got ${JSON.stringify(path)}`);
  const sha256 = str(v, 'sha256', `${field}.sha256`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) fail(`${field}.sha256`, 'must be 64 lower-case hex digits');
  const bytes = num(v, 'bytes', `${field}.bytes`);
  if (!Number.isInteger(bytes) || bytes < 0) fail(`${field}.bytes`, `must be a non-negative integer, got ${bytes}`);
  return { path, sha256, bytes };
}

/** Validate parsed JSON as a ModelManifest; throws `manifest.json: "<field>" ...` on the first problem. */
export function parseManifest(json: unknown): ModelManifest {
  if (!isRecord(json)) throw new Error('manifest.json: not a JSON object');
  const name = str(json, 'name');
  const architecture = str(json, 'architecture') as Architecture;
  if (!ARCHITECTURES.includes(architecture)) fail('architecture', `must be one of ${ARCHITECTURES.join(', ')}, got "${architecture}"`);
  if (json.archConfig === undefined) fail('archConfig', 'is missing');
  let archConfig;
  try {
    archConfig = parseArchConfig(architecture, json.archConfig);
  } catch (e) {
    throw new Error(`manifest.json: ${(e as Error).message}`);
  }
  const config = obj(json, 'config');
  str(config, 'name', 'config.name');
  if (typeof config.differences !== 'string') fail('config.differences', config.differences === undefined ? 'is missing' : 'must be a string');
  const inputSize = num(json, 'inputSize');
  if (!Number.isInteger(inputSize) || inputSize < 8) fail('inputSize', `must be an integer >= 8, got ${inputSize}`);
  if (inputSize !== archConfig.inputSize) fail('inputSize', `(${inputSize}) differs from archConfig.inputSize (${archConfig.inputSize})`);
  const norm = obj(json, 'normalization');
  const normalization = { mean: triple(norm, 'mean', 'normalization.mean', false), std: triple(norm, 'std', 'normalization.std', true) };
  let inputRegion: ModelManifest['inputRegion'];
  if (json.inputRegion !== undefined) {
    const r = obj(json, 'inputRegion');
    inputRegion = { left: num(r, 'left', 'inputRegion.left'), top: num(r, 'top', 'inputRegion.top'), size: num(r, 'size', 'inputRegion.size') };
    const { left, top, size } = inputRegion;
    if (!(size > 0 && left >= 0 && top >= 0 && left + size <= 1 && top + size <= 1)) fail('inputRegion', `must be a square inside the aligned crop (fractions 0..1), got ${JSON.stringify(inputRegion)}`);
  }
  let inputWindow: ModelManifest['inputWindow'];
  if (json.inputWindow !== undefined) {
    const r = obj(json, 'inputWindow');
    inputWindow = { left: num(r, 'left', 'inputWindow.left'), top: num(r, 'top', 'inputWindow.top'), width: num(r, 'width', 'inputWindow.width'), height: num(r, 'height', 'inputWindow.height') };
    const { left, top, width, height } = inputWindow;
    if (!(width > 0 && height > 0 && left >= 0 && top >= 0 && left + width <= 1 && top + height <= 1)) fail('inputWindow', `must be a rectangle inside the aligned crop (fractions 0..1), got ${JSON.stringify(inputWindow)}`);
  }
  const filesRaw = json.files;
  if (filesRaw === undefined) fail('files', 'is missing');
  if (!Array.isArray(filesRaw) || filesRaw.length === 0) fail('files', 'must be a non-empty array');
  const files = filesRaw.map(parseFile);
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) fail('files', `lists "${f.path}" twice`);
    seen.add(f.path);
  }
  if (!seen.has('model.json')) fail('files', 'must include model.json');
  const dataset = obj(json, 'dataset');
  str(dataset, 'name', 'dataset.name');
  obj(dataset, 'split', 'dataset.split');
  const m = obj(json, 'metrics');
  const metrics = { auc: num(m, 'auc', 'metrics.auc'), logloss: num(m, 'logloss', 'metrics.logloss'), acc: num(m, 'acc', 'metrics.acc'), n: num(m, 'n', 'metrics.n') };
  let backbone: ModelManifest['backbone'];
  if (json.backbone !== undefined) {
    const b = obj(json, 'backbone');
    const sha = str(b, 'manifestSha256', 'backbone.manifestSha256');
    if (!/^[0-9a-f]{64}$/.test(sha)) fail('backbone.manifestSha256', 'must be 64 lower-case hex digits');
    const bname = str(b, 'name', 'backbone.name');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(bname)) fail('backbone.name', `must be a model folder name, got "${bname}"`);
    backbone = { name: bname, manifestSha256: sha };
  }
  const createdAt = str(json, 'createdAt');
  if (Number.isNaN(Date.parse(createdAt))) fail('createdAt', `must be an ISO date, got "${createdAt}"`);
  return {
    ...(json as unknown as ModelManifest),
    name,
    architecture,
    archConfig: archConfig as unknown as Record<string, unknown>,
    inputSize,
    ...(inputRegion ? { inputRegion } : {}),
    ...(inputWindow ? { inputWindow } : {}),
    normalization,
    files,
    metrics,
    createdAt,
    ...(backbone ? { backbone } : {}),
  };
}

function asBytes(bytes: ArrayBuffer | Uint8Array): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

/** A manifest entry for a file's bytes (used by training/export). */
export async function manifestFileEntry(path: string, bytes: ArrayBuffer | Uint8Array): Promise<FileHash> {
  const b = asBytes(bytes);
  return { path, sha256: await sha256Hex(b), bytes: b.byteLength };
}

/** Throws `<path>: ...` when the bytes are not the ones the manifest names. */
export async function verifyFile(file: FileHash, bytes: ArrayBuffer | Uint8Array): Promise<void> {
  const b = asBytes(bytes);
  if (b.byteLength !== file.bytes) {
    throw new Error(`${file.path}: expected ${file.bytes} bytes, got ${b.byteLength}; the file is truncated or not the one manifest.json describes`);
  }
  const got = await sha256Hex(b);
  if (got !== file.sha256) {
    throw new Error(`${file.path}: SHA-256 mismatch (expected ${file.sha256.slice(0, 12)}..., got ${got.slice(0, 12)}...); the file is corrupted or not the one manifest.json describes`);
  }
}
