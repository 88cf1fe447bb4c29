// Expands the command line's paths into the list of inputs, one per file, in a stable order.
// Files inside directories are taken when their first bytes look like a video or an image (sniff.ts),
// or all of them with --all; the others are listed as skipped. A path that cannot be read, a named
// file that is not media, and a glob pattern that matches nothing still become inputs with their
// reason, so every input gets its output line and the exit code says something was wrong.
import { errorText } from '../src/failure';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { glob } from 'tinyglobby';
import { SNIFF_BYTES, sniffMedia } from './sniff';

export interface ScanInput {
  /** The path as given, joined below a given directory, or matched by a pattern. */
  path: string;
  /** Why this path cannot be analysed at all (missing, unreadable, not media); null = analyse it. */
  error: string | null;
}

export interface Expanded {
  inputs: ScanInput[];
  /** Files inside directories (or matched by patterns) that are not media and were not tried. */
  skipped: string[];
}

export interface WalkOptions {
  /** Try every file, not only media. */
  all: boolean;
  /** Walk below the directories named. */
  recursive: boolean;
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
  if (code === 'EISDIR') return 'is a directory';
  return errorText(err);
}

/** The first bytes of a file (fewer when it is shorter). */
async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buf = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const NOT_MEDIA =
  'not a video or image: its first bytes match no known format (MP4/MOV, WebM/MKV, AVI, MPEG-TS, JPEG, PNG, ...); pass --all to try it anyway';

type Origin = 'named' | 'found';

async function addFile(path: string, origin: Origin, o: WalkOptions, out: Expanded): Promise<void> {
  if (o.all) {
    out.inputs.push({ path, error: null });
    return;
  }
  let head: Uint8Array;
  try {
    head = await readHead(path);
  } catch (err) {
    out.inputs.push({ path, error: `cannot read this file: ${describeFsError(err)}` });
    return;
  }
  if (sniffMedia(head) !== null) out.inputs.push({ path, error: null });
  // A file named on the command line was meant to be analysed: say why it is not.
  else if (origin === 'named') out.inputs.push({ path, error: head.length === 0 ? 'the file is empty (0 bytes)' : NOT_MEDIA });
  else out.skipped.push(path);
}

async function walkDirectory(dir: string, depth: number, visited: Set<string>, o: WalkOptions, out: Expanded): Promise<void> {
  let names: string[];
  try {
    // A symlink loop would otherwise walk forever.
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    names = await readdir(dir);
  } catch (err) {
    out.inputs.push({ path: dir, error: `cannot read directory: ${describeFsError(err)}` });
    return;
  }
  for (const name of names.sort(compareNames)) {
    const path = join(dir, name);
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      out.inputs.push({ path, error: describeFsError(err) });
      continue;
    }
    if (info.isDirectory()) {
      if (o.recursive) await walkDirectory(path, depth + 1, visited, o, out);
    } else if (info.isFile()) await addFile(path, 'found', o, out);
  }
}

/** Characters that make an argument a glob pattern (when no file of that exact name exists). */
export function isGlobPattern(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

async function expandOne(path: string, o: WalkOptions, out: Expanded): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && isGlobPattern(path)) {
      // Relative patterns give paths relative to the working directory, absolute ones absolute paths
      // (as a shell would); symlinked directories are not followed (no loops).
      const matches = (await glob(path, { onlyFiles: true, dot: false, expandDirectories: false, absolute: isAbsolute(path), followSymbolicLinks: false })).sort(compareNames);
      if (matches.length === 0) out.inputs.push({ path, error: 'no file matches this pattern' });
      for (const m of matches) await addFile(m, 'found', o, out);
      return;
    }
    out.inputs.push({ path, error: describeFsError(err) });
    return;
  }
  if (info.isDirectory()) await walkDirectory(path, 0, new Set(), o, out);
  else if (info.isFile()) await addFile(path, 'named', o, out);
  else out.inputs.push({ path, error: 'not a regular file' });
}

/** Inputs in the order given; inside a directory, sorted by name, depth first. */
export async function expandInputs(paths: readonly string[], o: WalkOptions = { all: false, recursive: true }): Promise<Expanded> {
  const out: Expanded = { inputs: [], skipped: [] };
  // Each argument is expanded on its own: naming a file twice gives two lines.
  for (const path of paths) await expandOne(path, o, out);
  return out;
}
