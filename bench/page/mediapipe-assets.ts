// Bench-only assets for MediaPipe's FaceDetector (`@mediapipe/tasks-vision`), made at dev and build
// time from node_modules (nothing downloaded, nothing binary committed):
//  - mediapipe/face_detection_{short,full}_range.tflite: the BlazeFace models of
//    `@mediapipe/face_detection`, with the NormalizationOptions metadata tasks-vision requires
//    written in (bench/tflite-metadata.ts; the models take [-1, 1], so mean 127.5, std 127.5);
//  - mediapipe-wasm/vision_wasm_module_internal.{js,wasm}: tasks-vision's runtime, the ES-module
//    build (a module worker cannot importScripts the classic one), served from the page's origin
//    so the CSP (`script-src 'self' 'wasm-unsafe-eval'`) holds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { withInputNormalization } from '../tflite-metadata';

export const MEDIAPIPE_MODELS = ['face_detection_short_range.tflite', 'face_detection_full_range.tflite'] as const;

function assets(): Record<string, () => Uint8Array> {
  const require = createRequire(import.meta.url);
  const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`));
  const out: Record<string, () => Uint8Array> = {};
  for (const m of MEDIAPIPE_MODELS) {
    out[`mediapipe/${m}`] = () =>
      withInputNormalization(readFileSync(join(pkg('@mediapipe/face_detection'), m)), {
        name: m.replace('.tflite', ''),
        description: `${m} from @mediapipe/face_detection; input normalised to [-1, 1] (metadata written by bench/tflite-metadata.ts)`,
        mean: [127.5],
        std: [127.5],
      });
  }
  for (const f of ['vision_wasm_module_internal.js', 'vision_wasm_module_internal.wasm']) {
    // tasks-vision's package.json `exports` names each wasm file (and not package.json itself).
    out[`mediapipe-wasm/${f}`] = () => readFileSync(require.resolve(`@mediapipe/tasks-vision/${f}`));
  }
  return out;
}

export function mediapipeAssets(): Plugin {
  const files = assets();
  const types: Record<string, string> = { js: 'text/javascript', wasm: 'application/wasm', tflite: 'application/octet-stream' };
  return {
    name: 'bench-mediapipe-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        const make = files[path];
        if (!make) return next();
        res.setHeader('Content-Type', types[path.split('.').pop()!] ?? 'application/octet-stream');
        res.end(make());
      });
    },
    generateBundle() {
      for (const [fileName, make] of Object.entries(files)) this.emitFile({ type: 'asset', fileName, source: make() });
    },
  };
}
