import { describe, expect, it } from 'vitest';
import { avcLengthSize, isDisposableAvc } from './skip-frames';

/** A length-prefixed access unit of NAL units, each given by its header byte (payload 3 bytes). */
function accessUnit(headers: number[], lengthSize = 4): Uint8Array {
  const parts = headers.flatMap((h) => {
    const prefix = Array.from({ length: lengthSize }, (_, i) => (i === lengthSize - 1 ? 4 : 0));
    return [...prefix, h, 0x88, 0x84, 0x21];
  });
  return new Uint8Array(parts);
}

// NAL header: forbidden bit, nal_ref_idc (2 bits), type (5 bits).
const nal = (refIdc: number, type: number) => (refIdc << 5) | type;

describe('isDisposableAvc', () => {
  it('is true only for a picture whose every slice has nal_ref_idc 0', () => {
    expect(isDisposableAvc(accessUnit([nal(0, 9), nal(0, 1)]), 4)).toBe(true); // AUD + non-reference B slice
    expect(isDisposableAvc(accessUnit([nal(0, 1), nal(0, 1)]), 4)).toBe(true);
    expect(isDisposableAvc(accessUnit([nal(2, 1)]), 4)).toBe(false); // reference P/B slice
    expect(isDisposableAvc(accessUnit([nal(3, 5)]), 4)).toBe(false); // IDR
    expect(isDisposableAvc(accessUnit([nal(0, 1), nal(2, 1)]), 4)).toBe(false);
    expect(isDisposableAvc(accessUnit([nal(0, 6), nal(0, 1)], 2), 2)).toBe(true); // SEI, 2-byte lengths
  });

  it('keeps what it cannot read: no slice, a length past the end, an empty unit', () => {
    expect(isDisposableAvc(accessUnit([nal(0, 6)]), 4)).toBe(false);
    const cut = accessUnit([nal(0, 1)]).subarray(0, 6);
    expect(isDisposableAvc(cut, 4)).toBe(false);
    expect(isDisposableAvc(new Uint8Array([0, 0, 0, 0]), 4)).toBe(false);
    expect(isDisposableAvc(new Uint8Array(0), 4)).toBe(false);
  });
});

describe('avcLengthSize', () => {
  it('reads lengthSizeMinusOne from an avcC record, and gives null without one', () => {
    expect(avcLengthSize(new Uint8Array([1, 0x64, 0, 0x28, 0xff, 0xe1]))).toBe(4);
    expect(avcLengthSize(new Uint8Array([1, 0x64, 0, 0x28, 0xfd, 0xe1]).buffer)).toBe(2);
    expect(avcLengthSize(new Uint8Array([1, 0x64, 0, 0x28, 0xfe, 0xe1]))).toBeNull(); // 3 is not valid
    expect(avcLengthSize(undefined)).toBeNull();
    expect(avcLengthSize(new Uint8Array([0, 0, 0, 1, 0x67]))).toBeNull(); // Annex B start code
  });
});
