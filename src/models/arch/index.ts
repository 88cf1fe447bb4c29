// The model registry: one functional definition per architecture, shared by the app (inference) and
// training/ (tf.variableGrads over `params`). Backbones expose a timm-like seam
// (`forwardFeatures` -> [b,h,w,c] feature map) and heads attach to any backbone.
import * as tf from '@tensorflow/tfjs-core';
import type { Architecture, Normalization } from '../types';
import { buildEfficientNet } from './efficientnet';
import { buildClassifierHead, buildWsdanHead } from './heads';
import { FoldedBatchNorms, ParamStore, runStages, type Ctx } from './layers';
import { buildXception } from './xception';

/** Hyper-parameters that rebuild an architecture (stored as manifest.archConfig / model.json). */
export interface ArchConfig {
  /** Side of the square input image (the seed: 299 Xception, 320 WS-DAN/Xception, 300 EffNet-b3). */
  inputSize: number;
  /** Channel multiplier. Xception: 1 = the paper's widths (2048 features). EfficientNet: b3 = 1.2. */
  widthMultiplier: number;
  /** Xception: number of middle-flow blocks (paper 8). Unused by EfficientNet. */
  middleBlocks?: number;
  /** Xception: keep block 14 (the exit flow's separable convs; default true). false ends the
   *  backbone at block 13 (1024 features). */
  block14?: boolean;
  /** EfficientNet: repeat multiplier (b3 = 1.4). Unused by Xception. */
  depthMultiplier?: number;
  /** WS-DAN: number of attention maps M (seed 8). Unused by the plain classifier. */
  attentionMaps?: number;
  /** Batch-norm moving-average momentum (PyTorch convention: new = (1-m)*old + m*batch). */
  bnMomentum?: number;
}

export interface ApplyOptions {
  /** Training mode: batch statistics in BN (moving stats updated in place), dropout on. */
  training: boolean;
  /** Seed of the WS-DAN feature-matrix dropout (training only), for reproducible steps. */
  dropoutSeed?: number;
  /** Training only: set false to use batch stats without updating the moving stats (default true). */
  updateStats?: boolean;
  /** x is the output of this backbone stage (a cached frozen prefix, training/feature-cache.ts), not
   *  an image: only the stages after it and the head run. */
  after?: string;
  /** Inference only: each batch norm folded into the convolution before it (layers.ts,
   *  FoldedBatchNorms: the same function to float rounding, fewer passes). The first such call
   *  rewrites the weights in place (namedWeights then returns the folded ones), so not for a model
   *  still being trained. The page's models run so. */
  foldBn?: boolean;
}

export type ApplyOutput = {
  /** [b,2] raw logits (index 1 = fake). */
  logits: tf.Tensor2D;
  /** WS-DAN only: [b, M*C] signed-sqrt + L2-normalised feature matrix, before dropout (center loss). */
  featureMatrix?: tf.Tensor2D;
  /** WS-DAN only: [b,h,w,M] attention maps (after ReLU). */
  attention?: tf.Tensor4D;
};

export interface Model {
  architecture: Architecture;
  archConfig: ArchConfig;
  /** Trainable parameters by name (what tf.variableGrads should differentiate). */
  params: Record<string, tf.Variable>;
  /** Non-trainable state by name (BN moving mean/var); trainable=false variables. */
  state: Record<string, tf.Variable>;
  /** x: [b,S,S,3] already resized to archConfig.inputSize and normalised. */
  apply(x: tf.Tensor4D, opts: ApplyOptions): ApplyOutput;
  /** The head alone on a backbone feature map (what `features` returns). */
  applyHead(features: tf.Tensor4D, opts: ApplyOptions): ApplyOutput;
  /** The backbone's feature map in the given mode (honours `after`; BN stats move in training). */
  features(x: tf.Tensor4D, opts: ApplyOptions): tf.Tensor4D;
  /** Inference-mode backbone output of stage `upTo` (the frozen prefix training caches); without it,
   *  the whole backbone's feature map. */
  forwardTo(x: tf.Tensor4D, upTo?: string): tf.Tensor4D;
  /** Every weight (params then state) by name: what weights-io saves. */
  namedWeights(): Record<string, tf.Tensor>;
  /** Overwrite weights by name (shape-checked; unknown or missing names are errors). */
  setWeights(weights: Record<string, tf.Tensor>): void;
  dispose(): void;
}

export interface RegistryEntry {
  architecture: Architecture;
  /** Paper-sized config (the seed's). */
  full: ArchConfig;
  /** Small config that trains on a 2-core CPU in minutes. */
  cpu: ArchConfig;
  /** The seed's preprocessing for this model (method.md table). */
  normalization: Normalization;
}

