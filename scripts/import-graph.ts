// The import graph of the repository's TypeScript, for the test that keeps it free of circles
// (import-graph.test.ts). Every relative import counts: `import type` too (a type-only circle still
// ties two modules into one), re-exports, side-effect and dynamic imports, and a worker started
// from `new URL('./file.ts', import.meta.url)` (feature-train.ts and its gradient worker were once
// a circle of exactly that kind).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SKIP = new Set(['node_modules', '.cache', 'checkpoints', 'runs', 'dist', 'dist-cli', 'dist-bench', 'build', '.git']);

/** Every .ts/.tsx file under `dir`, skipping build output, caches and dependencies. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative specifiers one file's text imports. */
export function relativeImports(text: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.[^'"]+)['"]/gm,
    /^\s*import\s+['"](\.[^'"]+)['"]/gm,
    /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g,
    /\bnew URL\(\s*['"](\.[^'"]+\.tsx?)['"]\s*,\s*import\.meta\.url\s*\)/g,
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1]!));
}

/** The file a relative specifier names (TypeScript's resolution: as written, .ts, .tsx, /index.ts). */
export function resolveImport(from: string, spec: string, exists: (path: string) => boolean = existsSync): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (/\.tsx?$/.test(candidate) && exists(candidate)) return candidate;
  }
  return null;
}

export type Graph = ReadonlyMap<string, readonly string[]>;

/** The graph of `files` (path -> text): an edge for each import that names another of the files. */
export function importGraph(files: ReadonlyMap<string, string>): Graph {
  const has = (p: string) => files.has(p);
  return new Map(
    [...files].map(([path, text]) => [
      path,
      [...new Set(relativeImports(text).flatMap((spec) => resolveImport(path, spec, has) ?? []))],
    ]),
  );
}

/** The circles of a graph: each strongly connected component of more than one file (or a file that
 *  imports itself), as paths relative to `root`, sorted so a failure reads the same every run. */
export function importCircles(graph: Graph, root: string): string[][] {
  // Tarjan's algorithm, iterative so a deep tree cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edges = graph.get(top.node) ?? [];
      if (top.edge < edges.length) {
        const to = edges[top.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) !== index.get(top.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== top.node);
      if (component.length > 1 || edges.includes(top.node)) circles.push(component.map((p) => relative(root, p)).sort());
    }
  }
  return circles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
