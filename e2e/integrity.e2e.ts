// Model integrity in the real page: a corrupted or swapped weight shard is refused with a notice
// naming the model and the file, and the models that passed still score.
import { existsSync } from 'node:fs';
import { analyzeFile, detectorUrl, openDetector } from '../scan/page-driver';
import { APP_CONFIG } from '../src/config';
import { GOOD, REAL_VIDEO } from './data';
import { expect, test } from './fixtures';
import { faceClip } from './fixtures/runtime-fixtures';
import { skip } from './skip';
import { FILE_MS, finite, notices, STARTUP_MS } from './worker-levers';

interface ManifestLike {
  files: { path: string; sha256: string; bytes: number }[];
}

test('integrity: a corrupted or swapped model shard is refused with a message naming the file', async ({ browser, server }) => {
  // The models present in dist/ (trained weights arrive one by one); one must stay usable.
  const manifests = new Map<string, ManifestLike>();
  for (const { name } of APP_CONFIG.ensemble) {
    const res = await fetch(new URL(`models/${name}/manifest.json`, server.url));
    if (res.ok) manifests.set(name, (await res.json()) as ManifestLike);
  }
  const present = [...manifests.keys()];
  if (present.length < 2) skip(`only ${present.length} model(s) in dist/models: one must be refused while another still runs`);
  const shard = (name: string) => {
    const f = manifests.get(name)!.files.find((x) => x.path.endsWith('.bin'));
    if (!f) throw new Error(`${name}'s manifest lists no .bin shard`);
    return f.path;
  };
  // First model kept (and the donor of the swapped shard), last one corrupted, the middle one
  // (with three models) swapped.
  const kept = present[0]!;
  const corrupted = present.at(-1)!;
  const swapped = present.length >= 3 ? present[1]! : null;
  if (swapped === null) console.log('  two models present: the swapped-shard case needs three, only the corrupted one is tested');
  const corruptPath = shard(corrupted);
  const swapPath = swapped === null ? null : shard(swapped);
  const donorUrl = new URL(`models/${kept}/${shard(kept)}`, server.url).href;
  const dp = await openDetector(browser, detectorUrl(server.url, { backend: 'wasm', frames: 4 }), STARTUP_MS, async (c) => {
    await Promise.all([
      // One flipped byte in the middle of a shard (a damaged download or disk).
      c.route(`**/models/${corrupted}/${corruptPath}`, async (route) => {
        const response = await route.fetch();
        const body = Buffer.from(await response.body());
        body[body.length >> 1]! ^= 0xff;
        await route.fulfill({ response, body });
      }),
      // Another model's genuine shard in its place (a swapped or substituted file).
      swapped === null
        ? Promise.resolve()
        : c.route(`**/models/${swapped}/${swapPath}`, async (route) => {
            const response = await route.fetch({ url: donorUrl });
            await route.fulfill({ response });
          }),
    ]);
  });
  try {
    const shown = await notices(dp.page);
    console.log(`  notices: ${shown.join(' | ')}`);
    const refused = [[corrupted, corruptPath], ...(swapped === null ? [] : [[swapped, swapPath!]])] as [string, string][];
    for (const [name, path] of refused) {
      const file = path.split('/').pop()!;
      const naming = async () => (await notices(dp.page)).filter((n) => n.includes(name) && n.includes(file)).length;
      await expect.poll(naming, { message: `no notice names ${name}'s ${file}: ${shown.join(' | ')}` }).toBeGreaterThan(0);
    }
    const r = await analyzeFile(dp, existsSync(REAL_VIDEO) ? await faceClip() : GOOD, FILE_MS);
    finite(r, 'with one model left');
    if (r.score !== null) {
      const used = Object.keys(r.models);
      expect(used, 'models used (the refused ones must not score)').toEqual([kept]);
    }
  } finally {
    await dp.close();
  }
});
