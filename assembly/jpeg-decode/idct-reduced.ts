// Reduced inverse DCTs for decoding at 1/2, 1/4 and 1/8 scale: n x n samples per 8 x 8 block from
// its n x n lowest coefficients, at the centres of the n x n cells of k x k pixels (k = 8 / n):
// s(i, j) = sum over u, v < n of C(u) C(v) / 4 F(v, u) cos((2i+1) v pi / 2n) cos((2j+1) u pi / 2n),
// the full IDCT with the higher coefficients dropped (T.81 A.3.3), as libjpeg's scaled IDCTs
// (jidctint.c: jpeg_idct_4x4, 2x2, 1x1). Coefficients come from entropy.ts with quant.ts's
// multipliers (the C(u) C(v) / 4 are in them; for n = 2 the cos(pi/4) too): n x n row-major f32
// at `coef`, the DC with the level shift and rounding (+128.5). Each IDCT zeroes what it read.
// Samples are bytes, or (`fine`) u16 in 1/16 levels: the multipliers are then 16 times larger and
// the level shift is 2048, 1920 more than the DC has.
// see: ITU-T T.81 A.3.3 (the IDCT); IJG libjpeg 9 jidctint.c (scaled IDCTs).

/** cos((2j+1) u pi / 8) for u = 0..3 (rows), j = 0..3 (lanes). */
const COS4 = memory.data<f32>([
  1, 1, 1, 1,
  0.92387953, 0.38268343, -0.38268343, -0.92387953,
  0.70710678, -0.70710678, -0.70710678, 0.70710678,
  0.38268343, -0.92387953, 0.92387953, -0.38268343,
], 16);

/** What `fine` samples add to the DC's +128.5 to reach their level shift of 2048 (+0.5). */
const FINE_SHIFT: f32 = 1920;

/** The first `count` (1, 2 or 4) lanes of `values` as samples at dst: truncated (the +0.5 rounds) and clamped. */
@inline function storeSamples(values: v128, dst: usize, count: i32, fine: bool): void {
  if (fine) {
    const q4 = i32x4.min_s(i32x4.max_s(i32x4.trunc_sat_f32x4_s(f32x4.add(values, f32x4.splat(FINE_SHIFT))), i32x4.splat(0)), i32x4.splat(4080));
    const words = i16x8.narrow_i32x4_u(q4, q4);
    if (count == 4) v128.store64_lane(dst, words, 0);
    else if (count == 2) v128.store32_lane(dst, words, 0);
    else v128.store16_lane(dst, words, 0);
  } else {
    const words = i16x8.narrow_i32x4_s(i32x4.trunc_sat_f32x4_s(values), i32x4.splat(0));
    const bytes = i8x16.narrow_i16x8_u(words, words);
    if (count == 4) v128.store32_lane(dst, bytes, 0);
    else if (count == 2) v128.store16_lane(dst, bytes, 0);
    else v128.store8_lane(dst, bytes, 0);
  }
}

/**
 * n x n samples of a block whose only coefficient is the DC; zeroes it. Such a block is flat:
 * the full-size decode gives each of its pixels the same whole level, and so does this (in 1/16
 * levels, the whole level times 16), so the cells' means are exactly the full-size decode's.
 */
export function reducedDcBlock(coef: usize, dst: usize, stride: usize, n: i32, fine: bool): void {
  let value = f32x4.splat(load<f32>(coef));
  store<f32>(coef, 0);
  if (fine) {
    // The DC of a fine table is 16 times the level (+128.5): back to the full-size decode's value, truncated, times 16.
    const level = f32x4.trunc(f32x4.add(f32x4.mul(f32x4.sub(value, f32x4.splat(128.5)), f32x4.splat(0.0625)), f32x4.splat(128.5)));
    value = f32x4.sub(f32x4.mul(level, f32x4.splat(16)), f32x4.splat(FINE_SHIFT - 0.5));
  }
  for (let i = 0; i < n; i++) storeSamples(value, dst + <usize>i * stride, n, fine);
}

/** One sample of a block decoded at 1/8 (only its DC is used): the mean of its pixels, or (DC-only block) their common whole level. */
export function dcSample(coef: usize, dst: usize, dcOnly: bool, fine: bool): void {
  if (dcOnly) {
    reducedDcBlock(coef, dst, 0, 1, fine);
    return;
  }
  const value = f32x4.splat(load<f32>(coef));
  store<f32>(coef, 0);
  storeSamples(value, dst, 1, fine);
}

/** The 4 x 4 IDCT: rows along u (one vector per v), then the four output rows along v. */
export function idct4(coef: usize, dst: usize, stride: usize, fine: bool): void {
  const c1 = v128.load(COS4, 16), c2 = v128.load(COS4, 32), c3 = v128.load(COS4, 48);
  const zero = f32x4.splat(0);
  // t[v] (lanes j) = sum over u of F(v, u) cos((2j+1) u pi / 8)
  let t0 = zero, t1 = zero, t2 = zero, t3 = zero;
  for (let v = 0; v < 4; v++) {
    const row = v128.load(coef + <usize>(v << 4));
    v128.store(coef + <usize>(v << 4), zero);
    const sum = f32x4.add(
      f32x4.add(f32x4.splat(f32x4.extract_lane(row, 0)), f32x4.mul(f32x4.splat(f32x4.extract_lane(row, 1)), c1)),
      f32x4.add(f32x4.mul(f32x4.splat(f32x4.extract_lane(row, 2)), c2), f32x4.mul(f32x4.splat(f32x4.extract_lane(row, 3)), c3)),
    );
    if (v == 0) t0 = sum;
    else if (v == 1) t1 = sum;
    else if (v == 2) t2 = sum;
    else t3 = sum;
  }
  for (let i = 0; i < 4; i++) {
    const out = f32x4.add(
      f32x4.add(t0, f32x4.mul(t1, f32x4.splat(load<f32>(COS4 + <usize>(16 + (i << 2)))))),
      f32x4.add(f32x4.mul(t2, f32x4.splat(load<f32>(COS4 + <usize>(32 + (i << 2))))), f32x4.mul(t3, f32x4.splat(load<f32>(COS4 + <usize>(48 + (i << 2)))))),
    );
    storeSamples(out, dst + <usize>i * stride, 4, fine);
  }
}

/** The 2 x 2 IDCT: with cos(pi/4) in the multipliers it is sums and differences of F00, F01, F10, F11. */
export function idct2(coef: usize, dst: usize, stride: usize, fine: bool): void {
  const a = load<f32>(coef), b = load<f32>(coef, 4), c = load<f32>(coef, 8), d = load<f32>(coef, 12);
  v128.store(coef, f32x4.splat(0));
  const top = f32x4.replace_lane(f32x4.splat(a + c + b + d), 1, a + c - b - d);
  const bottom = f32x4.replace_lane(f32x4.splat(a - c + b - d), 1, a - c - b + d);
  storeSamples(top, dst, 2, fine);
  storeSamples(bottom, dst + stride, 2, fine);
}
