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
// transposed operand is many times slower than transposing first. The kernels here are composed from
// fast existing wasm kernels (XNNPACK Conv2D / DepthwiseConv2dNative, BatchMatMul, Transpose, PadV2,
// Slice, Reverse, Concat) called directly on TensorInfos (no engine, no tape, every intermediate
// freed), or are plain JS loops over the wasm heap.
//   - input gradients: a stride-1 convolution of the zero-dilated, padded dy with the flipped filter;
//   - conv filter gradient: per kernel tap, (gathered [ci, N] columns of x) x dy as one matmul;
//   - depthwise filter gradient and MaxPoolGrad: direct JS loops over the wasm heap (the stock
//     MaxPoolGrad is WRONG for 'same' padding with batch/channels > 1; the composed slice versions were
//     slow because wasm's StridedSlice and leading-axis Sum are generic per-element loops).
// Measured (training/kernels/bench-kernels.ts, BATCH=32, load average ~10, 19:01-19:10 UTC):
//   Conv2DBackpropInput 1x1 88->88 @24: stock 360 ms -> 40 ms (x9); 3x3/2 3->8 @96: 102 -> 75 ms
//   Conv2DBackpropFilter (missing on wasm; cpu backend as baseline): x640-x1600 (157 s -> 97 ms)
//   DepthwiseConv2dNativeBackpropFilter: x60-x100 vs cpu; ...BackpropInput: x12-x130 vs cpu
//   MaxPoolGrad 3x3/2 @47: stock 247 ms -> 62 ms (and correct); BatchMatMul A^T [88,18432]^T: x18
// A whole training step (bench-step.ts): xception 96 px batch 32 = 21 img/s; on the cpu backend the
// same model ran 0.1-0.2 img/s.
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
  const plain = g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.top === 0 && g.left === 0 && g.outH === g.inH && g.outW === g.inW;
  let xT: Info | undefined;
  if (plain) {
    // 1x1, stride 1: dW = x^T dy with x as [N, ci]; one transpose then one matmul.
    const x2 = reshape(backend, x, [n, ci]);
    xT = transpose(backend, x2, [1, 0]);
    free(backend, x2);
  }
  const taps: Info[] = [];
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      const cols = xT ? reshape(backend, xT, [ci, n]) : tapColumns(backend, x, g, i, j);
      const s3 = reshape(backend, cols, [1, ci, n]);
      free(backend, cols);
      taps.push(matmul(backend, s3, dy2));
      free(backend, s3);
    }
  }
  if (xT) free(backend, xT);
  free(backend, dy2);
  const stacked = taps.length === 1 ? taps[0]! : call(backend, 'Concat', taps as unknown as Record<string, Info>, { axis: 0 });
  if (taps.length > 1) free(backend, ...taps);
  const out = reshape(backend, stacked, [g.kh, g.kw, ci, co]);
  free(backend, stacked);
  return out;
}

/**
 * The [ci, N] matrix of kernel tap (i,j): column n = (b, oy, ox) holds x[b, oy*s + i - top,
 * ox*s + j - left, :] (zero outside). A JS gather, because wasm's strided slice and 4-D transposes
 * are generic per-element loops (~160 ms for 2M floats).
 */
function tapColumns(be: Backend, x: Info, g: Geometry, i: number, j: number): Info {
  const ci = x.shape[3]!;
  const n = g.batch * g.outH * g.outW;
  const out = (be as unknown as HeapBackend).makeOutput([ci, n], 'float32');
  const xv = heap(be, x);
  const o = heap(be, out);
  o.fill(0);
  let col = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const yy = oy * g.sh + i - g.top;
      const rowOk = yy >= 0 && yy < g.inH;
      for (let ox = 0; ox < g.outW; ox++, col++) {
        const xx = ox * g.sw + j - g.left;
        if (!rowOk || xx < 0 || xx >= g.inW) continue;
        const base = ((b * g.inH + yy) * g.inW + xx) * ci;
        for (let c = 0; c < ci; c++) o[c * n + col] = xv[base + c]!;
      }
    }
  }
  return out;
}

interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): Info;
  typedArrayFromHeap(info: Info): Float32Array;
}

/**
 * Views on the wasm heap. Taken only after every output is allocated, because an allocation may
 * grow (and so detach) the heap buffer.
 */
function heap(be: Backend, info: Info): Float32Array {
  return (be as unknown as HeapBackend).typedArrayFromHeap(info);
}

/**
 * Depthwise filter gradient as a direct JS loop over the heap (V8 JITs it well; the composed
 * slice+multiply+sum version spent ~20 ms per tap in slow generic slices and reductions):
 * dW[i,j,c] = sum over b,o of x[b, o*s + i - pad, c] * dy[b, o, c], accumulated in float64.
 */
function depthwiseBackpropFilter({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { x, dy } = inputs as { x: Info; dy: Info };
  const a = attrs as { filterShape: number[]; strides: number | [number, number]; pad: PadSpec; dilations?: number; dimRoundingMode?: string };
  if (a.filterShape[3] !== 1) throw new Error('wasm DepthwiseConv2dNativeBackpropFilter supports channel multiplier 1 only');
  const g = geometry(x.shape, a.filterShape, a.strides, a.pad, a.dilations, a.dimRoundingMode, true);
  const c = x.shape[3]!;
  const out = (backend as unknown as HeapBackend).makeOutput([g.kh, g.kw, c, 1], 'float32');
  const xv = heap(backend, x);
  const dyv = heap(backend, dy);
  const acc = new Float64Array(g.kh * g.kw * c);
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let i = 0; i < g.kh; i++) {
        const yy = oy * g.sh + i - g.top;
        if (yy < 0 || yy >= g.inH) continue;
        for (let ox = 0; ox < g.outW; ox++) {
          const dBase = ((b * g.outH + oy) * g.outW + ox) * c;
          for (let j = 0; j < g.kw; j++) {
            const xx = ox * g.sw + j - g.left;
            if (xx < 0 || xx >= g.inW) continue;
            const xBase = ((b * g.inH + yy) * g.inW + xx) * c;
            const wBase = (i * g.kw + j) * c;
            for (let k = 0; k < c; k++) acc[wBase + k]! += xv[xBase + k]! * dyv[dBase + k]!;
          }
        }
      }
    }
  }
  heap(backend, out).set(acc);
  return out;
}

/**
 * MaxPoolGrad as a JS loop: the wasm kernel's result differs from the cpu reference for 'same'
 * padding with batch/channels > 1 (measured: max abs diff ~1 on random inputs). dy goes to the
 * first maximum of each window in row-major order, as in the cpu backend.
 */
function maxPoolGrad({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { dy, input } = inputs as { dy: Info; input: Info };
  const a = attrs as { filterSize: number | [number, number]; strides: number | [number, number]; pad: PadSpec; dimRoundingMode?: string };
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad as 'same', a.dimRoundingMode as 'floor' | undefined);
  const [B, H, W, C] = input.shape as [number, number, number, number];
  const { outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const out = (backend as unknown as HeapBackend).makeOutput(input.shape, 'float32');
  const xv = heap(backend, input);
  const dyv = heap(backend, dy);
  const dx = heap(backend, out);
  dx.fill(0);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - top;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - left;
        const dBase = ((b * oh + oy) * ow + ox) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < kh; i++) {
            const yy = y0 + i;
            if (yy < 0 || yy >= H) continue;
            for (let j = 0; j < kw; j++) {
              const xx = x0 + j;
              if (xx < 0 || xx >= W) continue;
              const idx = ((b * H + yy) * W + xx) * C + c;
              const v = xv[idx]!;
              if (v > best || at < 0) {
                best = v;
                at = idx;
              }
            }
          }
          if (at >= 0) dx[at]! += dyv[dBase + c]!;
        }
      }
    }
  }
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