/** The seed's WS-DAN normalisation (method.md). */
const WSDAN_NORM: Normalization = { mean: [0.4479, 0.3744, 0.3473], std: [0.2537, 0.2502, 0.2424] };

/**
 * `cpu` configs: measured with training/kernels/bench-step.ts (wasm + registerWasmTrainingKernels,
 * batch 32, one forward+backward, on the shared 2-core machine at load average 7-8, 18:55-18:57
 * UTC): xception 21 img/s, wsdan-xception 16 img/s, wsdan-efficientnet-b3 12.5 img/s at 96 px.
 * 64 px is ~1.3x faster (per-op overhead dominates at these widths). A WS-DAN training step runs
 * the network three times (raw, crop, drop), so it trains at roughly a third of these rates.
 */
export const registry: Record<Architecture, RegistryEntry> = {
  xception: {
    architecture: 'xception',
    full: { inputSize: 299, widthMultiplier: 1, middleBlocks: 8 },
    cpu: { inputSize: 96, widthMultiplier: 0.125, middleBlocks: 2 },
    normalization: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
  },
  'wsdan-xception': {
    architecture: 'wsdan-xception',
    full: { inputSize: 320, widthMultiplier: 1, middleBlocks: 8, attentionMaps: 8 },
    cpu: { inputSize: 96, widthMultiplier: 0.125, middleBlocks: 2, attentionMaps: 8 },
    normalization: WSDAN_NORM,
  },
  'wsdan-efficientnet-b3': {
    architecture: 'wsdan-efficientnet-b3',
    full: { inputSize: 300, widthMultiplier: 1.2, depthMultiplier: 1.4, attentionMaps: 8 },
    cpu: { inputSize: 96, widthMultiplier: 0.35, depthMultiplier: 0.5, attentionMaps: 8 },
    normalization: WSDAN_NORM,
  },
};

const ARCHITECTURES = Object.keys(registry) as Architecture[];

