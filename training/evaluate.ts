// Evaluate one model on the validation split only: ROC AUC, log loss, accuracy at 0.5 and
// calibration (10-bin reliability table, ECE), overall and split by whether the app's detector found
// the face (crops without a face fall back to a centre resize in the cache).
//
//   npm run evaluate -- --model xception                      exported public/models/xception (app loader)
//   npm run evaluate -- --model xception --checkpoint [PATH]  a training checkpoint (newest if no PATH)
//   npm run evaluate -- --ensemble                            the app's ensemble (its weights, its code)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel, registry } from '../src/models/arch/index';
import type { Architecture } from '../src/models/types';
import { setupBackend } from './backend';
import type { BackendName } from './config';
import { loadCropCache, type CachedSplit } from './crop-cache';
import { checkpointDir, disposeCheckpoint, loadCheckpoint, newestCheckpoint } from './checkpoint';
import { CHECKPOINT_ROOT } from './train';
import { MODELS_DIR } from './export';
import { evaluateExported } from './evaluate-exported';
import { predictSplit } from './predict';
import { calibration, metrics } from './metrics';
import * as tf from '@tensorflow/tfjs';
import { loadModelFromDir } from '../node/load-node';
import type { LoadedModel } from '../src/models/types';
import { APP_CONFIG } from '../src/config';
import { buildEnsemble, scoreCrops } from '../src/pipeline/score';

export function report(name: string, probs: Float32Array, data: CachedSplit): string {
  const lines: string[] = [];
  const m = metrics(probs, data.labels);
  const cal = calibration(probs, data.labels);
  lines.push(`${name} on the validation split (n ${m.n}, ${data.labels.reduce((a, b) => a + b, 0)} fake):`);
  lines.push(`  AUC ${m.auc.toFixed(4)}  log loss ${m.logloss.toFixed(4)}  accuracy ${m.acc.toFixed(4)}  ECE ${cal.ece.toFixed(4)}`);
  for (const found of [true, false]) {
    const idx = data.found.flatMap((f, i) => (f === found ? [i] : []));
    if (idx.length === 0) continue;
    const sub = metrics(idx.map((i) => probs[i]!), idx.map((i) => data.labels[i]!));
    lines.push(`  ${found ? 'face found by the app detector' : 'no face found (centre resize)  '}: n ${sub.n}  AUC ${sub.auc.toFixed(4)}  log loss ${sub.logloss.toFixed(4)}  acc ${sub.acc.toFixed(4)}`);
  }
  lines.push('  reliability (P(fake) bin: n, mean P(fake), share fake):');
  for (const b of cal.bins) {
    if (b.n) lines.push(`    ${b.lo.toFixed(1)}-${b.hi.toFixed(1)}: ${String(b.n).padStart(5)}  ${b.meanProb.toFixed(3)}  ${b.fakeRate.toFixed(3)}`);
  }
  return lines.join('\n');
}

/** The page's ensemble on the validation crops: every exported model loaded by the app's loader,
 *  combined by src/pipeline/score.ts with APP_CONFIG's weights (the seed's; not tuned here, since
 *  tuning them on this split would make its numbers optimistic). Crop level, not video level. */
async function evaluateEnsemble(): Promise<string> {
  const loaded = new Map<string, LoadedModel>();
  for (const { name } of APP_CONFIG.ensemble) {
    const dir = join(MODELS_DIR, name);
    if (existsSync(join(dir, 'manifest.json'))) loaded.set(name, await loadModelFromDir(dir));
  }
  const ensemble = buildEnsemble(APP_CONFIG.ensemble, loaded);
  // The cache's crops at the largest input side the models use; each model resizes as in the page.
  const size = Math.max(...ensemble.map((m) => m.model.manifest.inputSize));
  const val = loadCropCache(size, 'val');
  const per = size * size * 3;
  const n = val.labels.length;
  const scores = new Float32Array(n);
  const members = ensemble.map(() => new Float32Array(n));
  for (let i = 0; i < n; i += 32) {
    const b = Math.min(32, n - i);
    const crops = tf.tensor4d(Float32Array.from(val.pixels.subarray(i * per, (i + b) * per)), [b, size, size, 3]);
    const out = await scoreCrops(ensemble, crops);
    crops.dispose();
    scores.set(out.scores, i);
    ensemble.forEach((m, k) => members[k]!.set(out.models.map((r) => r[m.name]!), i));
  }
  const lines = [report(`ensemble (${ensemble.map((m) => `${m.name} x${m.weight.toFixed(2)}`).join(', ')}; app code)`, scores, val)];
  ensemble.forEach((m, k) => {
    const mm = metrics(members[k]!, val.labels);
    lines.push(`  member ${m.name}: AUC ${mm.auc.toFixed(4)}  log loss ${mm.logloss.toFixed(4)}  acc ${mm.acc.toFixed(4)}`);
  });
  for (const m of loaded.values()) m.dispose();
  return lines.join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const known = new Set(['--model', '--config', '--checkpoint', '--backend', '--ensemble']);
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`Unknown option ${a} (known: ${[...known].join(', ')}).`);
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? argv[i + 1] : undefined;
    return v && !v.startsWith('--') ? v : undefined;
  };
  if (argv.includes('--ensemble')) {
    await setupBackend((opt('backend') as BackendName | undefined) ?? 'wasm');
    console.log(await evaluateEnsemble());
    return;
  }
  const model = opt('model') as Architecture | undefined;
  if (!model || !(model in registry)) throw new Error(`--model must be one of: ${Object.keys(registry).join(', ')}.`);
  await setupBackend((opt('backend') as BackendName | undefined) ?? 'wasm');

  if (!argv.includes('--checkpoint')) {
    const dir = join(MODELS_DIR, model);
    if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`No exported model in ${dir}; export one (npm run export -- --model ${model}) or pass --checkpoint.`);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { inputSize: number };
    const val = loadCropCache(manifest.inputSize, 'val');
    const { probs } = await evaluateExported(dir, val);
    console.log(report(`${model} (exported, ${dir}, app loader)`, probs, val));
    return;
  }
  const path = opt('checkpoint') ?? newestCheckpoint(checkpointDir(CHECKPOINT_ROOT, { model, name: (opt('config') ?? 'cpu') as 'cpu' }));
  if (!path) throw new Error(`No checkpoint for ${model}; train first (npm run train -- --model ${model} --config cpu).`);
  const ckpt = loadCheckpoint(path);
  const net = buildModel(ckpt.config.model, ckpt.config.arch, ckpt.config.seed);
  net.setWeights(ckpt.weights);
  const val = loadCropCache(ckpt.config.arch.inputSize, 'val');
  const { probs } = await predictSplit(net, val, registry[model].normalization, ckpt.config.wsdan);
  console.log(report(`${model} (checkpoint ${path}${ckpt.config.wsdan ? ', raw + attention crop' : ''})`, probs, val));
  disposeCheckpoint(ckpt);
  net.dispose();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
