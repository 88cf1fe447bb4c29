// deploy/ cannot be built or applied here (no container registry, no cluster): these check what
// can be checked without one. The Job's arguments are ones deepfake-scan accepts, shard the way
// the Job counts (--shards = completions, the index from JOB_COMPLETION_INDEX), resume, and write
// the files merge-job.yaml joins; the image unpacks the tarball pack:scan makes; run-shard.sh
// passes the right exit codes to Kubernetes.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { parseScanArgs } from './args';

const DEPLOY = resolve(__dirname, '..', 'deploy');
const read = (f: string) => readFileSync(join(DEPLOY, f), 'utf8');

/** The one-line flow sequence after `key:` (YAML, and JSON too). */
function flowList(yaml: string, key: string): string[] {
  const m = new RegExp(`^\\s*${key}: (\\[.*\\])\\s*$`, 'm').exec(yaml);
  if (m === null) throw new Error(`no one-line ${key}: [...] list`);
  return JSON.parse(m[1]!) as string[];
}

describe('deploy/job.yaml and merge-job.yaml', () => {
  const job = read('job.yaml');
  const completions = Number(/^\s*completions: (\d+)\s*$/m.exec(job)?.[1]);

  it('runs shard JOB_COMPLETION_INDEX of `completions`, resuming, into its own file', () => {
    expect(job).toMatch(/completionMode: Indexed/);
    expect(Number(/^\s*parallelism: (\d+)\s*$/m.exec(job)?.[1])).toBe(completions);
    const args = flowList(job, 'args').map((a) => a.replaceAll('$(JOB_COMPLETION_INDEX)', '2'));
    const parsed = parseScanArgs(args, { JOB_COMPLETION_INDEX: '2' });
    expect(parsed).toMatchObject({ kind: 'run', options: { shard: { index: 2, count: completions }, resume: true, out: '/results/shard-2.jsonl', paths: ['/videos'] } });
  });

  it('merges exactly the files the indexes write', () => {
    const parsed = parseScanArgs(flowList(read('merge-job.yaml'), 'args'));
    expect(parsed).toMatchObject({ kind: 'merge' });
    if (parsed.kind !== 'merge') return;
    expect(parsed.options.files).toEqual(Array.from({ length: completions }, (_, k) => `/results/shard-${k}.jsonl`));
  });
});

describe('deploy/Containerfile', () => {
  it("copies the tarball pack:scan names for this version and runs the package's own command", () => {
    const c = read('Containerfile');
    expect(c).toContain(`ARG VERSION=${packageJson.version}`);
    expect(c).toContain('COPY deepfake-detector-${VERSION}.tgz');
    expect(c).toContain('/opt/deepfake-scan/cli/deepfake-scan.mjs');
    // Nothing fetched at run time: no npm install, no Playwright browser download.
    expect(c).not.toMatch(/npm (install|ci)|playwright install/);
  });
});

describe('deploy/run-shard.sh', () => {
  it('passes 0, 3 and 5 as success (the shard finished) and the rest as failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-shard-'));
    try {
      const fake = join(dir, 'deepfake-scan');
      writeFileSync(fake, '#!/bin/sh\necho "args: $*"\nexit "$CODE"\n');
      chmodSync(fake, 0o755);
      const run = (code: number) => spawnSync('sh', [join(DEPLOY, 'run-shard.sh'), '--shards', '4', '/videos'], { env: { PATH: `${dir}:${process.env.PATH}`, CODE: String(code) }, encoding: 'utf8' });
      expect(run(3).stdout).toBe('args: --shards 4 /videos\n');
      for (const [code, status] of [[0, 0], [3, 0], [5, 0], [1, 1], [2, 2], [4, 4], [137, 137]] as const) expect(run(code).status).toBe(status);
      expect(execFileSync('sh', ['-n', join(DEPLOY, 'run-shard.sh')]).toString()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
