// No two tracked files whose names differ only in case, with or without their extension: on a
// case-insensitive checkout (macOS, Windows) `import './People'` would resolve `people.ts`, and
// `git clone` would silently keep one of two files whose paths differ only in case.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

/** Groups of paths that one case-insensitive, extension-blind name would confuse. */
export function caseClashes(paths: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const key = path.replace(/\.(?:d\.ts|tsx?|jsx?|mjs|cjs)$/, '').toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), path]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

describe('file names', () => {
  it('finds the clash this tree once had, and leaves a test beside its module alone', () => {
    expect(caseClashes(['src/ui/people.ts', 'src/ui/People.tsx', 'src/ui/people.test.ts', 'src/a/Readme.md', 'src/a/README.md'])).toEqual([
      ['src/ui/people.ts', 'src/ui/People.tsx'],
      ['src/a/Readme.md', 'src/a/README.md'],
    ]);
  });

  it('has no two tracked paths that differ only in case', () => {
    let tracked: string[];
    try {
      tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch {
      // Not a git checkout (a packed tarball): nothing tracked to compare.
      return;
    }
    expect(caseClashes(tracked)).toEqual([]);
  });
});
