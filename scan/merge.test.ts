import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeResult } from '../src/report/test-fixtures';
import { buildReport } from '../src/report/report';
import { EXIT } from './exit-codes';
import { mergeShards, runMerge, type ShardPart } from './merge';
import { readOldOutput } from './resume';
import { lineFromReport, serializeLine } from './scan-line';
import { SHARD_MANIFEST_FORMAT, shardManifestPath, type ShardManifest } from './shard';

function text(path: string, label: 'fake' | 'real' = 'real'): string {
  const r = buildReport({
    result: makeResult({ label, score: label === 'fake' ? 0.9 : 0.1 }),
    app: { name: 'deepfake-detector', version: '0.1.0', commit: 'c' },
    input: { name: path, path: null, bytes: 1, sha256: null },
    backend: 'wasm',
    device: null,
    frames: 8,
    requestedBackend: null,
    models: [],
    faceDetector: { name: 'b', files: [], provenanceError: null },
    userAgent: null,
    generatedAt: new Date(0),
  });
  return serializeLine(lineFromReport(path, r, { bytes: 1, sha256: path }));
}

const PATHS = ['a.mp4', 'b.mp4', 'c.mp4', 'd.mp4', 'e.mp4'];
const manifest = (index: number, positions: number[], o: Partial<ShardManifest> = {}): ShardManifest => ({
  format: SHARD_MANIFEST_FORMAT,
  index,
  count: 2,
  allInputs: PATHS.length,
  inputsDigest: 'run',
  positions,
  skipped: ['notes.txt'],
  ...o,
});
const part = (name: string, m: ShardManifest | string, positions: number[], tail = ''): ShardPart => ({
  name,
  manifest: m,
  ...readOldOutput(positions.map((p) => `${text(PATHS[p]!)}\n`).join('') + tail),
});

describe('mergeShards', () => {
  const s0 = part('s0', manifest(0, [1, 3]), [1, 3]);
  const s1 = part('s1', manifest(1, [0, 2, 4]), [0, 2, 4]);

  it('puts the lines back in input order, byte for byte, in any order of the files', () => {
    const m = mergeShards([s0, s1]);
    expect(m).toMatchObject({ ok: true, count: 2, skipped: ['notes.txt'] });
    if (!m.ok) return;
    expect(m.lines.map((l) => l.text)).toEqual(PATHS.map((p) => text(p)));
    expect(mergeShards([s1, s0])).toEqual(m);
  });

  it('refuses a missing shard, an unfinished one (no manifest) and a torn one, as inputs without a line', () => {
    expect(mergeShards([s0])).toEqual({ ok: false, exit: EXIT.unreadable, problems: ['shard 1 of 2 has no finished output among the files given'] });
    const unfinished = part('s1', 's1.shard.json is missing: the shard did not finish', [0]);
    expect(mergeShards([s0, unfinished])).toMatchObject({ ok: false, exit: EXIT.unreadable, problems: ['s1: s1.shard.json is missing: the shard did not finish', 'shard 1 of 2 has no finished output among the files given'] });
    const torn = part('s1', manifest(1, [0, 2, 4]), [0, 2, 4], '{"format":');
    expect(mergeShards([s0, torn])).toMatchObject({ ok: false, exit: EXIT.unreadable });
    expect(mergeShards([])).toEqual({ ok: false, exit: EXIT.unreadable, problems: ['no shard output given'] });
  });

  it('refuses files that do not belong together, a shard given twice, and a line twice', () => {
    expect(mergeShards([s0, s1, s1])).toMatchObject({ ok: false, exit: EXIT.usage, problems: ['shard 1 is given twice: s1 and s1'] });
    const other = part('x1', manifest(1, [0, 2, 4], { inputsDigest: 'another run' }), [0, 2, 4]);
    expect(mergeShards([s0, other])).toMatchObject({ ok: false, exit: EXIT.usage });
    const overlap = part('s1', manifest(1, [0, 1, 2, 4]), [0, 1, 2, 4]);
    expect(mergeShards([s0, overlap])).toEqual({ ok: false, exit: EXIT.usage, problems: ['input 2 (b.mp4) has a line in s0 and in s1'] });
    const short = part('s1', manifest(1, [0, 2, 4]), [0, 2]);
    expect(mergeShards([s0, short])).toMatchObject({ ok: false, exit: EXIT.usage, problems: expect.arrayContaining(['s1: 2 lines, but its manifest lists 3']) });
  });

  it('names the inputs no shard answered', () => {
    const gap = part('s1', manifest(1, [0, 2]), [0, 2]);
    expect(mergeShards([s0, gap])).toEqual({ ok: false, exit: EXIT.unreadable, problems: ['no shard answered input 5 of 5'] });
  });
});

describe('runMerge', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the merged file and a summary of the whole run; writes nothing when refused', () => {
    dir = mkdtempSync(join(tmpdir(), 'merge-'));
    const write = (name: string, m: ShardManifest, positions: number[]) => {
      writeFileSync(join(dir, name), positions.map((p) => `${text(PATHS[p]!, p === 0 ? 'fake' : 'real')}\n`).join(''));
      writeFileSync(shardManifestPath(join(dir, name)), JSON.stringify(m));
    };
    write('s0.jsonl', manifest(0, [1, 3]), [1, 3]);
    write('s1.jsonl', manifest(1, [0, 2, 4]), [0, 2, 4]);
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => void err.push(t) };
    const out = join(dir, 'all.jsonl');
    const summary = join(dir, 'all.summary.json');
    const files = [join(dir, 's0.jsonl'), join(dir, 's1.jsonl')];
    expect(runMerge({ out, summary, failOn: 'fake', files }, io)).toBe(EXIT.failOn);
    expect(readFileSync(out, 'utf8').split('\n').slice(0, -1).map((l) => JSON.parse(l).input.path)).toEqual(PATHS);
    expect(JSON.parse(readFileSync(summary, 'utf8'))).toMatchObject({ inputs: 5, flagged: ['a.mp4'], shard: { index: null, count: 2 }, skipped: ['notes.txt'] });
    rmSync(out);
    expect(runMerge({ out, summary: null, failOn: null, files: files.slice(0, 1) }, io)).toBe(EXIT.unreadable);
    expect(err.at(-1)).toContain('merge refused, nothing written');
    expect(() => readFileSync(out)).toThrow();
    expect(runMerge({ out, summary: null, failOn: null, files: [join(dir, 'nope.jsonl')] }, io)).toBe(EXIT.unreadable);
  });
});
