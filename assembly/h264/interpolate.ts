import { BORDER, codedHeight, codedWidth, filterRing, halfC, halfH, halfV, reconStride, referenceRecon } from "./workspace";

// Half-sample planes of the reference picture for quarter-sample motion compensation.
// see: ITU-T H.264 (08/2021) clause 8.4.2.2.1: b1 = E - 5F + 20G + 20H - 5I + J across a row,
// b = Clip1((b1 + 16) >> 5); h likewise down a column; j1 = the same 6-tap filter over six b1 values
// down a column, j = Clip1((j1 + 512) >> 10). Samples outside the picture repeat the edge, which the
// reconstruction's BORDER already holds.

/** The planes cover the picture and this many samples around it (motion compensation never reads further). */
export const INTERPOLATED: i32 = BORDER - 8;

/** Fills halfH, halfV and halfC from the reference reconstruction. */
export function interpolateReference(): void {
  const stride = reconStride, width = codedWidth + 2 * INTERPOLATED;
  const ringRow = <usize>(codedWidth + 2 * BORDER) * 2;
  const top = -INTERPOLATED, bottom = codedHeight + INTERPOLATED;
  for (let y = top - 2; y < bottom + 3; y++) {
    const offset = y * stride - INTERPOLATED;
    const sums = filterRing + <usize>((y - top + 2) % 6) * ringRow;
    horizontalSums(referenceRecon + <usize>offset, sums, width);
    if (y >= top && y < bottom) {
      roundSums(sums, halfH + <usize>offset, width);
      verticalHalf(referenceRecon + <usize>offset, <usize>stride, halfV + <usize>offset, width);
    }
    if (y - 3 >= top) {
      const row = y - 3;
      centreHalf(filterRing, ringRow, row - top, halfC + <usize>(row * stride - INTERPOLATED), width);
    }
  }
}

/** 6-tap sum of 8 samples around p (taps at -2..+3, `step` apart) as i16. */
@inline function sixTap(p: usize, step: usize): v128 {
  const outer = i16x8.add(v128.load8x8_u(p - 2 * step), v128.load8x8_u(p + 3 * step));
  const near = i16x8.add(v128.load8x8_u(p - step), v128.load8x8_u(p + 2 * step));
  const centre = i16x8.add(v128.load8x8_u(p), v128.load8x8_u(p + step));
  return i16x8.add(i16x8.sub(outer, i16x8.mul(near, i16x8.splat(5))), i16x8.mul(centre, i16x8.splat(20)));
}

/** b1 of `width` samples of one row (every term fits 16 bits: -2550..10710). */
function horizontalSums(row: usize, sums: usize, width: i32): void {
  for (let x = 0; x < width; x += 8) v128.store(sums + <usize>x * 2, sixTap(row + <usize>x, 1));
}

/** Clip1((sum + 16) >> 5) of `width` sums. */
function roundSums(sums: usize, dst: usize, width: i32): void {
  for (let x = 0; x < width; x += 8) {
    const rounded = i16x8.shr_s(i16x8.add(v128.load(sums + <usize>x * 2), i16x8.splat(16)), 5);
    v128.store64_lane(dst + <usize>x, i8x16.narrow_i16x8_u(rounded, rounded), 0);
  }
}

/** h of one row: the 6-tap filter down each column. */
function verticalHalf(row: usize, stride: usize, dst: usize, width: i32): void {
  for (let x = 0; x < width; x += 8) {
    const rounded = i16x8.shr_s(i16x8.add(sixTap(row + <usize>x, stride), i16x8.splat(16)), 5);
    v128.store64_lane(dst + <usize>x, i8x16.narrow_i16x8_u(rounded, rounded), 0);
  }
}

/** j of picture row `index` (counted from the top of the planes) from the six b1 rows around it in the ring. */
function centreHalf(ring: usize, ringRow: usize, index: i32, dst: usize, width: i32): void {
  const r0 = ring + <usize>(index % 6) * ringRow, r1 = ring + <usize>((index + 1) % 6) * ringRow;
  const r2 = ring + <usize>((index + 2) % 6) * ringRow, r3 = ring + <usize>((index + 3) % 6) * ringRow;
  const r4 = ring + <usize>((index + 4) % 6) * ringRow, r5 = ring + <usize>((index + 5) % 6) * ringRow;
  const minusFive = i16x8.splat(-5), twenty = i16x8.splat(20), round = i32x4.splat(512);
  for (let x: usize = 0; x < <usize>width * 2; x += 16) {
    // Pairs of b1 (each -2550..10710) summed first still fit 16 bits; the weighted sum needs 32.
    const outer = i16x8.add(v128.load(r0 + x), v128.load(r5 + x));
    const near = i16x8.add(v128.load(r1 + x), v128.load(r4 + x));
    const centre = i16x8.add(v128.load(r2 + x), v128.load(r3 + x));
    const low = i32x4.add(i32x4.add(i32x4.extend_low_i16x8_s(outer), i32x4.extmul_low_i16x8_s(near, minusFive)), i32x4.extmul_low_i16x8_s(centre, twenty));
    const high = i32x4.add(i32x4.add(i32x4.extend_high_i16x8_s(outer), i32x4.extmul_high_i16x8_s(near, minusFive)), i32x4.extmul_high_i16x8_s(centre, twenty));
    const words = i16x8.narrow_i32x4_s(i32x4.shr_s(i32x4.add(low, round), 10), i32x4.shr_s(i32x4.add(high, round), 10));
    v128.store64_lane(dst + (x >> 1), i8x16.narrow_i16x8_u(words, words), 0);
  }
}
