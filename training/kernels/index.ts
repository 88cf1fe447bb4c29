// Fast tfjs-wasm gradient kernels for training in Node (and anywhere the wasm backend runs).
//
// HOW TO USE (H2 / training):
//   import * as tf from '@tensorflow/tfjs';
//   import '@tensorflow/tfjs-backend-wasm';
//   import { registerWasmTrainingKernels } from './kernels/index';
//   registerWasmTrainingKernels();          // before or after setBackend: both work
//   await tf.setBackend('wasm'); await tf.ready();
// Then tf.variableGrads over the models of src/models/arch works on wasm. In Node no setWasmPaths
// is needed (the .wasm files are found next to the package's dist). Node's wasm is single-threaded.
//
// Why: tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter or
// DepthwiseConv2dNativeBackpropInput, its Conv2DBackpropInput is a naive loop, and BatchMatMul with a
// transposed operand is many times slower than transposing first. Each kernel here is composed from
// fast existing wasm kernels (XNNPACK Conv2D / DepthwiseConv2dNative, BatchMatMul, Transpose,
// StridedSlice, PadV2, Multiply, Sum) by calling their kernel functions directly on TensorInfos
// (no engine, no tape), and freeing every intermediate.
//   - input gradients: a stride-1 convolution of the zero-dilated, padded dy with the flipped filter;
//   - conv filter gradient: per kernel tap, (strided slice of padded x)^T x dy as one matmul;
//   - depthwise filter gradient: per kernel tap, sum over b,h,w of (strided slice of padded x) * dy.
import * as tf from '@tensorflow/tfjs';

type Info = tf.TensorInfo;
type Backend = tf.KernelBackend;
type Attrs = Record<string, unknown>;
type PadSpec = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

const BACKEND = 'wasm';

/** Run an existing wasm kernel directly. */
function call(backend: Backend, name: string, inputs: Record<string, Info>, attrs: Attrs = {}): Info {
  const k = tf.getKernel(name, BACKEND);
  if (!k) throw new Error(`wasm kernel ${name} is not registered (is @tensorflow/tfjs-backend-wasm imported?)`);
  return k.kernelFunc({ inputs, backend, attrs } as unknown as Parameters<tf.KernelFunc>[0]) as Info;
}

/** The original BatchMatMul, kept when ours replaces it (our kernels must not recurse into the override). */
let originalBatchMatMul: tf.KernelConfig | undefined;

function matmul(backend: Backend, a: Info, b: Info): Info {
  const k = originalBatchMatMul ?? tf.getKernel('BatchMatMul', BACKEND)!;
  return k.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } } as unknown as Parameters<tf.KernelFunc>[0]) as Info;
}

