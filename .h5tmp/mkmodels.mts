// SCRATCH (H5): random-initialised CPU-config models, only to exercise the e2e tests before H2's
// trained weights land. Written to /tmp/h5app/public/models (never into the repo).
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildModel, registry } from '../src/models/arch/index';
import { encodeModel } from '../src/models/weights-io';
import { manifestFileEntry } from '../src/models/manifest';
const out = process.argv[2] ?? '/tmp/h5app/public/models';
for (const arch of ['wsdan-xception', 'wsdan-efficientnet-b3', 'xception'] as const) {
  const r = registry[arch];
  const model = buildModel(arch, r.cpu, 7);
  const { modelJson, shards } = encodeModel(arch, r.cpu, model.namedWeights());
  const dir = `${out}/${arch}`;
  mkdirSync(dir, { recursive: true });
  const mj = new TextEncoder().encode(JSON.stringify(modelJson));
  writeFileSync(`${dir}/model.json`, mj);
  const files = [await manifestFileEntry('model.json', mj)];
  for (const s of shards) { writeFileSync(`${dir}/${s.path}`, s.data); files.push(await manifestFileEntry(s.path, s.data)); }
  const manifest = { name: arch, architecture: arch, archConfig: r.cpu, config: { name: 'scratch', differences: 'random init, e2e scratch only' }, inputSize: r.cpu.inputSize,
    normalization: r.normalization, files, dataset: { name: 'none', split: {} }, metrics: { auc: 0.5, logloss: 0.693, acc: 0.5, n: 0 }, createdAt: new Date().toISOString() };
  writeFileSync(`${dir}/manifest.json`, JSON.stringify(manifest, null, 2));
  console.log(arch, files.map((f) => `${f.path}:${f.bytes}`).join(' '));
  model.dispose();
}
console.log(tf.getBackend());
