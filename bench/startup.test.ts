import { describe, expect, it } from 'vitest';
import { STARTUP_MARK } from '../src/startup-marks';
import { breakdown, parseStartupArgs, workerSteps } from './startup';

describe('workerSteps', () => {
  it("puts the worker's marks on the page's timeline and keeps only start-up marks", () => {
    const steps = workerSteps(1000, 1250.4, [
      { name: STARTUP_MARK.workerStart, startTime: 10 },
      { name: `${STARTUP_MARK.modelVerified}:xception`, startTime: 700.2 },
      { name: 'someone-elses-mark', startTime: 5 },
      { name: 'startup', startTime: 1 },
    ]);
    expect(steps).toEqual({ [STARTUP_MARK.workerStart]: 260, [`${STARTUP_MARK.modelVerified}:xception`]: 951 });
  });
});

describe('breakdown', () => {
  it('is null without the ready mark', () => {
    expect(breakdown([{ t: 100, what: 'worker' }])).toBeNull();
  });
});

describe('parseStartupArgs', () => {
  it('reads the flags', () => {
    expect(parseStartupArgs(['--runs', '5', '--out', 'x.json', '--analyze', 'a.mp4', '--frames', '4'])).toEqual({ runs: 5, out: 'x.json', analyze: 'a.mp4', frames: 4 });
    expect(parseStartupArgs([])).toEqual({ runs: 3, out: null, analyze: null, frames: null });
  });
  it('refuses unknown flags and bad values', () => {
    expect(() => parseStartupArgs(['--run', '5'])).toThrow('unknown argument "--run"');
    expect(() => parseStartupArgs(['--runs', '0'])).toThrow('--runs must be a whole number from 1 to 100 (got "0")');
    expect(() => parseStartupArgs(['--out'])).toThrow('--out needs a value');
    expect(() => parseStartupArgs(['--frames', '4'])).toThrow('--frames needs --analyze FILE');
    expect(() => parseStartupArgs(['--analyze', 'a.mp4', '--frames', '300'])).toThrow('--frames must be a whole number from 1 to 256 (got "300")');
  });
});
