// The rendered width of an element in CSS pixels, kept current as the window or layout changes.
import { useEffect, useState, type RefObject } from 'react';

export function useElementWidth(ref: RefObject<Element | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = () => setWidth(el.getBoundingClientRect().width || fallback);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, fallback]);
  return width;
}
