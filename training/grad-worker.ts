// A gradient worker for data-parallel training (training/parallel.ts). tfjs-wasm runs one thread in
// Node, so train.ts computes one shard of each batch itself and hands the others to these workers,
// one per remaining core. A worker is stateless between steps: each request carries the current
// weights and centers, the worker builds its shard (same crops, same per-image augmentation seeds
// as a one-process run), runs stepGradients and returns the gradients, its BN moving stats and the
// WS-DAN features. The optimizer state lives only in the main thread.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { buildModel, registry, type Model } from '../src/models/arch/index';
import { setupBackend } from './backend';
import { makeBatch } from './batch';
import { openData, type CachedSplit } from './crop-cache';
import { stepGradients } from './step';
import type { InitMessage, StepReply, StepRequest, WorkerReply } from './parallel';

let model: Model;
let init: InitMessage;
let data: CachedSplit;

/** A copy of a tensor's values that may be transferred (the cpu backend's dataSync returns its own
 *  storage; wasm's is already a copy, and one more of a few MB costs well under a millisecond). */
const own = (t: tf.Tensor): Float32Array => new Float32Array(t.dataSync() as Float32Array);

function step(req: StepRequest): StepReply {
  if (init.data.kind === 'cache' && req.cacheVersion !== data.version) data = openData(init.data);
  const current = model.namedWeights();
  const tensors = Object.fromEntries(Object.entries(req.weights).map(([k, v]) => [k, tf.tensor(v, current[k]!.shape)]));
  model.setWeights(tensors);
  tf.dispose(Object.values(tensors));
  const centers = req.centers ? tf.tensor2d(req.centers, req.centersShape as [number, number]) : null;
  const { x, y } = makeBatch(data, req.indices, registry[init.model].normalization, req.aug);
  const g = stepGradients(model, { wsdan: init.wsdan }, centers, x, y, req.stepSeed);
  const reply: StepReply = {
    type: 'step',
    id: req.id,
    n: req.indices.length,
    loss: g.loss,
    grads: Object.fromEntries(Object.entries(g.grads).map(([k, t]) => [k, own(t)])),
    state: Object.fromEntries(Object.entries(model.state).map(([k, t]) => [k, own(t)])),
    features: g.features ? own(g.features) : null,
    labels: Int32Array.from(y.dataSync()),
  };
  tf.dispose([x, y, ...(centers ? [centers] : []), ...Object.values(g.grads), ...(g.features ? [g.features] : [])]);
  return reply;
}

parentPort!.on('message', async (msg: InitMessage | StepRequest) => {
  try {
    if (msg.type === 'init') {
      init = msg;
      await setupBackend(msg.backend);
      model = buildModel(msg.model, msg.arch, 0);
      data = openData(msg.data);
      parentPort!.postMessage({ type: 'ready' } satisfies WorkerReply);
      return;
    }
    const reply = step(msg);
    const buffers = [...Object.values(reply.grads), ...Object.values(reply.state), ...(reply.features ? [reply.features] : []), reply.labels].map((a) => a.buffer);
    parentPort!.postMessage(reply, [...new Set(buffers)] as ArrayBuffer[]);
  } catch (e) {
    parentPort!.postMessage({ type: 'error', id: 'id' in msg ? msg.id : -1, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
});
