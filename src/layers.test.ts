// Imports run downward only (docs/style.md): ui -> worker / report -> pipeline / models -> types and
// config. report/ (the report's types, builder, HTML, page API) sits beside the worker, so the page,
// scan/ and the tests read the report without the UI.
// A lower layer that needs something from a higher one means that thing lives in the wrong file.
// This reads every import in src/ and fails on one that goes up or sideways, and on Node-only
// modules in the browser tree (they belong in node/).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname);

/** Rank of each layer: a file may import only from layers of lower rank, or its own folder. */
const RANK: Record<string, number> = { entry: 4, ui: 3, worker: 2, report: 2, pipeline: 1, models: 1, '': 0 };
/** Same-rank pairs allowed one way only: the pipeline runs the models; models never reach back. */
const ALLOWED_SIDEWAYS: ReadonlySet<string> = new Set(['pipeline->models']);

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  if (rel === 'main.tsx') return 'entry';
  const top = rel.split('/')[0]!;
  return rel.includes('/') && top in RANK ? top : '';
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

interface Source {
  path: string;
  text: string;
}

function imports(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

function violations(files: readonly Source[]): string[] {
  const out: string[] = [];
  for (const { path: file, text } of files) {
    const from = layerOf(file);
    for (const spec of imports(text)) {
      if (spec.startsWith('node:')) {
        out.push(`${relative(SRC, file)} imports ${spec}: Node-only code lives in node/, not in the browser tree`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC + '/') && !spec.endsWith('.json')) {
        out.push(`${relative(SRC, file)} imports ${spec}, outside src/`);
        continue;
      }
      if (!target.startsWith(SRC + '/')) continue;
      const to = layerOf(target + '.ts');
      if (to === from) continue;
      if (RANK[to]! < RANK[from]!) continue;
      if (RANK[to] === RANK[from] && ALLOWED_SIDEWAYS.has(`${from}->${to}`)) continue;
      out.push(`${relative(SRC, file)} (${from || 'types/config'}) imports ${spec} (${to}): imports must run downward`);
    }
  }
  return out;
}

/** What the page evaluates at start: `from` and everything it imports at run time (type-only imports
 *  are erased; dynamic imports are chunks loaded later), as paths under src/ and package names. */
function runtimeClosure(from: string, read: (path: string) => string | null): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = read(file);
    if (text === null) return;
    const specs = [...text.matchAll(/^\s*(?:import|export)(?!\s+type\b)\b[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => (m[1] ?? m[2])!);
    for (const spec of specs) {
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const target = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => /\.(tsx?|css|json)$/.test(p) && read(p) !== null);
      if (target) visit(target);
    }
  };
  visit(from);
  return seen;
}

const readSource = (path: string): string | null => {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : null;
  } catch {
    return null;
  }
};

describe('layers', () => {
  const all = sources(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it('imports only downward, and nothing Node-only, in src/', () => {
    expect(violations(all)).toEqual([]);
  });

  it("keeps tfjs and MediaPipe out of the page's own bundle (only the worker loads them)", () => {
    const page = [...runtimeClosure(join(SRC, 'main.tsx'), readSource)].filter((m) => /^@tensorflow\/|^@mediapipe\//.test(m));
    expect(page).toEqual([]);
    // The chain the page once had: ui/detector-provenance.ts took sha256Hex from models/manifest.ts,
    // which imports the architectures, which import tfjs (1.2 MB evaluated before the worker started).
    const files: Record<string, string> = {
      [join(SRC, 'main.tsx')]: "import { sha256Hex } from './models/manifest';",
      [join(SRC, 'models/manifest.ts')]: "import type { X } from './types';\nimport { parseArchConfig } from './arch/index';",
      [join(SRC, 'models/arch/index.ts')]: "import * as tf from '@tensorflow/tfjs';",
    };
    expect([...runtimeClosure(join(SRC, 'main.tsx'), (p) => files[p] ?? null)]).toContain('@tensorflow/tfjs');
  });

  it('catches the imports this project once had', () => {
    const at = (path: string, text: string): Source => ({ path: join(SRC, path), text });
    expect(
      violations([
        at('models/backend.ts', "import type { BackendName } from '../worker/protocol';"),
        at('pipeline/run-analysis.ts', "import type { Stage } from '../worker/protocol';"),
        at('models/load.ts', "import { resizeCrops } from '../pipeline/align';"),
        at('pipeline/node-io.ts', "import { readFileSync } from 'node:fs';"),
        at('types.ts', "import type { FromWorker } from './worker/protocol';"),
        at('report/report-html.ts', "import { personThumbnails } from '../ui/person-view';"),
        at('report/report.ts', "import type { FromWorker } from '../worker/protocol';"),
      ]),
    ).toEqual([
      'models/backend.ts (models) imports ../worker/protocol (worker): imports must run downward',
      'pipeline/run-analysis.ts (pipeline) imports ../worker/protocol (worker): imports must run downward',
      'models/load.ts (models) imports ../pipeline/align (pipeline): imports must run downward',
      'pipeline/node-io.ts imports node:fs: Node-only code lives in node/, not in the browser tree',
      'types.ts (types/config) imports ./worker/protocol (worker): imports must run downward',
      'report/report-html.ts (report) imports ../ui/person-view (ui): imports must run downward',
      'report/report.ts (report) imports ../worker/protocol (worker): imports must run downward',
    ]);
    // Downward and same-folder imports pass.
    expect(violations([at('ui/App.tsx', "import { x } from '../worker/client';\nimport { y } from './format';")])).toEqual([]);
  });

  it('lets scan/ read the report, never the UI', () => {
    const scanDir = resolve(SRC, '../scan');
    const upward = readdirSync(scanDir)
      .filter((n) => /\.ts$/.test(n))
      .flatMap((n) => imports(readFileSync(join(scanDir, n), 'utf8')).filter((s) => /\/src\/ui\//.test(s)).map((s) => `scan/${n} imports ${s}`));
    expect(upward).toEqual([]);
    expect(imports("import { x } from '../src/ui/report';").filter((s) => /\/src\/ui\//.test(s))).toHaveLength(1);
  });
});
