// The luma edge filter of the deblocking process, 16 lines across one edge at a time.
// see: ITU-T H.264 (08/2021) clause 8.7.2.3 (bS < 4: delta clipped to tC, p1/q1 moved by at most
// tC0 when ap/aq < beta) and 8.7.2.4 (bS == 4: the strong 3-sample smoothing when ap/aq < beta
// and |p0 - q0| < (alpha >> 2) + 2), both gated by |p0 - q0| < alpha, |p1 - p0| < beta, |q1 - q0| < beta.
//
// The 8 sample rows p3 p2 p1 p0 q0 q1 q2 q3 are 16-byte vectors `step` bytes apart: picture rows
// for a horizontal edge, or the transposed columns (see transposeIn/transposeOut) for a vertical one.

/** 8 vectors of 16 samples: the columns x-4..x+3 of 16 rows, while a vertical edge is filtered. */
export const COLUMNS: usize = memory.data(8 * 16, 16);

/** bS (0..4) of each of the 16 lines of the edge being filtered: all 4 or none 4. */
export const LINE_STRENGTHS: usize = memory.data(16, 16);
/** tC0 for bS 0..3 in bytes 0..3, for the picture's QP. */
export const TC0_BY_STRENGTH: usize = memory.data(16, 16);

/** Filters the 16 lines with LINE_STRENGTHS and TC0_BY_STRENGTH. */
export function filterLines(base: usize, step: usize, alpha: i32, beta: i32): void {
  const strengths = v128.load(LINE_STRENGTHS), tc0 = v128.load(TC0_BY_STRENGTH);
  const strong = i8x16.all_true(i8x16.eq(strengths, i8x16.splat(4)));
  const tc0Lines = i8x16.swizzle(tc0, strengths);
  const active = i8x16.ne(strengths, i8x16.splat(0));
  for (let half: usize = 0; half < 16; half += 8) {
    const p = base + half;
    const p3 = v128.load8x8_u(p), p2 = v128.load8x8_u(p + step), p1 = v128.load8x8_u(p + 2 * step), p0 = v128.load8x8_u(p + 3 * step);
    const q0 = v128.load8x8_u(p + 4 * step), q1 = v128.load8x8_u(p + 5 * step), q2 = v128.load8x8_u(p + 6 * step), q3 = v128.load8x8_u(p + 7 * step);
    const a = i16x8.splat(<i16>alpha), b = i16x8.splat(<i16>beta);
    const edge = v128.and(
      v128.and(i16x8.lt_s(absDiff(p0, q0), a), i16x8.lt_s(absDiff(p1, p0), b)),
      v128.and(i16x8.lt_s(absDiff(q1, q0), b), half == 0 ? i16x8.extend_low_i8x16_s(active) : i16x8.extend_high_i8x16_s(active)),
    );
    if (!v128.any_true(edge)) continue;
    const smoothP = i16x8.lt_s(absDiff(p2, p0), b), smoothQ = i16x8.lt_s(absDiff(q2, q0), b);
    if (strong) {
      const close = i16x8.lt_s(absDiff(p0, q0), i16x8.splat(<i16>((alpha >> 2) + 2)));
      strongSide(edge, v128.and(smoothP, close), p3, p2, p1, p0, q0, q1, p + 3 * step, p + 2 * step, p + step);
      strongSide(edge, v128.and(smoothQ, close), q3, q2, q1, q0, p0, p1, p + 4 * step, p + 5 * step, p + 6 * step);
    } else {
      const tcLow = half == 0 ? i16x8.extend_low_i8x16_u(tc0Lines) : i16x8.extend_high_i8x16_u(tc0Lines);
      normalLines(p, step, edge, smoothP, smoothQ, tcLow, p2, p1, p0, q0, q1, q2);
    }
  }
}

@inline function absDiff(x: v128, y: v128): v128 {
  return i16x8.abs(i16x8.sub(x, y));
}

