// 8x8 inverse DCT in f32 SIMD: the AAN factorisation (5 multiplies per 8 points), dequantised
// and pre-scaled inputs from entropy.ts, two 1-D passes of four lanes with one transpose between.
// Float keeps it simple and accurate: the AAN flow graph is within ~3e-7 (relative to the
// coefficients) of the exact IDCT before the final rounding, so a sample is at most one level
// from the exactly rounded IDCT, and only where the exact value lies next to a .5; far inside
// IEEE 1180. Measured: the same bytes as libjpeg-turbo's `djpeg -dct float` on 19 of 21 test
// fixtures, max 1 level on the other two; within 2 of `djpeg -dct int` (its default islow).
// see: Arai, Agui, Nakajima, "A fast DCT-SQ scheme for images", Trans. IEICE E71(11), 1988;
//      the same flow graph as IJG libjpeg's jidctflt.c; ITU-T T.81 A.3.3 (the IDCT itself).

const SQRT2: f32 = 1.414213562;
const C2X2: f32 = 1.847759065; // 2 cos(pi/8)
const C2M6: f32 = 1.0823922; // 2 (cos(pi/8) - cos(3pi/8))
const C2P6: f32 = 2.61312593; // 2 (cos(pi/8) + cos(3pi/8))

/** Pass results: 8 rows of 8 f32. */
const PASS1 = memory.data(256, 16);
const PASS2 = memory.data(256, 16);

/** One 8-point 1-D IDCT on four lanes; stores outputs 0..7 at `out + i * 32`. */
@inline function butterfly(i0: v128, i1: v128, i2: v128, i3: v128, i4: v128, i5: v128, i6: v128, i7: v128, out: usize): void {
  // Even part.
  const t10 = f32x4.add(i0, i4);
  const t11 = f32x4.sub(i0, i4);
  const t13 = f32x4.add(i2, i6);
  const t12 = f32x4.sub(f32x4.mul(f32x4.sub(i2, i6), f32x4.splat(SQRT2)), t13);
  const e0 = f32x4.add(t10, t13);
  const e3 = f32x4.sub(t10, t13);
  const e1 = f32x4.add(t11, t12);
  const e2 = f32x4.sub(t11, t12);
  // Odd part.
  const z13 = f32x4.add(i5, i3);
  const z10 = f32x4.sub(i5, i3);
  const z11 = f32x4.add(i1, i7);
  const z12 = f32x4.sub(i1, i7);
  const o7 = f32x4.add(z11, z13);
  const o11 = f32x4.mul(f32x4.sub(z11, z13), f32x4.splat(SQRT2));
  const z5 = f32x4.mul(f32x4.add(z10, z12), f32x4.splat(C2X2));
  const o10 = f32x4.sub(f32x4.mul(z12, f32x4.splat(C2M6)), z5);
  const o12 = f32x4.sub(z5, f32x4.mul(z10, f32x4.splat(C2P6)));
  const o6 = f32x4.sub(o12, o7);
  const o5 = f32x4.sub(o11, o6);
  const o4 = f32x4.add(o10, o5);
  v128.store(out, f32x4.add(e0, o7));
  v128.store(out, f32x4.add(e1, o6), 32);
  v128.store(out, f32x4.add(e2, o5), 64);
  v128.store(out, f32x4.sub(e3, o4), 96);
  v128.store(out, f32x4.add(e3, o4), 128);
  v128.store(out, f32x4.sub(e2, o5), 160);
  v128.store(out, f32x4.sub(e1, o6), 192);
  v128.store(out, f32x4.sub(e0, o7), 224);
}

/** Pass 1 on lanes 4h..4h+3 of the transposed block: along u, results by x. Zeroes what it read. */
@inline function horizontalPass(coef: usize, half: usize): void {
  const p = coef + (half << 4);
  const zero = f32x4.splat(0);
  const i0 = v128.load(p);
  const i1 = v128.load(p, 32);
  const i2 = v128.load(p, 64);
  const i3 = v128.load(p, 96);
  const i4 = v128.load(p, 128);
  const i5 = v128.load(p, 160);
  const i6 = v128.load(p, 192);
  const i7 = v128.load(p, 224);
  for (let r: usize = 0; r < 256; r += 32) v128.store(p + r, zero);
  butterfly(i0, i1, i2, i3, i4, i5, i6, i7, PASS1 + (half << 4));
}

/** Pass 1 when only u, v < 4 can be non-zero: lanes 0..3, inputs 0..3. */
@inline function horizontalPassSparse(coef: usize): void {
  const zero = f32x4.splat(0);
  const i0 = v128.load(coef);
  const i1 = v128.load(coef, 32);
  const i2 = v128.load(coef, 64);
  const i3 = v128.load(coef, 96);
  for (let r: usize = 0; r < 128; r += 32) v128.store(coef + r, zero);
  butterfly(i0, i1, i2, i3, zero, zero, zero, zero, PASS1);
}

