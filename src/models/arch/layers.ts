// Building blocks of the functional models: a parameter store that names and initialises
// variables, and plain-tf layer functions (NHWC) that read their weights from it. No tf.layers, so
// training can differentiate with tf.variableGrads and the browser runs the same code.
import * as tf from '@tensorflow/tfjs-core';

/** What every layer needs to know about the current call. */
export interface Ctx {
  training: boolean;
  /** Assign BN moving stats from the batch (training only). */
  updateStats: boolean;
  /** PyTorch convention: moving = (1 - m) * moving + m * batch. */
  bnMomentum: number;
  /** Inference only: batch norms folded into the convolutions before them (convBn). */
  fold?: FoldedBatchNorms;
}

/** One named stage of a backbone (Xception: stem, block1-3, middle0-7, exit, tail). */
export interface BackboneStage {
  name: string;
  run(x: tf.Tensor4D, ctx: Ctx): tf.Tensor4D;
}

/** The timm-like seam: any backbone gives a feature map that any head can use. */
export interface Backbone {
  /** Channels of the feature map. */
  features: number;
  /** x: [b,S,S,3] normalised -> [b,h,w,features]. */
  forwardFeatures(x: tf.Tensor4D, ctx: Ctx): tf.Tensor4D;
  /** Backbones that can be cut (Xception): its stages in order, so a frozen prefix can run once
   *  (training's feature cache) and the rest from its output. */
  stages?: BackboneStage[];
}

/** Run the stages after stage `after` (default: from the first) up to and including `upTo` (default:
 *  the last). */
export function runStages(stages: readonly BackboneStage[], x: tf.Tensor4D, ctx: Ctx, after?: string, upTo?: string): tf.Tensor4D {
  const names = stages.map((s) => s.name);
  const i = after === undefined ? 0 : names.indexOf(after) + 1;
  const j = upTo === undefined ? stages.length : names.indexOf(upTo) + 1;
  if (i === 0 && after !== undefined) throw new Error(`no backbone stage "${after}" (stages: ${names.join(', ')})`);
  if (j === 0 || j < i) throw new Error(`no backbone stages after "${after}" up to "${upTo}" (stages: ${names.join(', ')})`);
  let h = x;
  for (const s of stages.slice(i, j)) h = s.run(h, ctx);
  return h;
}

/** Creates and names the variables of one model; deterministic given the seed. Seed null: the
 *  weights start at zero, for a model whose weights are set right after it is built (loading): tfjs
 *  draws random numbers in JavaScript even on wasm, which took 450 ms of the page's start-up for
 *  the Xception (docs/decisions.md, "Start-up"). */
export class ParamStore {
  readonly params: Record<string, tf.Variable> = {};
  readonly state: Record<string, tf.Variable> = {};
  private counter = 0;

