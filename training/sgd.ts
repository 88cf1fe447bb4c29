// SGD with momentum and L2 weight decay, PyTorch's formulation (the seed's optimizer):
//   g' = g + weightDecay * w;  v = momentum * v + g';  w -= lr * v
// Written out rather than tf.train.momentum so the momentum buffers are plain named tensors a
// checkpoint can store and restore, and so weight decay is exactly the seed's.
import * as tf from '@tensorflow/tfjs';

export class Sgd {
  velocity: Record<string, tf.Tensor> = {};

  constructor(
    readonly momentum: number,
    readonly weightDecay: number,
    /** Learning-rate factor for the classifier's parameters (names starting "fc."). */
    readonly headLrScale = 1,
  ) {}

  step(params: Record<string, tf.Variable>, grads: Record<string, tf.Tensor>, lr: number): void {
    const byVar = new Map(Object.entries(params).map(([name, v]) => [v.name, name]));
    for (const [key, g] of Object.entries(grads)) {
      // variableGrads keys gradients by the variable's own name; map back to the param name.
      const name = byVar.get(key) ?? key;
      const w = params[name];
      if (!w) throw new Error(`Gradient for unknown parameter "${key}".`);
      const next = tf.tidy(() => {
        const gd = this.weightDecay ? tf.add(g, tf.mul(w, this.weightDecay)) : g;
        const prev = this.velocity[name];
        return prev ? tf.add(tf.mul(prev, this.momentum), gd) : tf.clone(gd);
      });
      this.velocity[name]?.dispose();
      this.velocity[name] = next;
      const rate = name.startsWith('fc.') ? lr * this.headLrScale : lr;
      tf.tidy(() => w.assign(tf.sub(w, tf.mul(next, rate))));
    }
  }

  load(velocity: Record<string, tf.Tensor>): void {
    for (const v of Object.values(this.velocity)) v.dispose();
    this.velocity = Object.fromEntries(Object.entries(velocity).map(([k, t]) => [k, tf.clone(t)]));
  }
}