/** Pass 2 for columns 4g..4g+3: transposes two 4x4 tiles of PASS1, then along v, results by y. */
@inline function verticalPass(half: usize, sparse: bool): void {
  const p = PASS1 + (half << 7);
  const zero = f32x4.splat(0);
  const a0 = v128.load(p);
  const a1 = v128.load(p, 32);
  const a2 = v128.load(p, 64);
  const a3 = v128.load(p, 96);
  const b0 = sparse ? zero : v128.load(p, 16);
  const b1 = sparse ? zero : v128.load(p, 48);
  const b2 = sparse ? zero : v128.load(p, 80);
  const b3 = sparse ? zero : v128.load(p, 112);
  const a01l = v128.shuffle<f32>(a0, a1, 0, 4, 1, 5);
  const a23l = v128.shuffle<f32>(a2, a3, 0, 4, 1, 5);
  const a01h = v128.shuffle<f32>(a0, a1, 2, 6, 3, 7);
  const a23h = v128.shuffle<f32>(a2, a3, 2, 6, 3, 7);
  const b01l = v128.shuffle<f32>(b0, b1, 0, 4, 1, 5);
  const b23l = v128.shuffle<f32>(b2, b3, 0, 4, 1, 5);
  const b01h = v128.shuffle<f32>(b0, b1, 2, 6, 3, 7);
  const b23h = v128.shuffle<f32>(b2, b3, 2, 6, 3, 7);
  butterfly(
    v128.shuffle<f32>(a01l, a23l, 0, 1, 4, 5),
    v128.shuffle<f32>(a01l, a23l, 2, 3, 6, 7),
    v128.shuffle<f32>(a01h, a23h, 0, 1, 4, 5),
    v128.shuffle<f32>(a01h, a23h, 2, 3, 6, 7),
    v128.shuffle<f32>(b01l, b23l, 0, 1, 4, 5),
    v128.shuffle<f32>(b01l, b23l, 2, 3, 6, 7),
    v128.shuffle<f32>(b01h, b23h, 0, 1, 4, 5),
    v128.shuffle<f32>(b01h, b23h, 2, 3, 6, 7),
    PASS2 + (half << 4),
  );
}

/** Rows y and y+1 of PASS2 (already level-shifted and +0.5) -> clamped bytes at dst, dst + stride. */
@inline function storeRowPair(y: usize, dst: usize, stride: usize): void {
  const p = PASS2 + (y << 5);
  const rowA = i16x8.narrow_i32x4_s(i32x4.trunc_sat_f32x4_s(v128.load(p)), i32x4.trunc_sat_f32x4_s(v128.load(p, 16)));
  const rowB = i16x8.narrow_i32x4_s(i32x4.trunc_sat_f32x4_s(v128.load(p, 32)), i32x4.trunc_sat_f32x4_s(v128.load(p, 48)));
  const bytes = i8x16.narrow_i16x8_u(rowA, rowB);
  v128.store64_lane(dst, bytes, 0);
  v128.store64_lane(dst + stride, bytes, 1);
}

/** Inverse DCT of `coef` (64 f32 from decodeBlock; zeroed on return) into 8x8 bytes at `dst`. */
export function idctBlock(coef: usize, dst: usize, stride: usize): void {
  horizontalPass(coef, 0);
  horizontalPass(coef, 1);
  verticalPass(0, false);
  verticalPass(1, false);
  for (let y: usize = 0; y < 8; y += 2) storeRowPair(y, dst + y * stride, stride);
}

/** idctBlock for a block whose last non-zero zigzag index is <= 9 (all in the top-left 4x4): less work. */
export function idctBlockSparse(coef: usize, dst: usize, stride: usize): void {
  horizontalPassSparse(coef);
  verticalPass(0, true);
  verticalPass(1, true);
  for (let y: usize = 0; y < 8; y += 2) storeRowPair(y, dst + y * stride, stride);
}

/** A block with only a DC coefficient: every sample is the same. Zeroes the coefficient. */
export function fillDcBlock(coef: usize, dst: usize, stride: usize): void {
  const value = i32x4.trunc_sat_f32x4_s(f32x4.splat(load<f32>(coef)));
  store<f32>(coef, 0);
  const words = i16x8.narrow_i32x4_s(value, value);
  const bytes = i8x16.narrow_i16x8_u(words, words);
  for (let y: usize = 0; y < 8; y++) v128.store64_lane(dst + y * stride, bytes, 0);
}
