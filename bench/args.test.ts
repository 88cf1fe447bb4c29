import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './args';

describe('parseBenchArgs', () => {
  it('has defaults', () => {
    expect(parseBenchArgs([])).toEqual({
      kind: 'run',
      options: { short: false, out: null, videos: null, frames: null, webgpuFrames: 4, noWebgpu: false, only: ['pages', 'models', 'decode', 'detect'], crops: 64 },
    });
  });
  it('reads every flag', () => {
    const p = parseBenchArgs(['--short', '--out', 'x.json', '--videos=v', '--frames', '8', '--webgpu-frames=2', '--no-webgpu', '--only', 'models,decode', '--crops', '16']);
    expect(p).toEqual({ kind: 'run', options: { short: true, out: 'x.json', videos: 'v', frames: 8, webgpuFrames: 2, noWebgpu: true, only: ['models', 'decode'], crops: 16 } });
  });
  it('rejects what it does not know, with the reason', () => {
    expect(parseBenchArgs(['--fast'])).toEqual({ kind: 'error', message: 'Unknown argument "--fast".' });
    expect(parseBenchArgs(['--frames', '0'])).toEqual({ kind: 'error', message: '--frames must be a whole number from 1 to 1000 (got "0").' });
    expect(parseBenchArgs(['--out'])).toEqual({ kind: 'error', message: '--out needs a value.' });
    expect(parseBenchArgs(['--short', '--short'])).toEqual({ kind: 'error', message: '--short was given twice.' });
    expect(parseBenchArgs(['--short=1'])).toEqual({ kind: 'error', message: '--short takes no value.' });
    expect(parseBenchArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseBenchArgs(['--only', 'pages,gpu'])).toEqual({ kind: 'error', message: '--only: unknown part "gpu" (parts: pages, models, decode, detect).' });
  });
});
