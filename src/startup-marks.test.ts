import { afterEach, describe, expect, it, vi } from 'vitest';
import { STARTUP_MARK, startupMark } from './startup-marks';

describe('startupMark', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    performance.clearMarks();
  });

  it("sets a User Timing mark, with the detail after a colon", () => {
    startupMark(STARTUP_MARK.modelVerified, 'xception');
    startupMark(STARTUP_MARK.backendReady);
    expect(performance.getEntriesByType('mark').map((m) => m.name)).toEqual(['startup:model-verified:xception', 'startup:backend-ready']);
  });

  it('never throws when the timeline refuses the mark', () => {
    vi.spyOn(performance, 'mark').mockImplementation(() => {
      throw new Error('full');
    });
    expect(() => startupMark(STARTUP_MARK.ensembleWarm)).not.toThrow();
  });
});