/** bS < 4 on 8 lines. */
@inline function normalLines(p: usize, step: usize, edge: v128, smoothP: v128, smoothQ: v128, tc0: v128, p2: v128, p1: v128, p0: v128, q0: v128, q1: v128, q2: v128): void {
  // tC = tC0 + 1 for each smooth side (the masks are -1 where true).
  const tc = i16x8.sub(i16x8.sub(tc0, smoothP), smoothQ);
  const raw = i16x8.shr_s(i16x8.add(i16x8.add(i16x8.shl(i16x8.sub(q0, p0), 2), i16x8.sub(p1, q1)), i16x8.splat(4)), 3);
  const delta = i16x8.max_s(i16x8.min_s(raw, tc), i16x8.neg(tc));
  const average = i16x8.shr_s(i16x8.add(i16x8.add(p0, q0), i16x8.splat(1)), 1);
  const moveP1 = clampTo(i16x8.shr_s(i16x8.sub(i16x8.add(p2, average), i16x8.shl(p1, 1)), 1), tc0);
  const moveQ1 = clampTo(i16x8.shr_s(i16x8.sub(i16x8.add(q2, average), i16x8.shl(q1, 1)), 1), tc0);
  storeLine(p + 2 * step, v128.bitselect(i16x8.add(p1, moveP1), p1, v128.and(edge, smoothP)));
  storeLine(p + 3 * step, v128.bitselect(i16x8.add(p0, delta), p0, edge));
  storeLine(p + 4 * step, v128.bitselect(i16x8.sub(q0, delta), q0, edge));
  storeLine(p + 5 * step, v128.bitselect(i16x8.add(q1, moveQ1), q1, v128.and(edge, smoothQ)));
}

@inline function clampTo(value: v128, limit: v128): v128 {
  return i16x8.max_s(i16x8.min_s(value, limit), i16x8.neg(limit));
}

/** bS == 4 on one side of 8 lines: x3..x0 on this side, y0 y1 across; x0..x2 are stored at at0..at2. */
@inline function strongSide(edge: v128, smooth: v128, x3: v128, x2: v128, x1: v128, x0: v128, y0: v128, y1: v128, at0: usize, at1: usize, at2: usize): void {
  const two = i16x8.splat(2), four = i16x8.splat(4);
  // x0' = (x2 + 2x1 + 2x0 + 2y0 + y1 + 4) >> 3, x1' = (x2 + x1 + x0 + y0 + 2) >> 2, x2' = (2x3 + 3x2 + x1 + x0 + y0 + 4) >> 3
  const sum = i16x8.add(i16x8.add(x1, x0), y0);
  const strong0 = i16x8.shr_s(i16x8.add(i16x8.add(i16x8.add(x2, i16x8.shl(sum, 1)), y1), four), 3);
  const strong1 = i16x8.shr_s(i16x8.add(i16x8.add(x2, sum), two), 2);
  const strong2 = i16x8.shr_s(i16x8.add(i16x8.add(i16x8.add(i16x8.shl(x3, 1), i16x8.mul(x2, i16x8.splat(3))), sum), four), 3);
  // Otherwise only x0' = (2x1 + x0 + y1 + 2) >> 2.
  const weak0 = i16x8.shr_s(i16x8.add(i16x8.add(i16x8.add(i16x8.shl(x1, 1), x0), y1), two), 2);
  const strongEdge = v128.and(edge, smooth);
  storeLine(at0, v128.bitselect(strong0, v128.bitselect(weak0, x0, edge), strongEdge));
  storeLine(at1, v128.bitselect(strong1, x1, strongEdge));
  storeLine(at2, v128.bitselect(strong2, x2, strongEdge));
}

@inline function storeLine(p: usize, values: v128): void {
  v128.store64_lane(p, i8x16.narrow_i16x8_u(values, values), 0);
}

