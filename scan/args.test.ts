import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_PER_FILE_S, parseScanArgs, USAGE } from './args';
import { MAX_FRAMES } from '../src/frames';

describe('parseScanArgs', () => {
  it('takes defaults with only paths', () => {
    expect(parseScanArgs(['a.mp4', 'dir'])).toEqual({
      kind: 'run',
      options: { out: null, backend: null, frames: null, timeoutPerFileS: DEFAULT_TIMEOUT_PER_FILE_S, paths: ['a.mp4', 'dir'] },
    });
  });

  it('reads every option, in both spellings, anywhere on the line', () => {
    expect(parseScanArgs(['--out', 'r.jsonl', 'a.mp4', '--backend=wasm', '--frames', '8', '--timeout-per-file=2.5', 'b'])).toEqual({
      kind: 'run',
      options: { out: 'r.jsonl', backend: 'wasm', frames: 8, timeoutPerFileS: 2.5, paths: ['a.mp4', 'b'] },
    });
  });

  it('treats everything after -- as a path', () => {
    const parsed = parseScanArgs(['--', '--weird-name.mp4', '-x']);
    expect(parsed).toMatchObject({ kind: 'run', options: { paths: ['--weird-name.mp4', '-x'] } });
  });

  it('answers help', () => {
    expect(parseScanArgs(['a', '--help'])).toEqual({ kind: 'help' });
    expect(parseScanArgs(['-h'])).toEqual({ kind: 'help' });
    expect(USAGE).toContain('--timeout-per-file S');
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
    [[], 'no input paths given'],
  ])('refuses %j with an exact message', (argv, message) => {
    expect(parseScanArgs(argv)).toEqual({ kind: 'error', message });
  });
});
