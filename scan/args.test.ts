import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_PER_FILE_S, pageThreads, parseScanArgs, USAGE } from './args';
import { EXIT } from './exit-codes';
import { MAX_FRAMES } from '../src/frames';

describe('parseScanArgs', () => {
  it('takes defaults with only paths', () => {
    expect(parseScanArgs(['a.mp4', 'dir'])).toEqual({
      kind: 'run',
      options: {
        out: null,
        backend: null,
        frames: null,
        timeoutPerFileS: DEFAULT_TIMEOUT_PER_FILE_S,
        summary: null,
        failOn: null,
        all: false,
        recursive: true,
        jobs: 1,
        threads: null,
        page: null,
        quiet: false,
        resume: false,
        shard: null,
        paths: ['a.mp4', 'dir'],
      },
    });
  });

  it('reads every option, in both spellings, anywhere on the line', () => {
    expect(
      parseScanArgs([
        '--out', 'r.jsonl', 'a.mp4', '--backend=wasm', '--frames', '8', '--timeout-per-file=2.5', '--summary', 's.json',
        '--fail-on=uncertain', '--all', '--no-recursive', '--jobs', '2', '--page', 'p', '-q', 'b',
        '--resume', '--shard=1/3', '--threads', '3',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        out: 'r.jsonl',
        backend: 'wasm',
        frames: 8,
        timeoutPerFileS: 2.5,
        summary: 's.json',
        failOn: 'uncertain',
        all: true,
        recursive: false,
        jobs: 2,
        threads: 3,
        page: 'p',
        quiet: true,
        resume: true,
        shard: { index: 1, count: 3 },
        paths: ['a.mp4', 'b'],
      },
    });
  });

  it('shares the cores out among the pages when --threads is not given, at least 1 each', () => {
    expect(pageThreads(2, 1)).toBe(2);
    expect(pageThreads(2, 2)).toBe(1);
    expect(pageThreads(8, 3)).toBe(2);
    expect(pageThreads(2, 8)).toBe(1);
    expect(pageThreads(1, 1)).toBe(1);
  });

  it('takes the shard index from JOB_COMPLETION_INDEX with --shards N', () => {
    expect(parseScanArgs(['--shards', '4', '--out', 'o', 'a'], { JOB_COMPLETION_INDEX: '2' })).toMatchObject({ kind: 'run', options: { shard: { index: 2, count: 4 } } });
    expect(parseScanArgs(['--shards', '4', '--out', 'o', 'a'], {})).toMatchObject({ kind: 'error', message: expect.stringContaining('JOB_COMPLETION_INDEX') });
  });

  it('parses merge: its own options, the shard files as paths', () => {
    expect(parseScanArgs(['merge', '--out', 'all.jsonl', '--summary=s.json', 's0.jsonl', 's1.jsonl'])).toEqual({
      kind: 'merge',
      options: { out: 'all.jsonl', summary: 's.json', failOn: null, files: ['s0.jsonl', 's1.jsonl'] },
    });
    expect(parseScanArgs(['merge', '--fail-on', 'fake', 's0.jsonl'])).toMatchObject({ kind: 'merge', options: { failOn: 'fake' } });
    expect(parseScanArgs(['merge'])).toEqual({ kind: 'error', message: "merge needs the shards' output files" });
    expect(parseScanArgs(['merge', '--frames', '8', 's0.jsonl'])).toEqual({ kind: 'error', message: "option '--frames' is not one of merge's" });
    expect(parseScanArgs(['merge', '--resume', 's0.jsonl'])).toEqual({ kind: 'error', message: "option '--resume' is not one of merge's" });
    // A file called "merge" further along is just a path.
    expect(parseScanArgs(['a.mp4', 'merge'])).toMatchObject({ kind: 'run', options: { paths: ['a.mp4', 'merge'] } });
  });

  it('treats everything after -- as a path', () => {
    const parsed = parseScanArgs(['--', '--weird-name.mp4', '-x']);
    expect(parsed).toMatchObject({ kind: 'run', options: { paths: ['--weird-name.mp4', '-x'] } });
  });

  it('answers help', () => {
    expect(parseScanArgs(['a', '--help'])).toEqual({ kind: 'help' });
    expect(parseScanArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseScanArgs(['-V'])).toEqual({ kind: 'version' });
  });

  it('documents every option, the output fields, the exit codes and two examples in --help', () => {
    for (const flag of ['--out', '--summary', '--fail-on', '--frames', '--backend', '--jobs', '--timeout-per-file', '--all', '--no-recursive', '--page', '--quiet', '--resume', '--shard', '--shards', 'merge', '--help', '--version']) {
      expect(USAGE).toContain(flag);
    }
    for (const field of ['app', 'environment', 'input', 'settings', 'models', 'faceDetector', 'result', 'warnings', 'sha256']) expect(USAGE).toContain(field);
    for (const code of Object.values(EXIT)) expect(USAGE).toMatch(new RegExp(`^  ${code}  `, 'm'));
    expect(USAGE.split('Examples:')[1]!.split('\n').filter((l) => l.startsWith('  deepfake-scan '))).toHaveLength(2);
  });

  it.each([
    [['--fast', 'a'], "unknown option '--fast'"],
    [['-o', 'x', 'a'], "unknown option '-o'"],
    [['--out=x', '--out', 'y', 'a'], "option '--out' given more than once"],
    [['a', '--out'], "option '--out' needs a value"],
    [['--out', '--frames', '3', 'a'], "option '--out' needs a value"],
    [['--out=', 'a'], "option '--out' needs a value"],
    [['--backend', 'cuda', 'a'], "--backend must be one of webgpu, webgl, wasm (got 'cuda')"],
    [['--backend', 'cpu', 'a'], "--backend must be one of webgpu, webgl, wasm (got 'cpu')"],
    [['--frames', '0', 'a'], `--frames must be a whole number from 1 to ${MAX_FRAMES} (got '0')`],
    [['--frames', '2.5', 'a'], `--frames must be a whole number from 1 to ${MAX_FRAMES} (got '2.5')`],
    [['--frames', String(MAX_FRAMES + 1), 'a'], `--frames must be a whole number from 1 to ${MAX_FRAMES} (got '${MAX_FRAMES + 1}')`],
    [['--timeout-per-file', '0', 'a'], "--timeout-per-file must be a positive number of seconds (got '0')"],
    [['--timeout-per-file', '1e3', 'a'], "--timeout-per-file must be a positive number of seconds (got '1e3')"],
    [['--frames', '4'], 'no input paths given'],
    [['--jobs', '0', 'a'], "--jobs must be a whole number from 1 to 8 (got '0')"],
    [['--jobs', '9', 'a'], "--jobs must be a whole number from 1 to 8 (got '9')"],
    [['--threads', '0', 'a'], "--threads must be a whole number from 1 to 64 (got '0')"],
    [['--threads', '1.5', 'a'], "--threads must be a whole number from 1 to 64 (got '1.5')"],
    [['--fail-on', 'real', 'a'], "--fail-on must be fake or uncertain (got 'real')"],
    [['--all', '--all', 'a'], "option '--all' given more than once"],
    [['-q', '--quiet', 'a'], "option '--quiet' given more than once"],
    [['--resume', 'a'], '--resume needs --out FILE (the lines to keep are read from it)'],
    [['--shard', '1/2', 'a'], '--shard needs --out FILE (merge reads FILE and FILE.shard.json)'],
    [['--shard', '2/2', '--out', 'o', 'a'], "--shard must be I/N: N shards in all (1-10000) and this one's index I, from 0 to N-1 (as JOB_COMPLETION_INDEX counts) (got '2/2')"],
    [['--shard', '0/2', '--shards', '2', '--out', 'o', 'a'], '--shard and --shards cannot both be given'],
    [[], 'no input paths given'],
  ])('refuses %j with an exact message', (argv, message) => {
    expect(parseScanArgs(argv)).toEqual({ kind: 'error', message });
  });
});
