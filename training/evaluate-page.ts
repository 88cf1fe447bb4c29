// The page's own path on validation half B crops, beside the training side's numbers for the same
// crops: each crop (a ../shared/data/dfdc-faces JPEG) goes through `deepfake-scan` as a still, so
// through the page's tasks-vision detector, alignFacesCpu, the shipped models and calibration; the
// feature path (the app's tfjs detector's alignment, onnxruntime trunk cache, calibrated ensemble)
// scores the same crops. A gap between the two would be a page-side loss that `npm run evaluate`
// (feature path only) cannot see. Needs the built page (npm run build) and the block-11 (or block-12)
// feature cache; takes ~5 minutes for 600 crops on 2 cores.
//   npm run evaluate:page -- [--perClass 300] [--seed 4242]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberFlag, parseFlags } from './args';
import { setupBackend } from './backend';
import { applyPlatt } from './calibrate';
import { makePlan } from './crop-cache';
import { cropPath } from './data';
import { DATA_CONFIG } from './data-config';
import { balancedLogLoss, loadShippedPair, scoreRows, scoringBlocks, SEED_WEIGHTS, shippedBlocks } from './evaluate-pair';
import { loadFeatureSet } from './feature-data';
import { TRUNK } from './joint-config';
import { buildJointModels } from './joint-models';
import { cachedStage } from './joint-step';
import { metrics } from './metrics';
import { createRng, shuffled } from '../src/pipeline/rng';

const USAGE = 'npm run evaluate:page -- [--perClass 300] [--seed 4242]';

async function main(): Promise<void> {
  const { values: flags } = parseFlags(process.argv.slice(2), { perClass: { type: 'string' }, seed: { type: 'string' } }, USAGE);
  const perClass = numberFlag(flags.perClass, 'perClass', 300);
  const seed = numberFlag(flags.seed, 'seed', 4242);
  const plan = makePlan();
  const b = plan.order.filter((o) => o.split === 'val' && plan.valHalf.get(o.row.video) === 'B').map((o) => o.row);
  const rows = [0, 1].flatMap((label) => shuffled(b.filter((r) => r.label === label), createRng(seed)).slice(0, perClass));
  const dir = join(tmpdir(), `evaluate-page-${process.pid}`);
  mkdirSync(dir);
  try {
    for (const r of rows) symlinkSync(cropPath(DATA_CONFIG.dataDir, r), join(dir, r.video.replace(/\.mp4$/, '.jpg')));
    console.error(`scanning ${rows.length} half-B crops (${perClass} real, ${perClass} fake) through the page...`);
    const out = execFileSync('node', [join(import.meta.dirname, '..', 'bin', 'deepfake-scan.mjs'), '-q', dir], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
    const page = new Map<string, number | null>();
    for (const line of out.trim().split('\n')) {
      const r = JSON.parse(line) as { input: { name: string }; result: { score: number | null } };
      page.set(r.input.name.replace(/\.jpg$/, '.mp4'), r.result.score);
    }
    await setupBackend('wasm');
    const m = buildJointModels();
    loadShippedPair(m);
    const blocks = scoringBlocks(shippedBlocks());
    const set = loadFeatureSet(TRUNK.inputSize, cachedStage(blocks), TRUNK.shape, ['val']);
    const scored = set.parts.B.filter((r) => typeof page.get(set.videos[r]!) === 'number');
    const s = scoreRows(m, set, scored, blocks);
    const { platt } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'src', 'calibration.json'), 'utf8')) as { platt: { a: number; b: number } };
    const wx = SEED_WEIGHTS.xception;
    const feature = Array.from(s.xception, (x, i) => applyPlatt(wx * x + (1 - wx) * s.wsdan[i]!, platt));
    const pagePath = scored.map((r) => page.get(set.videos[r]!)!);
    const diff = feature.reduce((acc, p, i) => acc + Math.abs(p - pagePath[i]!), 0) / feature.length;
    const summary = (p: number[]) => ({ auc: metrics(p, s.labels).auc, balancedLogloss: balancedLogLoss(p, s.labels) });
    console.log(
      JSON.stringify(
        {
          crops: rows.length,
          withoutFaceOnPage: rows.length - scored.length,
          scored: { n: scored.length, fake: s.labels.filter((l) => l === 1).length },
          page: summary(pagePath),
          featurePath: summary(feature),
          meanAbsDifference: diff,
        },
        null,
        1,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
