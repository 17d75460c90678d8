import { column0, column1, column2, column3 } from "./transpose";

// Inverse 4x4 integer transform, residual added to the prediction and clipped: exactly the
// decoder's process, two horizontally adjacent blocks (8 output pixels per row) per pass.
// see: ITU-T H.264 (08/2021) clause 8.5.12.2 (rows first, then columns, (h + 32) >> 6) and 8.5.14
// (u = Clip1(pred + r)). 16-bit lanes suffice: the clause bounds every intermediate value to 16 bits.

/** dst = Clip1(pred + inverse(coef)) for the 16 blocks of a 16x16 area (coef layout as forwardResidual's). */
export function inverseResidualAdd(coef: usize, pred: usize, predStride: i32, dst: usize, dstStride: i32): void {
  const ps = <usize>predStride, ds = <usize>dstStride;
  for (let by: usize = 0; by < 4; by++) {
    for (let half: usize = 0; half < 16; half += 8) {
      const a = coef + (by * 4 + (half >> 2)) * 32;
      const p = pred + by * 4 * ps + half, d = dst + by * 4 * ds + half;
      if (allZero(a)) copyRows(p, ps, d, ds);
      else inversePair(a, p, ps, d, ds);
    }
  }
}

/** Both blocks' 32 coefficients are 0. */
@inline function allZero(a: usize): bool {
  return !v128.any_true(v128.or(v128.or(v128.load(a), v128.load(a, 16)), v128.or(v128.load(a, 32), v128.load(a, 48))));
}

@inline function copyRows(p: usize, ps: usize, d: usize, ds: usize): void {
  store<u64>(d, load<u64>(p));
  store<u64>(d + ds, load<u64>(p + ps));
  store<u64>(d + 2 * ds, load<u64>(p + 2 * ps));
  store<u64>(d + 3 * ds, load<u64>(p + 3 * ps));
}

/** Row i of both blocks: block A's 4 coefficients in lanes 0-3, block B's (32 bytes on) in 4-7. */
@inline function pairRow(a: usize, offset: usize): v128 {
  return v128.load64_lane(a + offset + 32, v128.load64_zero(a + offset), 1);
}

/** h (before rounding) of the four rows of both blocks, 16 bytes per row. */
const ROWS: usize = memory.data(64, 16);

function inversePair(a: usize, p: usize, ps: usize, d: usize, ds: usize): void {
  inverseRows(pairRow(a, 0), pairRow(a, 8), pairRow(a, 16), pairRow(a, 24));
  addRow(p, d, v128.load(ROWS));
  addRow(p + ps, d + ds, v128.load(ROWS, 16));
  addRow(p + 2 * ps, d + 2 * ds, v128.load(ROWS, 32));
  addRow(p + 3 * ps, d + 3 * ds, v128.load(ROWS, 48));
}

/** dst = Clip1(pred + inverse(coef)) for one 4x4 block (16 i16 at coef). */
export function inverseBlockAdd(coef: usize, pred: usize, predStride: i32, dst: usize, dstStride: i32): void {
  const ps = <usize>predStride, ds = <usize>dstStride;
  inverseRows(v128.load64_zero(coef), v128.load64_zero(coef + 8), v128.load64_zero(coef + 16), v128.load64_zero(coef + 24));
  addRow4(pred, dst, v128.load(ROWS));
  addRow4(pred + ps, dst + ds, v128.load(ROWS, 16));
  addRow4(pred + 2 * ps, dst + 2 * ds, v128.load(ROWS, 32));
  addRow4(pred + 3 * ps, dst + 3 * ds, v128.load(ROWS, 48));
}

/** Both passes of clause 8.5.12.2 on coefficient rows r0..r3 (two blocks side by side); h rows to ROWS. */
@inline function inverseRows(r0: v128, r1: v128, r2: v128, r3: v128): void {
  // Horizontal pass (each row i): vector j holds d_ij over lanes i.
  const c0 = column0(r0, r1, r2, r3), c1 = column1(r0, r1, r2, r3);
  const c2 = column2(r0, r1, r2, r3), c3 = column3(r0, r1, r2, r3);
  const e0 = i16x8.add(c0, c2), e1 = i16x8.sub(c0, c2);
  const e2 = i16x8.sub(i16x8.shr_s(c1, 1), c3), e3 = i16x8.add(c1, i16x8.shr_s(c3, 1));
  const f0 = i16x8.add(e0, e3), f1 = i16x8.add(e1, e2), f2 = i16x8.sub(e1, e2), f3 = i16x8.sub(e0, e3);
  // Vertical pass (each column j): vector i holds f_ij over lanes j.
  const g0 = column0(f0, f1, f2, f3), g1 = column1(f0, f1, f2, f3);
  const g2 = column2(f0, f1, f2, f3), g3 = column3(f0, f1, f2, f3);
  const k0 = i16x8.add(g0, g2), k1 = i16x8.sub(g0, g2);
  const k2 = i16x8.sub(i16x8.shr_s(g1, 1), g3), k3 = i16x8.add(g1, i16x8.shr_s(g3, 1));
  v128.store(ROWS, i16x8.add(k0, k3));
  v128.store(ROWS, i16x8.add(k1, k2), 16);
  v128.store(ROWS, i16x8.sub(k1, k2), 32);
  v128.store(ROWS, i16x8.sub(k0, k3), 48);
}

/** 4 pixels: Clip1(pred + ((h + 32) >> 6)). */
@inline function addRow4(p: usize, d: usize, h: v128): void {
  const residual = i16x8.shr_s(i16x8.add(h, i16x8.splat(32)), 6);
  const sum = i16x8.add(i16x8.extend_low_i8x16_u(v128.load32_zero(p)), residual);
  v128.store32_lane(d, i8x16.narrow_i16x8_u(sum, sum), 0);
}

/** 8 pixels: Clip1(pred + ((h + 32) >> 6)). */
@inline function addRow(p: usize, d: usize, h: v128): void {
  const residual = i16x8.shr_s(i16x8.add(h, i16x8.splat(32)), 6);
  const sum = i16x8.add(v128.load8x8_u(p), residual);
  v128.store64_lane(d, i8x16.narrow_i16x8_u(sum, sum), 0);
}
