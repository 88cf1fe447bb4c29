import { describe, expect, it } from 'vitest';
import { rovingTarget } from './roving-focus';

describe('rovingTarget', () => {
  it('moves one step with the arrows of its orientation and stops at the ends', () => {
    expect(rovingTarget('ArrowRight', 0, 3, 'horizontal')).toBe(1);
    expect(rovingTarget('ArrowRight', 2, 3, 'horizontal')).toBe(2);
    expect(rovingTarget('ArrowLeft', 0, 3, 'horizontal')).toBe(0);
    expect(rovingTarget('ArrowDown', 0, 3, 'horizontal')).toBeNull();
    expect(rovingTarget('ArrowDown', 0, 3, 'vertical')).toBe(1);
    expect(rovingTarget('ArrowRight', 0, 3, 'vertical')).toBeNull();
    expect(rovingTarget('ArrowUp', 2, 3, 'both')).toBe(1);
    expect(rovingTarget('ArrowRight', 1, 3, 'both')).toBe(2);
  });
  it('jumps to the ends with Home and End, and leaves other keys alone', () => {
    expect(rovingTarget('Home', 2, 5)).toBe(0);
    expect(rovingTarget('End', 0, 5)).toBe(4);
    for (const key of ['Tab', 'Enter', ' ', 'Escape', 'a']) expect(rovingTarget(key, 1, 5)).toBeNull();
  });
  it('copes with an empty widget and a stale index', () => {
    expect(rovingTarget('ArrowRight', 0, 0)).toBeNull();
    expect(rovingTarget('ArrowLeft', 9, 3)).toBe(1);
  });
});
