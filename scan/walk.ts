// Expands the command line's paths into the list of inputs, one per file, in a stable order.
// Every file is tried (the page, not the extension, decides what is a video), and a path that
// cannot be read still becomes an input with its reason, so every input gets its output line.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface ScanInput {
  /** The path as given, or joined below a given directory. */
  path: string;
  /** Why this path cannot be analysed at all (missing, unreadable); null = try it. */
  error: string | null;
}

/** Byte-order compare: the same order on every machine and locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return err instanceof Error ? err.message : String(err);
}

async function walkDirectory(dir: string, visited: Set<string>, out: ScanInput[]): Promise<void> {
  let names: string[];
  try {
    // A symlink loop would otherwise walk forever.
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    names = await readdir(dir);
  } catch (err) {
    out.push({ path: dir, error: `cannot read directory: ${describeFsError(err)}` });
    return;
  }
  for (const name of names.sort(compareNames)) {
    await expandOne(join(dir, name), visited, out);
  }
}

async function expandOne(path: string, visited: Set<string>, out: ScanInput[]): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    out.push({ path, error: describeFsError(err) });
    return;
  }
  if (info.isDirectory()) await walkDirectory(path, visited, out);
  else if (info.isFile()) out.push({ path, error: null });
  else out.push({ path, error: 'not a regular file' });
}

/** Files in the order given; inside a directory, sorted by name, depth first. */
export async function expandInputs(paths: readonly string[]): Promise<ScanInput[]> {
  const out: ScanInput[] = [];
  for (const path of paths) {
    // Each top-level argument is walked on its own: naming a file twice gives two lines.
    await expandOne(path, new Set(), out);
  }
  return out;
}
