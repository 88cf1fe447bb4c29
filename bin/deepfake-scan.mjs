#!/usr/bin/env node
// `npx deepfake-scan` in a checkout: runs the bundled command that `npm run build` makes
// (dist-cli/deepfake-scan.mjs, beside the built page in dist/). The installed package's bin is
// that bundle itself (cli/deepfake-scan.mjs), so this file is for the repository only.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist-cli/deepfake-scan.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(`deepfake-scan: not built yet (${fileURLToPath(bundle)} is missing): run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))}, then try again.\n`);
  // The detector cannot start without its build: the same code as a missing page (scan/exit-codes.ts).
  process.exit(4);
}
await import(bundle.href);