  constructor(private readonly seed: number | null) {}

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
    return this.add(name, this.seed === null ? tf.zeros(shape) : tf.randomNormal(shape, 0, std, 'float32', this.seed + this.counter++), true);
  }

  /** Small-uniform weights for the final linear layers (PyTorch nn.Linear default bound). */
  uniform(name: string, shape: number[], bound: number): tf.Variable {
    return this.add(name, this.seed === null ? tf.zeros(shape) : tf.randomUniform(shape, -bound, bound, 'float32', this.seed + this.counter++), true);
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

/** Batch-norm epsilon of every layer here (Keras's and TF EfficientNet's 1e-3); importers of folded
 *  weights set moving variance 1 - eps to make a batch norm the identity. */
export const BN_EPS_DEFAULT = 1e-3;

export function bnParam(ps: ParamStore, name: string, c: number, eps = BN_EPS_DEFAULT): BnParams {
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
  const onStats = ctx.updateStats
    ? (mean: tf.Tensor1D, variance: tf.Tensor1D, n: number) => {
        const m = ctx.bnMomentum;
        const unbiased = n > 1 ? n / (n - 1) : 1;
        const newMean = tf.tidy(() => tf.add(tf.mul(p.movingMean, 1 - m), tf.mul(mean, m)));
        const newVar = tf.tidy(() => tf.add(tf.mul(p.movingVar, 1 - m), tf.mul(variance, m * unbiased)));
        p.movingMean.assign(newMean);
        p.movingVar.assign(newVar);
        newMean.dispose();
        newVar.dispose();
      }
    : undefined;
  return batchNormTrain(x, p.gamma as tf.Tensor1D, p.beta as tf.Tensor1D, p.eps, onStats);
}

/**
 * Training-mode BN with a hand-written gradient. Autodiff of the same formula goes through
 * tf.batchNorm's tiled gradient or many reductions over leading axes, both slow on wasm; here every
 * reduction is a [1,N] x [N,c] matmul. With xhat = (x - mean) * rstd:
 *   dbeta = sum dy, dgamma = sum dy * xhat, dx = gamma * rstd * (dy - dbeta/N - xhat * dgamma/N),
 * which already includes the paths through the batch mean and variance. The statistics are computed
 * inside the custom op (so they are not taped) and handed to `onStats` for the moving averages.
 */
export function batchNormTrain(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
  onStats?: (mean: tf.Tensor1D, variance: tf.Tensor1D, n: number) => void,
): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const n = b * h * w;
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xx, g, bt, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    // Every full-size pass counts on wasm: per-channel factors are folded into [c] vectors first.
    const flat = tf.reshape(xx, [n, c]) as tf.Tensor2D;
    const avg = tf.fill([1, n], 1 / n) as tf.Tensor2D;
    const mean = tf.reshape(tf.matMul(avg, flat), [c]) as tf.Tensor1D;
    const centred = tf.sub(flat, mean) as tf.Tensor2D;
    const variance = tf.reshape(tf.matMul(avg, tf.square(centred) as tf.Tensor2D), [c]) as tf.Tensor1D;
    onStats?.(mean, variance, n);
    const rstd = tf.rsqrt(tf.add(variance, eps)) as tf.Tensor1D;
    save([centred, rstd, g]);
    const value = tf.reshape(tf.add(tf.mul(centred, tf.mul(g, rstd)), bt), [b, h, w, c]) as tf.Tensor4D;
    const gradFunc = (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
      const [sc, srstd, sg] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
      const dyf = tf.reshape(dy, [n, c]) as tf.Tensor2D;
      const ones = tf.fill([1, n], 1) as tf.Tensor2D;
      const dbeta = tf.reshape(tf.matMul(ones, dyf), [c]);
      // sum(dy * centred); dgamma = that * rstd (xhat = centred * rstd).
      const dyc = tf.reshape(tf.matMul(ones, tf.mul(dyf, sc) as tf.Tensor2D), [c]);
      const dgamma = tf.mul(dyc, srstd);
      const inner = tf.sub(tf.sub(dyf, tf.div(dbeta, n)), tf.mul(sc, tf.div(tf.mul(dyc, tf.square(srstd)), n)));
      const dx = tf.reshape(tf.mul(inner, tf.mul(sg, srstd)), [b, h, w, c]);
      return [dx, dgamma, dbeta];
    };
    return { value, gradFunc };
  });
  return f(x, gamma, beta) as tf.Tensor4D;
}

/**
 * Per-channel mean and biased variance over b,h,w, as [1,N] x [N,c] matmuls: on wasm a reduction
 * over leading axes transposes first and is several times slower than a matrix-vector product.
 */
export function channelMoments(x: tf.Tensor4D): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const [b, h, w, c] = x.shape;
  const n = b * h * w;
  const flat = tf.reshape(x, [n, c]) as tf.Tensor2D;
  const avg = tf.fill([1, n], 1 / n) as tf.Tensor2D;
  const mean = tf.matMul(avg, flat);
  const centred = tf.sub(flat, mean);
  const variance = tf.matMul(avg, tf.square(centred));
  return { mean: tf.reshape(mean, [c]) as tf.Tensor1D, variance: tf.reshape(variance, [c]) as tf.Tensor1D };
}

/**
 * Mean over h,w: [b,h,w,c] -> [b,c], as a batched [1,hw] x [hw,c] matmul (a middle-axis Mean on wasm
 * transposes first; its gradient then is an outer product, not a tiled broadcast).
 */
export function spatialMean(x: tf.Tensor4D, training = true): tf.Tensor2D {
  // Inference keeps the plain op: every browser backend has a fast Mean.
  if (!training) return tf.mean(x, [1, 2]) as tf.Tensor2D;
  const [b, h, w, c] = x.shape;
  const avg = tf.fill([1, 1, h * w], 1 / (h * w)) as tf.Tensor3D;
  return tf.reshape(tf.matMul(avg, tf.reshape(x, [b, h * w, c]) as tf.Tensor3D), [b, c]) as tf.Tensor2D;
}

/**
 * x [b,h,w,c] * gate [b,c] (squeeze-excitation). Custom gradient: d gate = sum over h,w of dy * x as
 * a batched matmul, instead of autodiff's middle-axis Sum (slow on wasm).
 */
