// The frozen Xception prefix as an ONNX graph, so the feature-cache pass runs on onnxruntime-node
// (both cores, ~5x the throughput of tfjs-wasm in Node, docs/training-recipe.md) while the weights
// stay the app's own: the graph is written from a built Model (src/models/arch/xception.ts) after the
// ImageNet import, layer by layer, with batch norm folded into the preceding convolution (inference
// mode). Not used by the app: the page runs the same weights through tfjs.
//
// Layout: ONNX is NCHW; our kernels are HWIO ([k,k,cin,cout]) and depthwise [k,k,c,1]. TensorFlow's
// 'same' padding puts the odd pixel at the end, so strided 'same' max pools get explicit pads.
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
const { onnx } = onnxProto;
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../src/models/arch/index';

interface Folded {
  w: Float32Array;
  wShape: number[];
  b: Float32Array;
}

/** Our names of one stage's tensors, as xception.ts creates them. */
function values(model: Model): Record<string, { data: Float32Array; shape: number[] }> {
  const out: Record<string, { data: Float32Array; shape: number[] }> = {};
  for (const [n, t] of Object.entries(model.namedWeights())) out[n] = { data: t.dataSync() as Float32Array, shape: t.shape };
  return out;
}

class GraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly inits: OnnxTypes.ITensorProto[] = [];
  private n = 0;
  constructor(private readonly w: Record<string, { data: Float32Array; shape: number[] }>, private readonly eps: number) {}

  private name(p: string): string {
    return `${p}_${this.n++}`;
  }

  private init(name: string, data: Float32Array, dims: number[]): string {
    this.inits.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) });
    return name;
  }

  private get(name: string) {
    const v = this.w[name];
    if (!v) throw new Error(`onnx-trunk: model has no weight "${name}"`);
    return v;
  }

  /** BN scale and shift per channel (inference form). */
  private bn(prefix: string): { scale: Float32Array; shift: Float32Array } {
    const g = this.get(`${prefix}.gamma`).data;
    const b = this.get(`${prefix}.beta`).data;
    const m = this.get(`${prefix}.movingMean`).data;
    const v = this.get(`${prefix}.movingVar`).data;
    const scale = new Float32Array(g.length);
    const shift = new Float32Array(g.length);
    for (let c = 0; c < g.length; c++) {
      scale[c] = g[c]! / Math.sqrt(v[c]! + this.eps);
      shift[c] = b[c]! - m[c]! * scale[c]!;
    }
    return { scale, shift };
  }

  /** HWIO conv kernel (+ BN) -> OIHW weight and bias. */
  private fold(kernel: string, bnPrefix: string | null): Folded {
    const { data, shape } = this.get(kernel);
    const [kh, kw, cin, cout] = shape as [number, number, number, number];
    const w = new Float32Array(cout * cin * kh * kw);
    const s = bnPrefix ? this.bn(bnPrefix) : { scale: new Float32Array(cout).fill(1), shift: new Float32Array(cout) };
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++) w[((o * cin + i) * kh + y) * kw + x] = data[((y * kw + x) * cin + i) * cout + o]! * s.scale[o]!;
    return { w, wShape: [cout, cin, kh, kw], b: s.shift };
  }

  conv(x: string, kernel: string, bnPrefix: string | null, stride: number, pads: number[]): string {
    const f = this.fold(kernel, bnPrefix);
    const y = this.name('conv');
    const wName = this.init(`${kernel}:w`, f.w, f.wShape);
    const bName = this.init(`${kernel}:b`, f.b, [f.b.length]);
    this.nodes.push({
      opType: 'Conv',
      input: [x, wName, bName],
      output: [y],
      attribute: [ints('strides', [stride, stride]), ints('pads', pads), ints('kernel_shape', f.wShape.slice(2))],
    });
    return y;
  }

  /** Depthwise 3x3 'same' (stride 1), no bias. */
  depthwise(x: string, kernel: string): string {
    const { data, shape } = this.get(kernel);
    const [kh, kw, c] = shape as [number, number, number, number];
    const w = new Float32Array(c * kh * kw);
    for (let y = 0; y < kh; y++) for (let xx = 0; xx < kw; xx++) for (let i = 0; i < c; i++) w[(i * kh + y) * kw + xx] = data[(y * kw + xx) * c + i]!;
    const y = this.name('dw');
    this.nodes.push({
      opType: 'Conv',
      input: [x, this.init(`${kernel}:w`, w, [c, 1, kh, kw])],
      output: [y],
      attribute: [ints('strides', [1, 1]), ints('pads', [1, 1, 1, 1]), ints('kernel_shape', [kh, kw]), int('group', c)],
    });
    return y;
  }

  op(type: string, inputs: string[], attrs: OnnxTypes.IAttributeProto[] = []): string {
    const y = this.name(type.toLowerCase());
    this.nodes.push({ opType: type, input: inputs, output: [y], attribute: attrs });
    return y;
  }
}

