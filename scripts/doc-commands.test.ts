// The commands the docs give are ones that run: every `npm run NAME` is a script in package.json,
// and every flag given to a training script is one its parser knows (they refuse the others, so a
// stale flag in a doc stops a reader's run: training/README.md once said `npm run evaluate -- --model`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOINT } from '../training/joint-config';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const SCRIPTS = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const DOCS = ['README.md', 'training/README.md', 'deploy/README.md', 'docs/where-things-go.md'];

/** Each `npm run NAME [-- ARGS]` in `text`, its arguments up to a comment or the next command. */
function npmRuns(text: string): { name: string; args: string[] }[] {
  return [...text.matchAll(/npm run (?:-s )?([\w:-]+)([^\n`#&;|]*)/g)].map((m) => {
    const rest = m[2]!.trim();
    const args = rest.startsWith('-- ') ? rest.slice(3).split(/\s+/) : [];
    return { name: m[1]!, args };
  });
}

/** The flags a training script's parser accepts, read from its `name: { type: ... }` options
 *  (feature-train.ts: every DEFAULT_JOINT key, --init and --resume). */
function knownFlags(script: string): Set<string> | null {
  const file = /training\/([\w-]+)\.ts/.exec(SCRIPTS[script] ?? '')?.[1];
  if (!file) return null;
  if (file === 'feature-train') return new Set([...Object.keys(DEFAULT_JOINT), 'init', 'resume']);
  return new Set([...read(`training/${file}.ts`).matchAll(/\b(\w+): \{ type: '(?:string|boolean)'/g)].map((m) => m[1]!));
}

/** `--flag`s among `args` not in `known` (brackets of optional flags and `=VALUE` ignored). */
function unknownFlags(args: readonly string[], known: ReadonlySet<string>): string[] {
  return args.map((a) => /^\[?--(\w+)/.exec(a)?.[1]).filter((f): f is string => f !== undefined && !known.has(f));
}

describe('commands in the docs', () => {
  it('reads them', () => {
    expect(npmRuns('x `npm run -s scan -- a`; npm run train -- --epochs 3 [--resume]   # then --not-this\nnpm run build && npm run e2e')).toEqual([
      { name: 'scan', args: ['a'] },
      { name: 'train', args: ['--epochs', '3', '[--resume]'] },
      { name: 'build', args: [] },
      { name: 'e2e', args: [] },
    ]);
    expect(unknownFlags(['--checkpoint', 'x', '[--write]', '--model=y'], new Set(['checkpoint', 'write']))).toEqual(['model']);
  });

  it('name npm scripts that exist', () => {
    for (const doc of DOCS) for (const { name } of npmRuns(read(doc))) expect(SCRIPTS[name], `${doc}: npm run ${name}`).toBeDefined();
  });

  it('give each training script only flags it knows', () => {
    const bad = DOCS.flatMap((doc) =>
      npmRuns(read(doc)).flatMap(({ name, args }) => {
        const known = knownFlags(name);
        return known === null ? [] : unknownFlags(args, known).map((f) => `${doc}: npm run ${name} -- --${f}`);
      }),
    );
    expect(bad).toEqual([]);
    // The stale line this test was written for.
    expect(unknownFlags(npmRuns('npm run evaluate -- --model xception')[0]!.args, knownFlags('evaluate')!)).toEqual(['model']);
  });
});
