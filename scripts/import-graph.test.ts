// No import circle anywhere in the tree (issue 26): a circle makes two modules one, whatever their
// files say, and the order they initialise in depends on which is imported first. src/layers.test.ts
// checks the direction of src/'s imports; this checks every folder, training/ included, for circles.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCircles, importGraph, relativeImports, resolveImport, sourceFiles } from './import-graph';

const ROOT = resolve(__dirname, '..');

describe('import graph', () => {
  const files = new Map(sourceFiles(ROOT).map((p) => [p, readFileSync(p, 'utf8')] as const));

  it('finds the source files of every folder, training/ included', () => {
    for (const dir of ['src', 'scan', 'node', 'training', 'e2e', 'bench', 'scripts']) expect([...files.keys()].some((p) => p.startsWith(join(ROOT, dir) + '/'))).toBe(true);
    expect([...files.keys()].some((p) => p.includes('node_modules'))).toBe(false);
  });

  it('has no import circle', () => {
    expect(importCircles(importGraph(files), ROOT)).toEqual([]);
  });

  it('catches the circle training/ once had, through a type import and a worker URL too', () => {
    const at = (path: string, text: string) => [join(ROOT, path), text] as const;
    const graph = importGraph(
      new Map([
        at('training/feature-train.ts', "import type { FeatureStepReply } from './feature-grad-worker';\nimport { x } from './joint-step';"),
        at('training/feature-grad-worker.ts', "import { headArch } from './feature-train';"),
        at('training/joint-step.ts', "import { crossEntropy } from './losses';"),
        at('training/losses.ts', ''),
        at('training/a.ts', "const w = new Worker(new URL('./b.ts', import.meta.url));"),
        at('training/b.ts', "export { y } from './c';"),
        at('training/c.ts', "const m = await import('./a');"),
        at('training/self.ts', "import './self';"),
      ]),
    );
    expect(importCircles(graph, ROOT)).toEqual([['training/a.ts', 'training/b.ts', 'training/c.ts'], ['training/feature-grad-worker.ts', 'training/feature-train.ts'], ['training/self.ts']]);
    // Moving headArch into a module both import (joint-config.ts) breaks it.
    const fixed = importGraph(new Map([at('training/feature-train.ts', "import type { R } from './feature-grad-worker';\nimport { headArch } from './joint-config';"), at('training/feature-grad-worker.ts', "import { headArch } from './joint-config';"), at('training/joint-config.ts', '')]));
    expect(importCircles(fixed, ROOT)).toEqual([]);
  });

  it('reads every kind of relative import and resolves folders to their index', () => {
    expect(relativeImports("import a from './a';\nimport type { B } from '../b';\nexport * from './c';\nimport './d';\nimport x from 'vitest';\nawait import('./e');")).toEqual(['./a', '../b', './c', './d', './e']);
    const exists = (p: string) => p === '/r/kernels/index.ts' || p === '/r/x.tsx';
    expect(resolveImport('/r/a.ts', './kernels', exists)).toBe('/r/kernels/index.ts');
    expect(resolveImport('/r/a.ts', './x', exists)).toBe('/r/x.tsx');
    expect(resolveImport('/r/a.ts', './calibration.json', exists)).toBeNull();
  });
});