function free(backend: Backend, ...infos: Info[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

const reshape = (be: Backend, x: Info, shape: number[]) => call(be, 'Reshape', { x }, { shape });
const transpose = (be: Backend, x: Info, perm: number[]) => call(be, 'Transpose', { x }, { perm });

/** Pad (positive) or crop (negative) each axis by [before, after]. */
function padOrCrop(be: Backend, x: Info, amounts: [number, number][]): Info {
  const pads = amounts.map(([a, b]) => [Math.max(a, 0), Math.max(b, 0)] as [number, number]);
  const crops = amounts.map(([a, b]) => [Math.max(-a, 0), Math.max(-b, 0)] as [number, number]);
  let out = x;
  let owned = false;
  if (crops.some(([a, b]) => a > 0 || b > 0)) {
    const begin = crops.map(([a]) => a);
    const size = x.shape.map((d, i) => d - crops[i]![0] - crops[i]![1]);
    out = call(be, 'Slice', { x }, { begin, size });
    owned = true;
  }
  if (pads.some(([a, b]) => a > 0 || b > 0)) {
    const padded = call(be, 'PadV2', { x: out }, { paddings: pads, constantValue: 0 });
    if (owned) free(be, out);
    out = padded;
    owned = true;
  }
  return owned ? out : reshape(be, x, x.shape);
}

interface Geometry {
  batch: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
}

function geometry(inShape: number[], filterShape: number[], strides: number | [number, number], pad: PadSpec, dilations: number | [number, number] | undefined, dimRoundingMode: unknown, depthwise: boolean, dataFormat?: string): Geometry {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') throw new Error(`wasm training kernels support NHWC only, got ${dataFormat}`);
  const d = dilations ?? 1;
  if ((typeof d === 'number' ? d : Math.max(...d)) !== 1) throw new Error('wasm training kernels support dilation 1 only');
  const info = tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad as 'same',
    dimRoundingMode as 'floor' | undefined,
    depthwise,
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    outH: info.outHeight,
    outW: info.outWidth,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

/**
 * dy [b,oh,ow,c] -> zero-dilated by the strides and padded so that a stride-1 VALID convolution with
 * the flipped filter gives dx [b,inH,inW,*]: dx[i] = sum_k dyd[i + top - k] w[k].
 */
function dilateAndPad(be: Backend, dy: Info, g: Geometry): Info {
  const c = dy.shape[3]!;
  let d = dy;
  let owned = false;
  if (g.sh > 1 || g.sw > 1) {
    const r6 = reshape(be, dy, [g.batch, g.outH, 1, g.outW, 1, c]);
    const p6 = call(be, 'PadV2', { x: r6 }, { paddings: [[0, 0], [0, 0], [0, g.sh - 1], [0, 0], [0, g.sw - 1], [0, 0]], constantValue: 0 });
    free(be, r6);
    d = reshape(be, p6, [g.batch, g.outH * g.sh, g.outW * g.sw, c]);
    free(be, p6);
    owned = true;
  }
  const before = [g.kh - 1 - g.top, g.kw - 1 - g.left];
  const after = [g.inH + g.kh - 1 - before[0]! - d.shape[1]!, g.inW + g.kw - 1 - before[1]! - d.shape[2]!];
  const out = padOrCrop(be, d, [[0, 0], [before[0]!, after[0]!], [before[1]!, after[1]!], [0, 0]]);
  if (owned) free(be, d);
  return out;
}

/** x [b,H,W,c] padded so that tap (i,j) of output o reads row o*s + i. */
function padForTaps(be: Backend, x: Info, g: Geometry): Info {
  const needH = (g.outH - 1) * g.sh + g.kh;
  const needW = (g.outW - 1) * g.sw + g.kw;
  return padOrCrop(be, x, [[0, 0], [g.top, needH - g.inH - g.top], [g.left, needW - g.inW - g.left], [0, 0]]);
}

function conv2DBackpropInput({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  const a = attrs as { inputShape: number[]; strides: number | [number, number]; pad: PadSpec; dataFormat?: string; dimRoundingMode?: string };
  const g = geometry(a.inputShape, filter.shape, a.strides, a.pad, 1, a.dimRoundingMode, false, a.dataFormat);
  // Flipped filter with in/out swapped: [kh,kw,ci,co] -> [kh,kw,co,ci].
  const rev = g.kh > 1 || g.kw > 1 ? call(backend, 'Reverse', { x: filter }, { dims: [0, 1] }) : filter;
  const wT = transpose(backend, rev, [0, 1, 3, 2]);
  if (rev !== filter) free(backend, rev);
  const d = dilateAndPad(backend, dy, g);
  const dx = call(backend, 'Conv2D', { x: d, filter: wT }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 });
  free(backend, wT, d);
  return dx;
}

function depthwiseBackpropInput({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  const a = attrs as { inputShape: number[]; strides: number | [number, number]; pad: PadSpec; dilations?: number; dimRoundingMode?: string };
  if (filter.shape[3] !== 1) throw new Error('wasm DepthwiseConv2dNativeBackpropInput supports channel multiplier 1 only');
  const g = geometry(a.inputShape, filter.shape, a.strides, a.pad, a.dilations, a.dimRoundingMode, true);
  const rev = g.kh > 1 || g.kw > 1 ? call(backend, 'Reverse', { x: filter }, { dims: [0, 1] }) : reshape(backend, filter, filter.shape);
  const d = dilateAndPad(backend, dy, g);
  const dx = call(backend, 'DepthwiseConv2dNative', { x: d, filter: rev }, { strides: 1, pad: 'valid', dilations: 1 });
  free(backend, rev, d);
  return dx;
}

function conv2DBackpropFilter({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { x, dy } = inputs as { x: Info; dy: Info };
  const a = attrs as { filterShape: number[]; strides: number | [number, number]; pad: PadSpec; dataFormat?: string; dimRoundingMode?: string };
  const g = geometry(x.shape, a.filterShape, a.strides, a.pad, 1, a.dimRoundingMode, false, a.dataFormat);
  const ci = x.shape[3]!;
  const co = dy.shape[3]!;
  const n = g.batch * g.outH * g.outW;
  const dy2 = reshape(backend, dy, [1, n, co]);
  // Channels first once, so every tap's slice is already the [ci, N] left operand.
  const xp = padForTaps(backend, x, g);
  const xT = transpose(backend, xp, [3, 0, 1, 2]);
  free(backend, xp);
  const taps: Info[] = [];
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      const plain = g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && xT.shape[2] === g.outH && xT.shape[3] === g.outW;
      const s = plain
        ? reshape(backend, xT, xT.shape)
        : call(backend, 'StridedSlice', { x: xT }, {
            begin: [0, 0, i, j],
            end: [ci, g.batch, i + (g.outH - 1) * g.sh + 1, j + (g.outW - 1) * g.sw + 1],
            strides: [1, 1, g.sh, g.sw],
            beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
          });
      const s3 = reshape(backend, s, [1, ci, n]);
      free(backend, s);
      taps.push(matmul(backend, s3, dy2));
      free(backend, s3);
    }
  }
  free(backend, xT, dy2);
  const stacked = taps.length === 1 ? taps[0]! : call(backend, 'Concat', taps as unknown as Record<string, Info>, { axis: 0 });
  if (taps.length > 1) free(backend, ...taps);
  const out = reshape(backend, stacked, [g.kh, g.kw, ci, co]);
  free(backend, stacked);
  return out;
}

function depthwiseBackpropFilter({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { x, dy } = inputs as { x: Info; dy: Info };
  const a = attrs as { filterShape: number[]; strides: number | [number, number]; pad: PadSpec; dilations?: number; dimRoundingMode?: string };
  if (a.filterShape[3] !== 1) throw new Error('wasm DepthwiseConv2dNativeBackpropFilter supports channel multiplier 1 only');
  const g = geometry(x.shape, a.filterShape, a.strides, a.pad, a.dilations, a.dimRoundingMode, true);
  const c = x.shape[3]!;
  const xp = padForTaps(backend, x, g);
  const taps: Info[] = [];
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      const s = call(backend, 'StridedSlice', { x: xp }, {
        begin: [0, i, j, 0],
        end: [g.batch, i + (g.outH - 1) * g.sh + 1, j + (g.outW - 1) * g.sw + 1, c],
        strides: [1, g.sh, g.sw, 1],
        beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
      });
      const prod = call(backend, 'Multiply', { a: s, b: dy });
      free(backend, s);
      taps.push(call(backend, 'Sum', { x: prod }, { axis: [0, 1, 2], keepDims: true }));
      free(backend, prod);
    }
  }
  free(backend, xp);
  const stacked = taps.length === 1 ? taps[0]! : call(backend, 'Concat', taps as unknown as Record<string, Info>, { axis: 0 });
  if (taps.length > 1) free(backend, ...taps);
  const out = reshape(backend, stacked, [g.kh, g.kw, c, 1]);
  free(backend, stacked);
  return out;
}

/**
 * MaxPoolGrad: the wasm kernel's result differs from the cpu reference for 'same' padding with
 * batch/channels > 1 (measured: max abs diff ~1 on random inputs), so it is replaced. Per window tap
 * (in row-major order, so ties go to the first max as in TF): mask = (tap value == pooled output) and
 * not yet taken; the masked dy is scattered back by zero-dilation and an offset pad.
 */
function maxPoolGrad({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { dy, input, output } = inputs as { dy: Info; input: Info; output: Info };
  const a = attrs as { filterSize: number | [number, number]; strides: number | [number, number]; pad: PadSpec; dimRoundingMode?: string };
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad as 'same', a.dimRoundingMode as 'floor' | undefined);
  const g: Geometry = {
    batch: info.batchSize, inH: info.inHeight, inW: info.inWidth, outH: info.outHeight, outW: info.outWidth,
    kh: info.filterHeight, kw: info.filterWidth, sh: info.strideHeight, sw: info.strideWidth, top: info.padInfo.top, left: info.padInfo.left,
  };
  const c = input.shape[3]!;
  const hp = (g.outH - 1) * g.sh + g.kh;
  const wp = (g.outW - 1) * g.sw + g.kw;
  const pads: [number, number][] = [[0, 0], [g.top, hp - g.inH - g.top], [g.left, wp - g.inW - g.left], [0, 0]];
  // Pad with a very negative value so padding never equals a max.
  const xp = pads.some(([p, q]) => p !== 0 || q !== 0)
    ? call(backend, 'PadV2', { x: input }, { paddings: pads.map(([p, q]) => [Math.max(p, 0), Math.max(q, 0)]), constantValue: -3.4e38 })
    : reshape(backend, input, input.shape);
  let notTaken = call(backend, 'OnesLike', { x: dy });
  let acc: Info | undefined;
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      const s = call(backend, 'StridedSlice', { x: xp }, {
        begin: [0, i, j, 0], end: [g.batch, i + (g.outH - 1) * g.sh + 1, j + (g.outW - 1) * g.sw + 1, c], strides: [1, g.sh, g.sw, 1],
        beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
      });
      const eqB = call(backend, 'Equal', { a: s, b: output });
      const eq = call(backend, 'Cast', { x: eqB }, { dtype: 'float32' });
      free(backend, s, eqB);
      const m = call(backend, 'Multiply', { a: eq, b: notTaken });
      free(backend, eq);
      const nt = call(backend, 'Sub', { a: notTaken, b: m });
      free(backend, notTaken);
      notTaken = nt;
      const contrib = call(backend, 'Multiply', { a: m, b: dy });
      free(backend, m);
      // Scatter: output (o) came from padded row o*s + i.
      const placed = dilateTo(backend, contrib, g, i, j, hp, wp);
      free(backend, contrib);
      if (acc) {
        const sum = call(backend, 'Add', { a: acc, b: placed });
        free(backend, acc, placed);
        acc = sum;
      } else acc = placed;
    }
  }
  free(backend, xp, notTaken);
  const dx = padOrCrop(backend, acc!, pads.map(([p, q]) => [-p, -q] as [number, number]));
  free(backend, acc!);
  return dx;
}

