// A gradient worker for feature-train.ts (one per extra core; tfjs-wasm runs one thread in Node).
// Stateless between steps: each request carries the current trainable weights and BN state and one
// shard of cached trunk activations; the reply is that shard's gradients, loss and BN state.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../src/models/arch/index';
import { setupBackend } from './backend';
import { headArch } from './joint-config';
import { jointGradients, jointParams, jointState, type FineTuned, type JointModels } from './joint-step';

export interface FeatureStepRequest {
  type: 'step';
  id: number;
  /** Trainable weights and BN state by prefixed name (joint-step.ts). */
  weights: Record<string, Float32Array>;
  x: Float32Array;
  shape: [number, number, number, number];
  y: Int32Array;
  seed: number;
  /** Fine-tuned blocks (joint-step.ts). */
  blocks: FineTuned;
}

export interface FeatureStepReply {
  type: 'step';
  id: number;
  n: number;
  loss: number;
  lossX: number;
  lossW: number;
  grads: Record<string, Float32Array>;
  state: Record<string, Float32Array>;
}

let models: JointModels | null = null;

function step(req: FeatureStepRequest): FeatureStepReply {
  const m = models!;
  const vars = { ...jointParams(m, req.blocks), ...jointState(m, req.blocks) };
  for (const [k, v] of Object.entries(req.weights)) tf.tidy(() => vars[k]!.assign(tf.tensor(v, vars[k]!.shape)));
  const x = tf.tensor4d(req.x, req.shape);
  const y = tf.tensor1d(req.y, 'int32');
  const g = jointGradients(m, x, y, req.seed, req.blocks);
  const own = (t: tf.Tensor) => new Float32Array(t.dataSync() as Float32Array);
  const reply: FeatureStepReply = {
    type: 'step',
    id: req.id,
    n: req.y.length,
    loss: g.loss,
    lossX: g.lossX,
    lossW: g.lossW,
    grads: Object.fromEntries(Object.entries(g.grads).map(([k, t]) => [k, own(t)])),
    state: Object.fromEntries(Object.entries(jointState(m, req.blocks)).map(([k, t]) => [k, own(t)])),
  };
  tf.dispose([x, y, ...Object.values(g.grads)]);
  return reply;
}

parentPort!.on('message', async (msg: { type: 'init' } | FeatureStepRequest) => {
  try {
    if (msg.type === 'init') {
      await setupBackend('wasm');
      models = { xception: buildModel('xception', headArch('xception')), wsdan: buildModel('wsdan-xception', headArch('wsdan-xception')) };
      parentPort!.postMessage({ type: 'ready' });
      return;
    }
    const reply = step(msg);
    parentPort!.postMessage(reply, [...Object.values(reply.grads), ...Object.values(reply.state)].map((a) => a.buffer as ArrayBuffer));
  } catch (e) {
    parentPort!.postMessage({ type: 'error', id: 'id' in msg ? msg.id : -1, message: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
});