/** Columns x-4..x+3 of 16 rows from `origin` (row 0, column x-4) into COLUMNS, one vector per column. */
export function transposeIn(origin: usize, stride: usize): void {
  transpose16(pairRows(origin, stride, 0), pairRows(origin, stride, 1), pairRows(origin, stride, 2), pairRows(origin, stride, 3),
    pairRows(origin, stride, 4), pairRows(origin, stride, 5), pairRows(origin, stride, 6), pairRows(origin, stride, 7), COLUMNS);
}

/** The inverse of transposeIn: COLUMNS back into the 16 rows. */
export function transposeOut(origin: usize, stride: usize): void {
  const c = COLUMNS;
  transpose16(v128.load(c), v128.load(c, 16), v128.load(c, 32), v128.load(c, 48), v128.load(c, 64), v128.load(c, 80), v128.load(c, 96), v128.load(c, 112), c);
  for (let k: usize = 0; k < 8; k++) {
    const units = v128.load(c + k * 16);
    const rows = i8x16.shuffle(units, units, 0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
    v128.store64_lane(origin + 2 * k * stride, rows, 0);
    v128.store64_lane(origin + (2 * k + 1) * stride, rows, 1);
  }
}

/** Rows 2k and 2k+1 (8 bytes each) interleaved byte by byte: 16-bit unit c = (row 2k, row 2k+1) at column c. */
@inline function pairRows(origin: usize, stride: usize, k: usize): v128 {
  const both = v128.load64_lane(origin + (2 * k + 1) * stride, v128.load64_zero(origin + 2 * k * stride), 1);
  return i8x16.shuffle(both, both, 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
}

/** 8x8 transpose of 16-bit units: output vector c holds unit c of each input, stored at out + 16c. */
function transpose16(q0: v128, q1: v128, q2: v128, q3: v128, q4: v128, q5: v128, q6: v128, q7: v128, out: usize): void {
  const a0 = i16x8.shuffle(q0, q1, 0, 8, 1, 9, 2, 10, 3, 11), a1 = i16x8.shuffle(q0, q1, 4, 12, 5, 13, 6, 14, 7, 15);
  const a2 = i16x8.shuffle(q2, q3, 0, 8, 1, 9, 2, 10, 3, 11), a3 = i16x8.shuffle(q2, q3, 4, 12, 5, 13, 6, 14, 7, 15);
  const a4 = i16x8.shuffle(q4, q5, 0, 8, 1, 9, 2, 10, 3, 11), a5 = i16x8.shuffle(q4, q5, 4, 12, 5, 13, 6, 14, 7, 15);
  const a6 = i16x8.shuffle(q6, q7, 0, 8, 1, 9, 2, 10, 3, 11), a7 = i16x8.shuffle(q6, q7, 4, 12, 5, 13, 6, 14, 7, 15);
  const b0 = i32x4.shuffle(a0, a2, 0, 4, 1, 5), b1 = i32x4.shuffle(a0, a2, 2, 6, 3, 7);
  const b2 = i32x4.shuffle(a1, a3, 0, 4, 1, 5), b3 = i32x4.shuffle(a1, a3, 2, 6, 3, 7);
  const b4 = i32x4.shuffle(a4, a6, 0, 4, 1, 5), b5 = i32x4.shuffle(a4, a6, 2, 6, 3, 7);
  const b6 = i32x4.shuffle(a5, a7, 0, 4, 1, 5), b7 = i32x4.shuffle(a5, a7, 2, 6, 3, 7);
  v128.store(out, i64x2.shuffle(b0, b4, 0, 2));
  v128.store(out, i64x2.shuffle(b0, b4, 1, 3), 16);
  v128.store(out, i64x2.shuffle(b1, b5, 0, 2), 32);
  v128.store(out, i64x2.shuffle(b1, b5, 1, 3), 48);
  v128.store(out, i64x2.shuffle(b2, b6, 0, 2), 64);
  v128.store(out, i64x2.shuffle(b2, b6, 1, 3), 80);
  v128.store(out, i64x2.shuffle(b3, b7, 0, 2), 96);
  v128.store(out, i64x2.shuffle(b3, b7, 1, 3), 112);
}