/** v [b,oh,ow,c] -> [b,hp,wp,c] with v[o] at row o*sh + i, column o*sw + j, zeros elsewhere. */
function dilateTo(be: Backend, v: Info, g: Geometry, i: number, j: number, hp: number, wp: number): Info {
  const c = v.shape[3]!;
  let d = v;
  let owned = false;
  if (g.sh > 1 || g.sw > 1) {
    const r6 = reshape(be, v, [g.batch, g.outH, 1, g.outW, 1, c]);
    const p6 = call(be, 'PadV2', { x: r6 }, { paddings: [[0, 0], [0, 0], [0, g.sh - 1], [0, 0], [0, g.sw - 1], [0, 0]], constantValue: 0 });
    free(be, r6);
    d = reshape(be, p6, [g.batch, g.outH * g.sh, g.outW * g.sw, c]);
    free(be, p6);
    owned = true;
  }
  const out = padOrCrop(be, d, [[0, 0], [i, hp - i - d.shape[1]!], [j, wp - j - d.shape[2]!], [0, 0]]);
  if (owned) free(be, d);
  return out;
}

/** BatchMatMul that transposes a transposed operand explicitly first (several times faster on wasm). */
function batchMatMul({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { a, b } = inputs as { a: Info; b: Info };
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  const swapLast = (t: Info) => transpose(backend, t, [...t.shape.keys()].map((k, _, all) => (k === all.length - 2 ? all.length - 1 : k === all.length - 1 ? all.length - 2 : k)));
  const aa = transposeA ? swapLast(a) : a;
  const bb = transposeB ? swapLast(b) : b;
  const out = originalBatchMatMul!.kernelFunc({ inputs: { a: aa, b: bb }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } } as unknown as Parameters<tf.KernelFunc>[0]) as Info;
  if (aa !== a) free(backend, aa);
  if (bb !== b) free(backend, bb);
  return out;
}

