// Sum of squared differences of two 16x16 blocks: the distortion of rate-distortion decisions
// (what PSNR measures). Differences widen to 16-bit lanes, i32x4.dot_i16x8_s squares and pairs
// them (at most 16 rows * 8 * 255^2 < 2^31 per lane).
// see: WebAssembly SIMD (i32x4.dot_i16x8_s), https://webassembly.github.io/spec/core/syntax/instructions.html#vector-instructions

/** SSD of the 16x16 blocks at a (row stride aStride) and b (row stride bStride). */
export function ssd16x16(a: usize, aStride: i32, b: usize, bStride: i32): i32 {
  const sa = <usize>aStride, sb = <usize>bStride;
  let sum = i32x4.splat(0);
  for (let y = 0; y < 16; y++) {
    const va = v128.load(a), vb = v128.load(b);
    const low = i16x8.sub(i16x8.extend_low_i8x16_u(va), i16x8.extend_low_i8x16_u(vb));
    const high = i16x8.sub(i16x8.extend_high_i8x16_u(va), i16x8.extend_high_i8x16_u(vb));
    sum = i32x4.add(sum, i32x4.add(i32x4.dot_i16x8_s(low, low), i32x4.dot_i16x8_s(high, high)));
    a += sa;
    b += sb;
  }
  return i32x4.extract_lane(sum, 0) + i32x4.extract_lane(sum, 1) + i32x4.extract_lane(sum, 2) + i32x4.extract_lane(sum, 3);
}
