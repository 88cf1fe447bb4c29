// One tab stop per widget, arrow keys inside (the WAI-ARIA "roving tabindex" pattern): the item
// that last had focus (or the selected one) has tabIndex 0, every other item -1, so Tab enters and
// leaves the widget in one step and the arrows, Home and End move between its items. Used by the
// timeline, the face crops and the tracks list; the key map is roving-focus.ts.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { rovingTarget, type RovingOrientation } from './roving-focus';

export interface RovingItemProps<T extends Element> {
  ref(el: T | null): void;
  tabIndex: 0 | -1;
  onKeyDown(e: KeyboardEvent<T>): void;
  onFocus(): void;
}

export interface RovingFocus {
  /** The item that holds the widget's tab stop. */
  active: number;
  /** Props for the item at `index` (spread them on its focusable element). */
  itemProps<T extends HTMLElement | SVGElement>(index: number): RovingItemProps<T>;
}

/**
 * @param count    items in the widget, in reading order
 * @param selected the item the page has selected (the tab stop follows it), or -1
 */
export function useRovingFocus(count: number, orientation: RovingOrientation = 'both', selected = -1): RovingFocus {
  const [active, setActive] = useState(0);
  const items = useRef<(HTMLElement | SVGElement | null)[]>([]);
  useEffect(() => {
    if (selected >= 0) setActive(selected);
  }, [selected]);
  const current = count === 0 ? 0 : Math.min(Math.max(active, 0), count - 1);

  const itemProps = useCallback(
    <T extends HTMLElement | SVGElement>(index: number): RovingItemProps<T> => ({
      ref: (el) => {
        items.current[index] = el;
      },
      tabIndex: index === current ? 0 : -1,
      onFocus: () => setActive(index),
      onKeyDown: (e) => {
        const next = rovingTarget(e.key, index, count, orientation);
        if (next === null) return;
        e.preventDefault();
        setActive(next);
        items.current[next]?.focus();
      },
    }),
    [count, current, orientation],
  );
  return { active: current, itemProps };
}