function ints(name: string, v: number[]): OnnxTypes.IAttributeProto {
  return { name, ints: v, type: onnx.AttributeProto.AttributeType.INTS };
}
function int(name: string, v: number): OnnxTypes.IAttributeProto {
  return { name, i: v, type: onnx.AttributeProto.AttributeType.INT };
}

/** TensorFlow 'same' padding of a k/s window on a side of n: [begin, end], the odd pixel at the end. */
export function tfSamePads(n: number, k: number, s: number): [number, number] {
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

export interface TrunkGraph {
  bytes: Uint8Array;
  /** ONNX output names, in order: each named stage's output, NCHW. */
  outputs: { stage: string; name: string; shape: number[] }[];
}

/**
 * ONNX graph of an Xception (width 1) from the image (NCHW, already normalised) through the stages up
 * to and including each of `outputStages` (their outputs are the graph's outputs).
 */
export function xceptionTrunkOnnx(model: Model, inputSize: number, outputStages: string[]): TrunkGraph {
  if (model.archConfig.widthMultiplier !== 1) throw new Error('onnx-trunk: only the full-width Xception is supported');
  const g = new GraphBuilder(values(model), 1e-3);
  const middle = model.archConfig.middleBlocks ?? 8;
  let side = inputSize;
  let h = g.op('Identity', ['image']);
  const outputs: TrunkGraph['outputs'] = [];
  const emit = (stage: string, c: number) => {
    if (!outputStages.includes(stage)) return;
    const name = g.op('Identity', [h]);
    outputs.push({ stage, name, shape: [-1, c, side, side] });
  };
  h = g.op('Relu', [g.conv(h, 'conv1.weight', 'bn1', 2, [0, 0, 0, 0])]);
  side = Math.floor((side - 3) / 2) + 1;
  h = g.op('Relu', [g.conv(h, 'conv2.weight', 'bn2', 1, [0, 0, 0, 0])]);
  side -= 2;
  emit('stem', 64);
  // [name, cin, cout, reps, stride, startWithRelu, growFirst] as xception.ts builds them.
  const blocks: [string, number, number, number, number, boolean, boolean][] = [
    ['block1', 64, 128, 2, 2, false, true],
    ['block2', 128, 256, 2, 2, true, true],
    ['block3', 256, 728, 2, 2, true, true],
    ...Array.from({ length: middle }, (_, i): [string, number, number, number, number, boolean, boolean] => [`middle${i}`, 728, 728, 3, 1, true, true]),
    ['exit', 728, 1024, 2, 2, true, false],
  ];
  for (const [name, cin, cout, reps, stride, startWithRelu] of blocks) {
    if (outputs.length === outputStages.length) break;
    const x = h;
    let y = x;
    for (let i = 0; i < reps; i++) {
      if (i > 0 || startWithRelu) y = g.op('Relu', [y]);
      y = g.conv(g.depthwise(y, `${name}.sep${i}.dw.weight`), `${name}.sep${i}.pw.weight`, `${name}.bn${i}`, 1, [0, 0, 0, 0]);
    }
    const skip = cin !== cout || stride !== 1;
    if (stride !== 1) {
      const [a, b] = tfSamePads(side, 3, stride);
      y = g.op('MaxPool', [y], [ints('kernel_shape', [3, 3]), ints('strides', [stride, stride]), ints('pads', [a, a, b, b])]);
    }
    const s = skip ? g.conv(x, `${name}.skip.weight`, `${name}.skipbn`, stride, [0, 0, 0, 0]) : x;
    h = g.op('Add', [y, s]);
    side = Math.ceil(side / stride);
    emit(name, cout);
  }
  const missing = outputStages.filter((s) => !outputs.some((o) => o.stage === s));
  if (missing.length) throw new Error(`onnx-trunk: unknown or unsupported output stage(s) ${missing.join(', ')}`);
  const dim = (d: number): OnnxTypes.TensorShapeProto.IDimension => (d < 0 ? { dimParam: 'batch' } : { dimValue: d });
  const valueInfo = (name: string, shape: number[]): OnnxTypes.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: shape.map(dim) } } },
  });
  const graph: OnnxTypes.IGraphProto = {
    name: 'xception-trunk',
    node: g.nodes,
    initializer: g.inits,
    input: [valueInfo('image', [-1, 3, inputSize, inputSize])],
    output: outputs.map((o) => valueInfo(o.name, o.shape)),
  };
  const bytes = onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'deepfake-detector training/onnx-trunk.ts', graph }).finish();
  return { bytes, outputs };
}

/** NHWC float32 images -> NCHW (what the graph takes). */
export function toNchw(x: tf.Tensor4D): Float32Array {
  return tf.tidy(() => tf.transpose(x, [0, 3, 1, 2]).dataSync() as Float32Array);
}
