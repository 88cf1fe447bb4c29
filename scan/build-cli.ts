// `npm run build:cli`: bundles the command (scan/cli.ts and everything it imports, playwright-core
// aside) into one ES module, dist-cli/deepfake-scan.mjs, so neither a checkout's `npx deepfake-scan`
// nor the installed package needs tsx, Vite or the sources. Also emits the page API's type
// declarations (dist-cli/types) that the package ships.
import { errorText } from '../src/failure';
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const CLI_DIR = join(ROOT, 'dist-cli');
export const CLI_BUNDLE = join(CLI_DIR, 'deepfake-scan.mjs');
export const TYPES_DIR = join(CLI_DIR, 'types');
/** The declaration of window.deepfakeDetector and the report, inside TYPES_DIR. */
export const TYPES_ENTRY = 'report/api-types.d.ts';

export async function buildCli(): Promise<void> {
  rmSync(CLI_DIR, { recursive: true, force: true });
  await build({
    entryPoints: [join(ROOT, 'scan', 'cli.ts')],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Playwright stays a dependency: it is large and finds its own files at run time.
    external: ['playwright-core'],
    // Bundled CommonJS dependencies (picomatch) call require(); an ES module has none of its own.
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
    legalComments: 'inline',
    logLevel: 'warning',
  });
  chmodSync(CLI_BUNDLE, 0o755);
  // The declarations: tsconfig.types.json names the one entry (src/report/api-types.ts) and the output folder.
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.types.json')], { stdio: 'inherit' });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildCli().catch((err: unknown) => {
    process.stderr.write(`build:cli: ${errorText(err)}\n`);
    process.exitCode = 1;
  });
}
