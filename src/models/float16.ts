// float16 -> float32 for the shipped weights (model.json's `quantization: {dtype: 'float16'}`).
// Every half is exactly a float32, so this is a table of all 65,536 halves' float32 bit patterns,
// built once, and one load per value. tfjs's own decoder (`tf.io.decodeWeights`) computes the same
// bits from three smaller tables, rebuilding them for every weight, after copying each weight's
// bytes out of the shard; the start-up spent 0.12-0.4 s there (docs/decisions.md, issue 25,
// "returning visit"). Bit-identical to tfjs's decoder for every half, NaNs included (the test checks
// all 65,536), so the models compute what they computed before.

let table: Uint32Array | null = null;

/** The float32 bits of one half (IEEE 754 binary16 -> binary32; exact, NaN payloads kept). */
export function halfToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0; // Inf / NaN
  if (exp !== 0) return (sign | ((exp - 15 + 127) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0; // +-0
  // Subnormal half: normalise the significand into a float32 normal.
  let m = mant;
  let e = -14;
  while ((m & 0x400) === 0) {
    m <<= 1;
    e--;
  }
  return (sign | ((e + 127) << 23) | ((m & 0x3ff) << 13)) >>> 0;
}

function halfTable(): Uint32Array {
  if (table === null) {
    table = new Uint32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = halfToFloatBits(h);
  }
  return table;
}

/** The halves in `bits` as float32 values, in a new array. */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const t = halfTable();
  const out = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]!]!;
  return new Float32Array(out.buffer);
}
