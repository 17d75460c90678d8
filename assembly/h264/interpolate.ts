import { reconStride, referenceRecon } from "./workspace";

// Half-sample samples of the reference picture for quarter-sample motion compensation, computed
// for one 16x16 block at a time, only where a prediction needs them: b at (x + 1/2, y) across a
// row, h at (x, y + 1/2) down a column, j at (x + 1/2, y + 1/2).
// see: ITU-T H.264 (08/2021) clause 8.4.2.2.1: b1 = E - 5F + 20G + 20H - 5I + J across a row,
// b = Clip1((b1 + 16) >> 5); h likewise down a column; j1 = the same 6-tap filter over six b1 values
// down a column, j = Clip1((j1 + 512) >> 10). Samples outside the picture repeat the edge, which the
// reconstruction's BORDER holds for every block position motion compensation asks for.

/** b1 of the 21 rows a 16x16 block of j needs, 32 bytes (16 i16) each. */
const SUMS: usize = memory.data(21 * 32, 16);

/** b of the 16x16 block whose top-left integer sample is (x, y), into dst (stride 16). */
export function halfHorizontal(x: i32, y: i32, dst: usize): void {
  const stride = <usize>reconStride;
  let row = referenceRecon + <usize>(y * reconStride + x);
  for (let r: usize = 0; r < 16; r++) {
    v128.store(dst + r * 16, i8x16.narrow_i16x8_u(rounded(sixTap(row, 1)), rounded(sixTap(row + 8, 1))));
    row += stride;
  }
}

/** h of the 16x16 block whose top-left integer sample is (x, y), into dst (stride 16). */
export function halfVertical(x: i32, y: i32, dst: usize): void {
  const stride = <usize>reconStride;
  let row = referenceRecon + <usize>(y * reconStride + x);
  for (let r: usize = 0; r < 16; r++) {
    v128.store(dst + r * 16, i8x16.narrow_i16x8_u(rounded(sixTap(row, stride)), rounded(sixTap(row + 8, stride))));
    row += stride;
  }
}

/** j of the 16x16 block whose top-left integer sample is (x, y), into dst (stride 16). */
export function halfCentre(x: i32, y: i32, dst: usize): void {
  const stride = <usize>reconStride;
  let row = referenceRecon + <usize>((y - 2) * reconStride + x);
  for (let r: usize = 0; r < 21; r++) {
    v128.store(SUMS + r * 32, sixTap(row, 1));
    v128.store(SUMS + r * 32, sixTap(row + 8, 1), 16);
    row += stride;
  }
  const minusFive = i16x8.splat(-5), twenty = i16x8.splat(20), round = i32x4.splat(512);
  for (let r: usize = 0; r < 16; r++) {
    for (let half: usize = 0; half < 32; half += 16) {
      const at = SUMS + r * 32 + half;
      // Pairs of b1 (each -2550..10710) summed first still fit 16 bits; the weighted sum needs 32.
      const outer = i16x8.add(v128.load(at), v128.load(at, 5 * 32));
      const near = i16x8.add(v128.load(at, 32), v128.load(at, 4 * 32));
      const centre = i16x8.add(v128.load(at, 2 * 32), v128.load(at, 3 * 32));
      const low = i32x4.add(i32x4.add(i32x4.extend_low_i16x8_s(outer), i32x4.extmul_low_i16x8_s(near, minusFive)), i32x4.extmul_low_i16x8_s(centre, twenty));
      const high = i32x4.add(i32x4.add(i32x4.extend_high_i16x8_s(outer), i32x4.extmul_high_i16x8_s(near, minusFive)), i32x4.extmul_high_i16x8_s(centre, twenty));
      const words = i16x8.narrow_i32x4_s(i32x4.shr_s(i32x4.add(low, round), 10), i32x4.shr_s(i32x4.add(high, round), 10));
      v128.store64_lane(dst + r * 16 + (half >> 1), i8x16.narrow_i16x8_u(words, words), 0);
    }
  }
}

/** 6-tap sum of 8 samples around p (taps at -2..+3, `step` apart) as i16 (-2550..10710). */
@inline function sixTap(p: usize, step: usize): v128 {
  const outer = i16x8.add(v128.load8x8_u(p - 2 * step), v128.load8x8_u(p + 3 * step));
  const near = i16x8.add(v128.load8x8_u(p - step), v128.load8x8_u(p + 2 * step));
  const centre = i16x8.add(v128.load8x8_u(p), v128.load8x8_u(p + step));
  return i16x8.add(i16x8.sub(outer, i16x8.mul(near, i16x8.splat(5))), i16x8.mul(centre, i16x8.splat(20)));
}

/** (sum + 16) >> 5, clipped to 0..255 by the narrowing that follows. */
@inline function rounded(sum: v128): v128 {
  return i16x8.shr_s(i16x8.add(sum, i16x8.splat(16)), 5);
}
