// Which item of a one-tab-stop widget (timeline points, face crops, tracks) a key moves focus to.
// Pure, so the key map is tested without a browser; use-roving-focus.ts applies it to elements.

/** Arrow keys that move: along a row (left/right), a column (up/down), or both (a wrapping grid
 *  read in order, where up/down move like left/right). */
export type RovingOrientation = 'horizontal' | 'vertical' | 'both';

/** The index `key` moves focus to from `current` among `count` items, or null when the key is not
 *  a move (it then keeps its usual meaning: Tab leaves the widget, Enter and Space activate). */
export function rovingTarget(key: string, current: number, count: number, orientation: RovingOrientation = 'both'): number | null {
  if (count <= 0) return null;
  const back = (orientation !== 'vertical' && key === 'ArrowLeft') || (orientation !== 'horizontal' && key === 'ArrowUp');
  const forward = (orientation !== 'vertical' && key === 'ArrowRight') || (orientation !== 'horizontal' && key === 'ArrowDown');
  const at = Math.min(Math.max(current, 0), count - 1);
  if (back) return Math.max(0, at - 1);
  if (forward) return Math.min(count - 1, at + 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
