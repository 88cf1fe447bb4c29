// The case fields' text, kept for the page's life and in sessionStorage (a reload keeps them; the
// tab closing forgets them; nothing leaves the browser).
import { useEffect, useState } from 'react';

export interface CaseText {
  sourceUrl: string;
  analyst: string;
  notes: string;
}

export const EMPTY_CASE: CaseText = { sourceUrl: '', analyst: '', notes: '' };
const KEY = 'deepfake-detector.case';

/** Stored text back as CaseText; anything unreadable is the empty case. */
export function parseCase(stored: string | null): CaseText {
  try {
    const v = JSON.parse(stored ?? 'null') as Partial<Record<keyof CaseText, unknown>> | null;
    const str = (x: unknown) => (typeof x === 'string' ? x : '');
    return v === null || typeof v !== 'object' ? EMPTY_CASE : { sourceUrl: str(v.sourceUrl), analyst: str(v.analyst), notes: str(v.notes) };
  } catch {
    return EMPTY_CASE;
  }
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function useCaseFields(): [CaseText, (v: CaseText) => void] {
  const [value, setValue] = useState<CaseText>(() => parseCase(storage()?.getItem(KEY) ?? null));
  useEffect(() => {
    try {
      storage()?.setItem(KEY, JSON.stringify(value));
    } catch {
      // Storage full or refused: the fields still work for this page's life.
    }
  }, [value]);
  return [value, setValue];
}