type KernelImpl = (args: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }) => Info;

const KERNELS: [string, KernelImpl][] = [
  ['Conv2DBackpropFilter', conv2DBackpropFilter],
  ['Conv2DBackpropInput', conv2DBackpropInput],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput],
  ['MaxPoolGrad', maxPoolGrad],
];

function register(name: string, impl: KernelImpl, base?: tf.KernelConfig): void {
  if (tf.getKernel(name, BACKEND)) tf.unregisterKernel(name, BACKEND);
  tf.registerKernel({ ...(base ?? {}), kernelName: name, backendName: BACKEND, kernelFunc: impl as unknown as tf.KernelFunc });
}

let registered = false;

/**
 * Register the fast gradient kernels (and the transposed-BatchMatMul override) for the 'wasm'
 * backend. Idempotent. Requires '@tensorflow/tfjs-backend-wasm' to be imported first.
 */
export function registerWasmTrainingKernels(options: { batchMatMul?: boolean } = {}): void {
  if (registered) return;
  if (!tf.getKernel('Conv2D', BACKEND)) throw new Error("registerWasmTrainingKernels: import '@tensorflow/tfjs-backend-wasm' first");
  for (const [name, impl] of KERNELS) register(name, impl);
  if (options.batchMatMul !== false) {
    originalBatchMatMul = tf.getKernel('BatchMatMul', BACKEND);
    // Keep the original setupFunc (it binds the wasm function at backend init).
    register('BatchMatMul', batchMatMul, originalBatchMatMul);
  }
  registered = true;
}
