// Floating-point operations of a model call, counted from the kernels tfjs actually ran
// (tf.profile's kernel list with input and output shapes): 2 per multiply-add of the convolutions,
// depthwise convolutions and matrix products. Everything else (batch norm folded into bias adds,
// activations, pooling) is a few percent of an Xception and is left out, so GFLOP/s is slightly low.

export interface ProfiledKernel {
  name: string;
  inputShapes: (number[] | undefined)[];
  outputShapes: (number[] | undefined)[];
}

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** FLOPs of one kernel; 0 for kernels that are not convolutions or matrix products. */
export function kernelFlops(k: ProfiledKernel): number {
  const out = k.outputShapes[0];
  const x = k.inputShapes[0];
  const w = k.inputShapes[1];
  if (!out || !x || !w) return 0;
  switch (k.name) {
    case 'Conv2D':
    case 'FusedConv2D':
      // filter [kh, kw, in, out]: every output value is kh*kw*in multiply-adds.
      return w.length === 4 ? 2 * prod(out) * w[0]! * w[1]! * w[2]! : 0;
    case 'DepthwiseConv2dNative':
    case 'FusedDepthwiseConv2D':
      // filter [kh, kw, in, multiplier]: every output value is kh*kw multiply-adds.
      return w.length === 4 ? 2 * prod(out) * w[0]! * w[1]! : 0;
    case 'MatMul':
    case 'BatchMatMul':
    case '_FusedMatMul': {
      // out [..., m, n]; the shared dimension is the one of x that is not in out.
      const shared = x.length >= 2 ? (out.at(-2) === x.at(-2) ? x.at(-1)! : x.at(-2)!) : 0;
      return 2 * prod(out) * shared;
    }
    default:
      return 0;
  }
}

export function countFlops(kernels: readonly ProfiledKernel[]): number {
  return kernels.reduce((sum, k) => sum + kernelFlops(k), 0);
}
