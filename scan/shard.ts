// `--shard I/N`: n processes (on n machines) each take a stable part of the inputs, so together they
// analyse every input exactly once. An input's part depends only on its path as given (a hash of
// it), never on the other inputs: every shard expands the same paths and picks the same inputs,
// and adding files to an archive does not move the files already assigned.
// A shard writes beside its --out FILE a small manifest (FILE.shard.json, atomically, once every
// line is written) saying which of all the inputs it covered; `deepfake-scan merge` needs it to
// tell a finished shard from one that was stopped, and to put the lines back in input order.
import { createHash } from 'node:crypto';

export interface Shard {
  /** 0 to count-1, as Kubernetes' JOB_COMPLETION_INDEX counts. */
  index: number;
  count: number;
}

/** Shards one run may be split into: far more machines than an archive scan needs. */
export const MAX_SHARDS = 10_000;

export const SHARD_RULE = `I/N: N shards in all (1-${MAX_SHARDS}) and this one's index I, from 0 to N-1 (as JOB_COMPLETION_INDEX counts)`;

function wholeNumber(s: string): number | null {
  return /^\d{1,6}$/.test(s) ? Number(s) : null;
}

/** "I/N" -> a shard; null when malformed or out of range. */
export function parseShard(s: string): Shard | null {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (m === null) return null;
  const index = wholeNumber(m[1]!);
  const count = wholeNumber(m[2]!);
  if (index === null || count === null || count < 1 || count > MAX_SHARDS || index >= count) return null;
  return { index, count };
}

/**
 * `--shards N` in a Kubernetes Indexed Job: the index is the pod's JOB_COMPLETION_INDEX (the
 * manifest passes N, its `completions`). A message when the variable is missing or does not fit.
 */
export function shardFromEnv(countText: string, env: NodeJS.ProcessEnv): Shard | string {
  const count = wholeNumber(countText);
  if (count === null || count < 1 || count > MAX_SHARDS) return `--shards must be a whole number from 1 to ${MAX_SHARDS} (got '${countText}')`;
  const raw = env.JOB_COMPLETION_INDEX;
  if (raw === undefined || raw === '') return '--shards needs JOB_COMPLETION_INDEX in the environment (a Kubernetes Indexed Job sets it); elsewhere use --shard I/N';
  const index = wholeNumber(raw);
  if (index === null || index >= count) return `JOB_COMPLETION_INDEX must be a whole number from 0 to ${count - 1} for --shards ${count} (got '${raw}')`;
  return { index, count };
}

/** The shard an input path belongs to: the first 48 bits of its SHA-256, modulo the count. */
export function shardOf(path: string, count: number): number {
  const h = createHash('sha256').update(path).digest();
  return h.readUIntBE(0, 6) % count;
}

/** Positions (in the full input list) of the inputs this shard takes, in input order. */
export function shardPositions(paths: readonly string[], shard: Shard): number[] {
  const out: number[] = [];
  for (const [i, p] of paths.entries()) if (shardOf(p, shard.count) === shard.index) out.push(i);
  return out;
}

/** One digest of the full input list: shards of one run must agree on it. */
export function inputListDigest(paths: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of paths) h.update(`${p}\0`);
  return h.digest('hex');
}

export const SHARD_MANIFEST_FORMAT = 'deepfake-scan-shard/1';

/** FILE.shard.json: written once the shard's last line is in FILE. */
export interface ShardManifest {
  format: typeof SHARD_MANIFEST_FORMAT;
  index: number;
  count: number;
  /** Every input of the run (all shards), and the digest of their paths in order. */
  allInputs: number;
  inputsDigest: string;
  /** Positions in the full input list of this shard's lines, in the order of its output file. */
  positions: number[];
  /** Files the walk skipped as not media (the same in every shard). */
  skipped: string[];
}

export function shardManifestPath(out: string): string {
  return `${out}.shard.json`;
}

/** Parses FILE.shard.json; a message when it is not one. */
export function parseShardManifest(text: string, where: string): ShardManifest | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return `${where} is not valid JSON (${(e as Error).message})`;
  }
  const m = v as Partial<ShardManifest> | null;
  const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  if (
    m === null ||
    typeof m !== 'object' ||
    m.format !== SHARD_MANIFEST_FORMAT ||
    !isCount(m.index) ||
    !isCount(m.count) ||
    m.index >= m.count ||
    !isCount(m.allInputs) ||
    typeof m.inputsDigest !== 'string' ||
    !Array.isArray(m.positions) ||
    !m.positions.every(isCount) ||
    !Array.isArray(m.skipped)
  ) {
    return `${where} is not a ${SHARD_MANIFEST_FORMAT} manifest`;
  }
  return m as ShardManifest;
}
