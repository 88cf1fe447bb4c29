import { describe, expect, it } from 'vitest';
import { filesPerHour, memoryPerPageMb, treeRssMb } from './throughput';

describe('throughput arithmetic', () => {
  it('files per hour from a wall time', () => {
    expect(filesPerHour(6, 101.5)).toBe(213);
  });

  it('memory per page is the step between --jobs values', () => {
    expect(memoryPerPageMb([{ jobs: 2, peakRssMb: 2900 }, { jobs: 1, peakRssMb: 2000 }])).toBe(900);
    expect(memoryPerPageMb([{ jobs: 1, peakRssMb: 2000 }])).toBeNull();
  });

  it("sums a process tree's resident memory and nothing outside it", () => {
    const ps = ['  10     1  1024', '  11    10  2048', '  12    11  1024', '  13     1  9999', 'junk'].join('\n');
    expect(treeRssMb(ps, 10)).toBe(4);
    expect(treeRssMb(ps, 12)).toBe(1);
  });
});
