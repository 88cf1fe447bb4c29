// The one argument parser of the training scripts: node:util parseArgs in strict mode, so a
// mistyped flag stops the run with a sentence that names the known ones. Hand-written parsers used
// to skip what they did not know: a misspelt `--fineTunedBlock 2` would have trained the one-block
// recipe for hours under the two-block run's name.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export type Flags = ParseArgsOptionsConfig;

type Parsed<O extends Flags, P extends boolean> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: P }>>;

/** Parse `argv` (process.argv.slice(2)) against `options`; positionals only where `positionals`. */
export function parseFlags<const O extends Flags, const P extends boolean = false>(argv: readonly string[], options: O, usage: string, positionals?: P): Parsed<O, P> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: (positionals ?? false) as P });
  } catch (e) {
    const known = Object.entries(options).map(([name, o]) => `--${name}${o.type === 'string' ? ' VALUE' : ''}`);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n  known options: ${known.join(' ') || '(none)'}\n  usage: ${usage}`);
  }
}

/** A numeric flag's value: `fallback` when absent, an error (not NaN) when it is not a number. */
export function numberFlag(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${value}"`);
  return n;
}
