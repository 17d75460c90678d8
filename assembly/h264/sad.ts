// Sum of absolute differences of two 16x16 blocks, 16 pixels per instruction.
// |a - b| = max(a, b) - min(a, b) on unsigned bytes; row sums widen to 16-bit lanes (at most
// 16 rows * 2 * 255 = 8160 per lane).
// see: WebAssembly SIMD (i8x16.max_u, i8x16.min_u, i16x8.extadd_pairwise_i8x16_u), https://webassembly.github.io/spec/core/syntax/instructions.html#vector-instructions

/** SAD of the 16x16 blocks at a (row stride aStride) and b (row stride bStride). */
export function sad16x16(a: usize, aStride: i32, b: usize, bStride: i32): i32 {
  const sa = <usize>aStride, sb = <usize>bStride;
  let sum = i16x8.splat(0);
  for (let y = 0; y < 16; y++) {
    const va = v128.load(a), vb = v128.load(b);
    const difference = i8x16.sub(i8x16.max_u(va, vb), i8x16.min_u(va, vb));
    sum = i16x8.add(sum, i16x8.extadd_pairwise_i8x16_u(difference));
    a += sa;
    b += sb;
  }
  const quads = i32x4.extadd_pairwise_i16x8_u(sum);
  return i32x4.extract_lane(quads, 0) + i32x4.extract_lane(quads, 1) + i32x4.extract_lane(quads, 2) + i32x4.extract_lane(quads, 3);
}
