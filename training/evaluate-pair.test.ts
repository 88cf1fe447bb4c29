// evaluate-pair's command line: the shipped folders by default, a named checkpoint, or (a bare
// --checkpoint, as before the strict parser) the default run's best one.
import { describe, expect, it } from 'vitest';
import { evaluateFlags } from './evaluate-pair';
import { bestJointPath } from './joint-checkpoint';

describe('evaluateFlags', () => {
  it('reads the checkpoint and --write', () => {
    expect(evaluateFlags([])).toEqual({ checkpoint: null, write: false });
    expect(evaluateFlags(['--checkpoint', '/tmp/a.ckpt', '--write'])).toEqual({ checkpoint: '/tmp/a.ckpt', write: true });
  });

  it('takes a bare --checkpoint as the default run\'s best', () => {
    expect(evaluateFlags(['--checkpoint'])).toEqual({ checkpoint: bestJointPath(), write: false });
    expect(evaluateFlags(['--checkpoint', '--write'])).toEqual({ checkpoint: bestJointPath(), write: true });
  });

  it('refuses a mistyped flag', () => {
    expect(() => evaluateFlags(['--checkpint', '/tmp/a.ckpt'])).toThrow(/Unknown option '--checkpint'/);
  });
});
