import { describe, expect, it } from 'vitest';
import { affordableJobs, PAGE_MEMORY_BYTES } from './scan';

describe('affordableJobs', () => {
  it('never runs more pages than asked, than inputs, or than free memory holds; at least one', () => {
    const plenty = 64 * PAGE_MEMORY_BYTES;
    expect(affordableJobs(4, 10, plenty)).toBe(4);
    expect(affordableJobs(4, 2, plenty)).toBe(2);
    expect(affordableJobs(4, 10, 2.5 * PAGE_MEMORY_BYTES)).toBe(2);
    expect(affordableJobs(4, 10, 0)).toBe(1);
    expect(affordableJobs(1, 0, plenty)).toBe(1);
  });
});
