// Building blocks of the functional models: a parameter store that names and initialises
// variables, and plain-tf layer functions (NHWC) that read their weights from it. No tf.layers, so
// training can differentiate with tf.variableGrads and the browser runs the same code.
import * as tf from '@tensorflow/tfjs';

/** What every layer needs to know about the current call. */
export interface Ctx {
  training: boolean;
  /** Assign BN moving stats from the batch (training only). */
  updateStats: boolean;
  /** PyTorch convention: moving = (1 - m) * moving + m * batch. */
  bnMomentum: number;
}

/** The timm-like seam: any backbone gives a feature map that any head can use. */
export interface Backbone {
  /** Channels of the feature map. */
  features: number;
  /** x: [b,S,S,3] normalised -> [b,h,w,features]. */
  forwardFeatures(x: tf.Tensor4D, ctx: Ctx): tf.Tensor4D;
}

/** Creates and names the variables of one model; deterministic given the seed. */
export class ParamStore {
  readonly params: Record<string, tf.Variable> = {};
  readonly state: Record<string, tf.Variable> = {};
  private counter = 0;

  constructor(private readonly seed: number) {}

  private add(name: string, value: tf.Tensor, trainable: boolean): tf.Variable {
    if (name in this.params || name in this.state) throw new Error(`duplicate parameter name "${name}"`);
    // Unique variable names would collide between two models built in one process; let tfjs name them.
    const v = tf.variable(value, trainable);
    value.dispose();
    (trainable ? this.params : this.state)[name] = v;
    return v;
  }

  /** He-normal (fan-in) weights: keeps activations' scale through ReLU/swish stacks at init. */
  heNormal(name: string, shape: number[], fanIn: number): tf.Variable {
    const std = Math.sqrt(2 / fanIn);
    return this.add(name, tf.randomNormal(shape, 0, std, 'float32', this.seed + this.counter++), true);
  }

  /** Small-uniform weights for the final linear layers (PyTorch nn.Linear default bound). */
  uniform(name: string, shape: number[], bound: number): tf.Variable {
    return this.add(name, tf.randomUniform(shape, -bound, bound, 'float32', this.seed + this.counter++), true);
  }

  constant(name: string, shape: number[], value: number, trainable: boolean): tf.Variable {
    return this.add(name, tf.fill(shape, value), trainable);
  }
}

/** Conv weight [k,k,cin,cout] (no bias: every conv here is followed by BN). */
export function convParam(ps: ParamStore, name: string, k: number, cin: number, cout: number): tf.Variable {
  return ps.heNormal(`${name}.weight`, [k, k, cin, cout], k * k * cin);
}

/** Depthwise weight [k,k,c,1]. */
export function depthwiseParam(ps: ParamStore, name: string, k: number, c: number): tf.Variable {
  return ps.heNormal(`${name}.weight`, [k, k, c, 1], k * k);
}

export interface BnParams {
  gamma: tf.Variable;
  beta: tf.Variable;
  movingMean: tf.Variable;
  movingVar: tf.Variable;
  eps: number;
}

export function bnParam(ps: ParamStore, name: string, c: number, eps = 1e-3): BnParams {
  return {
    gamma: ps.constant(`${name}.gamma`, [c], 1, true),
    beta: ps.constant(`${name}.beta`, [c], 0, true),
    movingMean: ps.constant(`${name}.movingMean`, [c], 0, false),
    movingVar: ps.constant(`${name}.movingVar`, [c], 1, false),
    eps,
  };
}

/**
 * Batch norm over the last axis. Training: batch statistics (biased variance, as PyTorch) and the
 * moving stats are assigned in place with the unbiased variance; this also works inside
 * tf.variableGrads because the assignment is not on the path to the loss.
 */
export function batchNorm(x: tf.Tensor4D, p: BnParams, ctx: Ctx): tf.Tensor4D {
  if (!ctx.training) return tf.batchNorm(x, p.movingMean, p.movingVar, p.beta, p.gamma, p.eps) as tf.Tensor4D;
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  if (ctx.updateStats) {
    const n = x.shape[0] * x.shape[1] * x.shape[2];
    const m = ctx.bnMomentum;
    const unbiased = n > 1 ? n / (n - 1) : 1;
    const newMean = tf.tidy(() => tf.add(tf.mul(p.movingMean, 1 - m), tf.mul(mean, m)));
    const newVar = tf.tidy(() => tf.add(tf.mul(p.movingVar, 1 - m), tf.mul(variance, m * unbiased)));
    p.movingMean.assign(newMean);
    p.movingVar.assign(newVar);
    newMean.dispose();
    newVar.dispose();
  }
  return tf.batchNorm(x, mean, variance, p.beta, p.gamma, p.eps) as tf.Tensor4D;
}

export function conv(x: tf.Tensor4D, w: tf.Variable, stride: number, pad: 'same' | 'valid'): tf.Tensor4D {
  return tf.conv2d(x, w as tf.Tensor4D, stride, pad);
}

export function depthwise(x: tf.Tensor4D, w: tf.Variable, stride: number, pad: 'same' | 'valid'): tf.Tensor4D {
  return tf.depthwiseConv2d(x, w as tf.Tensor4D, stride, pad);
}

export function swish(x: tf.Tensor4D): tf.Tensor4D {
  return tf.mul(x, tf.sigmoid(x)) as tf.Tensor4D;
}

/** Channels scaled by a width multiplier, rounded to a multiple of `divisor` (EfficientNet's rule). */
export function roundChannels(c: number, width: number, divisor = 8): number {
  const f = c * width;
  let r = Math.max(divisor, Math.floor((f + divisor / 2) / divisor) * divisor);
  if (r < 0.9 * f) r += divisor;
  return r;
}
