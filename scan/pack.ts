// `npm run pack:scan`: the installable package, build/deepfake-detector-<version>.tgz. It holds the
// bundled command (cli/deepfake-scan.mjs), the built page with the models it loads (dist/), the
// page API's types (types/) and the report's JSON Schema (schema/); its one dependency,
// playwright-core (no dependencies of its own), is bundled in it, so it installs offline. Chromium
// itself is the system's: CHROMIUM_PATH or /usr/bin/chromium.
// Why a package of its own and not `npm pack` of the repository: the repository's dependencies are
// the page's build inputs (React, tfjs: already inside dist/) and training's native add-ons, whose
// install scripts download binaries; installing them to run a command would be slow, large and
// break offline. Measured sizes: docs/decisions.md ("The deepfake-scan package").
import { errorText } from '../src/failure';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BUNDLE, ROOT, TYPES_DIR, TYPES_ENTRY } from './build-cli';

export const PACK_DIR = join(ROOT, 'build', 'package');

interface RootPackage {
  name: string;
  version: string;
  description: string;
}

function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Assembles build/package/ from dist/ and dist-cli/ (npm run build first) and packs it; returns the .tgz path. */
export function packScan(outDir = join(ROOT, 'build')): string {
  for (const need of [join(ROOT, 'dist', 'index.html'), CLI_BUNDLE, join(TYPES_DIR, TYPES_ENTRY)]) {
    if (!existsSync(need)) throw new Error(`${need} is missing: run \`npm run build\` first.`);
  }
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as RootPackage;
  rmSync(PACK_DIR, { recursive: true, force: true });
  mkdirSync(join(PACK_DIR, 'cli'), { recursive: true });
  cpSync(CLI_BUNDLE, join(PACK_DIR, 'cli', 'deepfake-scan.mjs'));
  cpSync(join(ROOT, 'dist'), join(PACK_DIR, 'dist'), { recursive: true });
  cpSync(TYPES_DIR, join(PACK_DIR, 'types'), { recursive: true });
  // The schema's source is src/report/; the package keeps it at schema/ for its readers.
  mkdirSync(join(PACK_DIR, 'schema'));
  cpSync(join(ROOT, 'src', 'report', 'report.schema.json'), join(PACK_DIR, 'schema', 'report.schema.json'));
  cpSync(join(ROOT, 'README.md'), join(PACK_DIR, 'README.md'));
  // Bundled, so `npm install --offline deepfake-detector-<version>.tgz` needs no registry at all.
  cpSync(join(ROOT, 'node_modules', 'playwright-core'), join(PACK_DIR, 'node_modules', 'playwright-core'), { recursive: true });
  const pkg = {
    name: root.name,
    version: root.version,
    description: root.description,
    type: 'module',
    bin: { 'deepfake-scan': 'cli/deepfake-scan.mjs' },
    types: `types/${TYPES_ENTRY}`,
    files: ['cli/', 'dist/', 'types/', 'schema/'],
    engines: { node: '>=20.19' },
    // Exactly the Playwright the command was built and tested with.
    dependencies: { 'playwright-core': installedVersion('playwright-core') },
    bundleDependencies: ['playwright-core'],
  };
  writeFileSync(join(PACK_DIR, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  mkdirSync(outDir, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', resolve(outDir)], { cwd: PACK_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const [info] = JSON.parse(out) as { filename: string }[];
  return join(resolve(outDir), info!.filename);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${packScan()}\n`);
  } catch (err) {
    process.stderr.write(`pack:scan: ${errorText(err)}\n`);
    process.exitCode = 1;
  }
}