/** Validate an archConfig read from disk (manifest / model.json): exact messages, unknown keys rejected. */
export function parseArchConfig(architecture: Architecture, raw: unknown): ArchConfig {
  if (!ARCHITECTURES.includes(architecture)) throw new Error(`unknown architecture "${String(architecture)}" (known: ${ARCHITECTURES.join(', ')})`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`archConfig of ${architecture} must be an object`);
  const allowed = ['inputSize', 'widthMultiplier', 'middleBlocks', 'block14', 'depthMultiplier', 'attentionMaps', 'bnMomentum'];
  const cfg = raw as Record<string, unknown>;
  for (const k of Object.keys(cfg)) if (!allowed.includes(k)) throw new Error(`archConfig of ${architecture}: unknown key "${k}"`);
  const num = (k: string, required: boolean, integer: boolean, min: number): number | undefined => {
    const v = cfg[k];
    if (v === undefined) {
      if (required) throw new Error(`archConfig of ${architecture}: "${k}" is required`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      throw new Error(`archConfig of ${architecture}: "${k}" must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const isX = architecture !== 'wsdan-efficientnet-b3';
  const isWsdan = architecture !== 'xception';
  const out: ArchConfig = { inputSize: num('inputSize', true, true, 8)!, widthMultiplier: num('widthMultiplier', true, false, 0.01)! };
  const middle = num('middleBlocks', isX, true, 0);
  const depth = num('depthMultiplier', !isX, false, 0.01);
  const maps = num('attentionMaps', isWsdan, true, 1);
  const mom = num('bnMomentum', false, false, 0);
  if (middle !== undefined) out.middleBlocks = middle;
  if (cfg.block14 !== undefined) {
    if (!isX || typeof cfg.block14 !== 'boolean') throw new Error(`archConfig of ${architecture}: "block14" must be a boolean on an Xception model`);
    out.block14 = cfg.block14;
  }
  if (depth !== undefined) out.depthMultiplier = depth;
  if (maps !== undefined) out.attentionMaps = maps;
  if (mom !== undefined) {
    if (mom > 1) throw new Error(`archConfig of ${architecture}: "bnMomentum" must be <= 1, got ${mom}`);
    out.bnMomentum = mom;
  }
  return out;
}

/** Just the head of an architecture, on a backbone with `channels` features (a head-only model folder
 *  whose backbone is another folder's; manifest.backbone). */
export interface HeadModel {
  params: Record<string, tf.Variable>;
  state: Record<string, tf.Variable>;
  apply(features: tf.Tensor4D, opts: ApplyOptions): ApplyOutput;
  setWeights(weights: Record<string, tf.Tensor>): void;
  dispose(): void;
}

export function buildHead(architecture: Architecture, archConfig: ArchConfig, channels: number, seed: number | null = 1): HeadModel {
  const cfg = parseArchConfig(architecture, archConfig);
  const ps = new ParamStore(seed);
  const head = architecture === 'xception' ? buildClassifierHead(ps, channels) : buildWsdanHead(ps, channels, cfg.attentionMaps!);
  const bnMomentum = cfg.bnMomentum ?? 0.1;
  const fold = new FoldedBatchNorms();
  const all = (): Record<string, tf.Variable> => ({ ...ps.params, ...ps.state });
  return {
    params: ps.params,
    state: ps.state,
    apply: (f, opts) => head(f, ctxOf(opts, bnMomentum, fold), opts.dropoutSeed),
    setWeights: (weights) => (fold.clear(), assignAll(all(), weights, `${architecture} head`)),
    dispose: () => Object.values(all()).forEach((v) => v.dispose()),
  };
}

/** The layers' context for one call: folded batch norms only at inference, when asked for. */
function ctxOf(opts: ApplyOptions, bnMomentum: number, fold: FoldedBatchNorms): Ctx {
  return { training: opts.training, updateStats: opts.training && opts.updateStats !== false, bnMomentum, ...(opts.foldBn && !opts.training ? { fold } : {}) };
}

/** Overwrite every variable by name (shape-checked; unknown or missing names are errors). */
function assignAll(vars: Record<string, tf.Variable>, weights: Record<string, tf.Tensor>, what: string): void {
  for (const name of Object.keys(weights)) if (!(name in vars)) throw new Error(`weight "${name}" does not belong to ${what}`);
  for (const [name, v] of Object.entries(vars)) {
    const w = weights[name];
    if (!w) throw new Error(`weight "${name}" of ${what} is missing`);
    if (!tf.util.arraysEqual(w.shape, v.shape)) throw new Error(`weight "${name}" has shape [${w.shape.join(',')}], expected [${v.shape.join(',')}]`);
  }
  for (const [name, v] of Object.entries(vars)) v.assign(weights[name]!);
}

/** Build an architecture with freshly initialised weights (deterministic given `seed`; null: all zero, for weights set right after). */
export function buildModel(architecture: Architecture, archConfig: ArchConfig, seed: number | null = 1): Model {
  const cfg = parseArchConfig(architecture, archConfig);
  const ps = new ParamStore(seed);
  const backbone =
    architecture === 'wsdan-efficientnet-b3'
      ? buildEfficientNet(ps, { widthMultiplier: cfg.widthMultiplier, depthMultiplier: cfg.depthMultiplier! })
      : buildXception(ps, { widthMultiplier: cfg.widthMultiplier, middleBlocks: cfg.middleBlocks!, block14: cfg.block14 });
  const head = architecture === 'xception' ? buildClassifierHead(ps, backbone.features) : buildWsdanHead(ps, backbone.features, cfg.attentionMaps!);
  const bnMomentum = cfg.bnMomentum ?? 0.1;
  const fold = new FoldedBatchNorms();
  const { params, state } = ps;
  return {
    architecture,
    archConfig: cfg,
    params,
    state,
    apply(x, opts) {
      if (x.rank !== 4 || (opts.after === undefined && x.shape[3] !== 3)) throw new Error(`model input must be [b,h,w,3], got [${x.shape.join(',')}]`);
      const ctx = ctxOf(opts, bnMomentum, fold);
      const features = opts.after === undefined ? backbone.forwardFeatures(x, ctx) : runStages(stagesOf(), x, ctx, opts.after);
      return head(features, ctx, opts.dropoutSeed);
    },
    applyHead(f, opts) {
      return head(f, ctxOf(opts, bnMomentum, fold), opts.dropoutSeed);
    },
    features(x, opts) {
      const ctx = ctxOf(opts, bnMomentum, fold);
      return opts.after === undefined ? backbone.forwardFeatures(x, ctx) : runStages(stagesOf(), x, ctx, opts.after);
    },
    forwardTo(x, upTo) {
      return runStages(stagesOf(), x, { training: false, updateStats: false, bnMomentum }, undefined, upTo);
    },
    namedWeights: () => ({ ...params, ...state }),
    setWeights: (weights) => {
      fold.clear();
      assignAll(all(), weights, architecture);
    },
    dispose() {
      for (const v of Object.values(all())) v.dispose();
    },
  };
  function stagesOf() {
    if (!backbone.stages) throw new Error(`${architecture} has no named backbone stages`);
    return backbone.stages;
  }
  function all(): Record<string, tf.Variable> {
    return { ...params, ...state };
  }
}
