import { column0, column1, column2, column3 } from "./transpose";

// Forward 4x4 integer transform of a macroblock's residual, two blocks per vector pass.
// see: ITU-T H.264 (08/2021) clause 8.5.12 defines the inverse; the forward core transform
// Cf = [1 1 1 1; 2 1 -1 -2; 1 -1 -1 1; 1 -2 2 -1], W = Cf X Cf^T, is its encoder counterpart
// (I. Richardson, "The H.264 Advanced Video Compression Standard", 2nd ed., section 7.2.3).
//
// Output layout: 16 blocks in raster block order (block = by * 4 + bx), each 16 i16 in raster
// order (row = vertical frequency, column = horizontal frequency): 512 bytes.

/** W = Cf (cur - pred) Cf^T for the 16 4x4 blocks of a 16x16 area; `coef` gets 256 i16 (see above). */
export function forwardResidual(cur: usize, curStride: i32, pred: usize, predStride: i32, coef: usize): void {
  const cs = <usize>curStride, ps = <usize>predStride;
  for (let by: usize = 0; by < 4; by++) {
    const c = cur + by * 4 * cs, p = pred + by * 4 * ps;
    for (let half: usize = 0; half < 16; half += 8) {
      forwardPair(
        difference(c + half, p + half),
        difference(c + cs + half, p + ps + half),
        difference(c + 2 * cs + half, p + 2 * ps + half),
        difference(c + 3 * cs + half, p + 3 * ps + half),
        coef + (by * 4 + (half >> 2)) * 32,
      );
    }
  }
}

/** W for one 4x4 block of cur - pred; writes 64 bytes at coef: the block, then 16 zero coefficients. */
export function forwardBlock(cur: usize, curStride: i32, pred: usize, predStride: i32, coef: usize): void {
  const cs = <usize>curStride, ps = <usize>predStride;
  forwardPair(
    difference4(cur, pred),
    difference4(cur + cs, pred + ps),
    difference4(cur + 2 * cs, pred + 2 * ps),
    difference4(cur + 3 * cs, pred + 3 * ps),
    coef,
  );
}

/** 4 samples of cur - pred as i16 (lanes 4-7 zero). */
@inline function difference4(c: usize, p: usize): v128 {
  return i16x8.sub(i16x8.extend_low_i8x16_u(v128.load32_zero(c)), i16x8.extend_low_i8x16_u(v128.load32_zero(p)));
}

/** 8 samples of cur - pred as i16. */
@inline function difference(c: usize, p: usize): v128 {
  return i16x8.sub(v128.load8x8_u(c), v128.load8x8_u(p));
}

/** Rows r0..r3 of two side-by-side blocks -> coefficients of block A at out, of block B at out + 32. */
@inline function forwardPair(r0: v128, r1: v128, r2: v128, r3: v128, out: usize): void {
  // Horizontal pass on columns (vector x holds column x).
  const x0 = column0(r0, r1, r2, r3), x1 = column1(r0, r1, r2, r3);
  const x2 = column2(r0, r1, r2, r3), x3 = column3(r0, r1, r2, r3);
  const s03 = i16x8.add(x0, x3), d03 = i16x8.sub(x0, x3);
  const s12 = i16x8.add(x1, x2), d12 = i16x8.sub(x1, x2);
  const u0 = i16x8.add(s03, s12), u2 = i16x8.sub(s03, s12);
  const u1 = i16x8.add(i16x8.shl(d03, 1), d12), u3 = i16x8.sub(d03, i16x8.shl(d12, 1));
  // Back to rows (vector y holds row y, lanes = horizontal frequency), then the vertical pass.
  const y0 = column0(u0, u1, u2, u3), y1 = column1(u0, u1, u2, u3);
  const y2 = column2(u0, u1, u2, u3), y3 = column3(u0, u1, u2, u3);
  const t03 = i16x8.add(y0, y3), e03 = i16x8.sub(y0, y3);
  const t12 = i16x8.add(y1, y2), e12 = i16x8.sub(y1, y2);
  storePair(out, 0, i16x8.add(t03, t12));
  storePair(out, 8, i16x8.add(i16x8.shl(e03, 1), e12));
  storePair(out, 16, i16x8.sub(t03, t12));
  storePair(out, 24, i16x8.sub(e03, i16x8.shl(e12, 1)));
}

/** Lanes 0-3 to block A's row at `offset`, lanes 4-7 to block B's. */
@inline function storePair(out: usize, offset: usize, row: v128): void {
  v128.store64_lane(out + offset, row, 0);
  v128.store64_lane(out + offset + 32, row, 1);
}