export function channelScale(x: tf.Tensor4D, gate: tf.Tensor2D, training = true): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  if (!training) return tf.mul(x, tf.reshape(gate, [b, 1, 1, c])) as tf.Tensor4D;
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xx, g, save] = args as [tf.Tensor4D, tf.Tensor2D, tf.GradSaveFunc];
    save([xx, g]);
    const value = tf.mul(xx, tf.reshape(g, [b, 1, 1, c])) as tf.Tensor4D;
    const gradFunc = (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
      const [sx, sg] = saved as [tf.Tensor4D, tf.Tensor2D];
      const dx = tf.mul(dy, tf.reshape(sg, [b, 1, 1, c]));
      const ones = tf.fill([1, 1, h * w], 1) as tf.Tensor3D;
      const dg = tf.reshape(tf.matMul(ones, tf.reshape(tf.mul(dy, sx), [b, h * w, c]) as tf.Tensor3D), [b, c]);
      return [dx, dg];
    };
    return { value, gradFunc };
  });
  return f(x, gate) as tf.Tensor4D;
}

/**
 * Batch norms of one model folded into the convolutions before them, for inference, in place: the
 * filter is scaled per output channel by gamma / sqrt(var + eps), beta becomes the bias
 * beta - mean * that scale, and the batch norm becomes the identity plus that bias (gamma 1, mean
 * 0, var 1 - eps). The model computes the same function (to float rounding) either way and holds
 * no second copy of its weights; folded, one fused convolution (bias and ReLU inside XNNPACK's
 * kernel) replaces the conv, the batch norm's pass over the activations and the ReLU's
 * (docs/decisions.md, "Batch norm folded into the convolutions"). A model's setWeights forgets
 * what was folded.
 */
export class FoldedBatchNorms {
  private readonly folded = new Set<BnParams>();

  /** Folds `bn` into `w` once; returns the bias of the fused convolution. `depthwise`: w is a
   *  depthwise filter [k,k,c,1], whose output channels are its third axis. */
  fold(w: tf.Variable, bn: BnParams, depthwise = false): tf.Tensor1D {
    if (!this.folded.has(bn)) {
      tf.tidy(() => {
        const scale = tf.mul(bn.gamma, tf.rsqrt(tf.add(bn.movingVar, bn.eps)));
        w.assign(tf.mul(w, depthwise ? tf.reshape(scale, [-1, 1]) : scale));
        bn.beta.assign(tf.sub(bn.beta, tf.mul(bn.movingMean, scale)));
        bn.gamma.assign(tf.onesLike(bn.gamma));
        bn.movingMean.assign(tf.zerosLike(bn.movingMean));
        bn.movingVar.assign(tf.fill(bn.movingVar.shape, 1 - bn.eps));
      });
      this.folded.add(bn);
    }
    return bn.beta as tf.Tensor1D;
  }

  clear(): void {
    this.folded.clear();
  }
}

/** Batch norm of a convolution's output, then ReLU when `relu`: with `ctx.fold` (inference) one fused
 *  convolution; otherwise the three ops (training, and what the fold is tested against). */
export function convBn(x: tf.Tensor4D, w: tf.Variable, stride: number, pad: 'same' | 'valid', bn: BnParams, ctx: Ctx, relu = false): tf.Tensor4D {
  if (ctx.fold && !ctx.training) {
    const bias = ctx.fold.fold(w, bn);
    return tf.fused.conv2d({ x, filter: w as tf.Tensor4D, strides: stride, pad, bias, activation: relu ? 'relu' : 'linear' });
  }
  const y = batchNorm(conv(x, w, stride, pad), bn, ctx);
  return relu ? tf.relu(y) : y;
}

/** Batch norm of a depthwise convolution's output (EfficientNet): with `ctx.fold` (inference) one
 *  fused depthwise convolution with bias, as convBn; otherwise the two ops. */
export function depthwiseBn(x: tf.Tensor4D, w: tf.Variable, stride: number, pad: 'same' | 'valid', bn: BnParams, ctx: Ctx): tf.Tensor4D {
  if (ctx.fold && !ctx.training) {
    const bias = ctx.fold.fold(w, bn, true);
    return tf.fused.depthwiseConv2d({ x, filter: w as tf.Tensor4D, strides: stride, pad, bias });
  }
  return batchNorm(depthwise(x, w, stride, pad), bn, ctx);
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
