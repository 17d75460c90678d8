// Forward 8x8 DCT, AAN (Arai-Agui-Nakajima) factorisation in f32, four columns per v128.
// see: Y. Arai, T. Agui, M. Nakajima, "A fast DCT-SQ scheme for images", Trans. IEICE E71(11), 1988;
// ITU-T T.81 section A.3.3 (FDCT definition) and A.3.1 (level shift).
//
// The AAN outputs are scaled: out[u][v] = 8 * aan(u) * aan(v) * F(u, v), with aan(0) = 1 and
// aan(k) = sqrt(2) * cos(k * pi / 16); quantize.ts folds those factors into its reciprocals.
//
// `out` holds 64 f32 as 8 rows of two v128 (4 lanes each), 32 bytes a row. Pass 1 runs the 1-D
// DCT across the 8 sample rows (all columns at once) and stores its rows; pass 2 reloads them,
// transposes the four 4x4 tiles in registers and runs the same 1-D DCT again. The result is
// therefore transposed: out[v * 8 + u] = F(u, v), u the vertical and v the horizontal frequency.

/** DCT of the 8x8 u8 samples at `src` (row stride `stride` bytes) into 64 f32 at `out` (16-byte aligned), transposed. */
export function forwardDct(src: usize, stride: usize, out: usize): void {
  const r0 = levelShifted(src), r1 = levelShifted(src + stride);
  const r2 = levelShifted(src + 2 * stride), r3 = levelShifted(src + 3 * stride);
  const r4 = levelShifted(src + 4 * stride), r5 = levelShifted(src + 5 * stride);
  const r6 = levelShifted(src + 6 * stride), r7 = levelShifted(src + 7 * stride);
  dct8(low(r0), low(r1), low(r2), low(r3), low(r4), low(r5), low(r6), low(r7), out);
  dct8(high(r0), high(r1), high(r2), high(r3), high(r4), high(r5), high(r6), high(r7), out + 16);
  // Tiles of the pass-1 result: a = rows 0-3 / columns 0-3, b = rows 0-3 / columns 4-7,
  // c = rows 4-7 / columns 0-3, d = rows 4-7 / columns 4-7. Pass 2's input j (column j of the
  // block) is column j of a (or of b, for j >= 4) in its rows 0-3, and of c (or d) in rows 4-7.
  const a0 = v128.load(out), a1 = v128.load(out, 32), a2 = v128.load(out, 64), a3 = v128.load(out, 96);
  const c0 = v128.load(out, 128), c1 = v128.load(out, 160), c2 = v128.load(out, 192), c3 = v128.load(out, 224);
  const b0 = v128.load(out, 16), b1 = v128.load(out, 48), b2 = v128.load(out, 80), b3 = v128.load(out, 112);
  const d0 = v128.load(out, 144), d1 = v128.load(out, 176), d2 = v128.load(out, 208), d3 = v128.load(out, 240);
  // Every tile is in registers before the first store.
  dct8(
    column0(a0, a1, a2, a3), column1(a0, a1, a2, a3), column2(a0, a1, a2, a3), column3(a0, a1, a2, a3),
    column0(b0, b1, b2, b3), column1(b0, b1, b2, b3), column2(b0, b1, b2, b3), column3(b0, b1, b2, b3),
    out,
  );
  dct8(
    column0(c0, c1, c2, c3), column1(c0, c1, c2, c3), column2(c0, c1, c2, c3), column3(c0, c1, c2, c3),
    column0(d0, d1, d2, d3), column1(d0, d1, d2, d3), column2(d0, d1, d2, d3), column3(d0, d1, d2, d3),
    out + 16,
  );
}

/** 8 samples minus 128 (T.81 A.3.1), as i16 lanes. */
@inline function levelShifted(p: usize): v128 {
  return i16x8.sub(v128.load8x8_u(p), i16x8.splat(128));
}

@inline function low(words: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(words));
}

@inline function high(words: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(words));
}

// Column j of a 4x4 tile given as rows r0..r3 (each an f32x4).
@inline function column0(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return i64x2.shuffle(i32x4.shuffle(r0, r1, 0, 4, 1, 5), i32x4.shuffle(r2, r3, 0, 4, 1, 5), 0, 2);
}
@inline function column1(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return i64x2.shuffle(i32x4.shuffle(r0, r1, 0, 4, 1, 5), i32x4.shuffle(r2, r3, 0, 4, 1, 5), 1, 3);
}
@inline function column2(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return i64x2.shuffle(i32x4.shuffle(r0, r1, 2, 6, 3, 7), i32x4.shuffle(r2, r3, 2, 6, 3, 7), 0, 2);
}
@inline function column3(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return i64x2.shuffle(i32x4.shuffle(r0, r1, 2, 6, 3, 7), i32x4.shuffle(r2, r3, 2, 6, 3, 7), 1, 3);
}

/** 1-D AAN DCT of d0..d7 (4 lanes at once); output k is stored at p + 32 * k. */
@inline function dct8(d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128, d6: v128, d7: v128, p: usize): void {
  const s07 = f32x4.add(d0, d7), t07 = f32x4.sub(d0, d7);
  const s16 = f32x4.add(d1, d6), t16 = f32x4.sub(d1, d6);
  const s25 = f32x4.add(d2, d5), t25 = f32x4.sub(d2, d5);
  const s34 = f32x4.add(d3, d4), t34 = f32x4.sub(d3, d4);
  // Even part: outputs 0, 2, 4, 6.
  const e0 = f32x4.add(s07, s34), e3 = f32x4.sub(s07, s34);
  const e1 = f32x4.add(s16, s25), e2 = f32x4.sub(s16, s25);
  const z1 = f32x4.mul(f32x4.add(e2, e3), f32x4.splat(0.707106781));
  v128.store(p, f32x4.add(e0, e1));
  v128.store(p, f32x4.add(e3, z1), 64);
  v128.store(p, f32x4.sub(e0, e1), 128);
  v128.store(p, f32x4.sub(e3, z1), 192);
  // Odd part: outputs 1, 3, 5, 7 (the rotation takes 3 multiplies, as in AAN).
  const o0 = f32x4.add(t34, t25), o1 = f32x4.add(t25, t16), o2 = f32x4.add(t16, t07);
  const z5 = f32x4.mul(f32x4.sub(o0, o2), f32x4.splat(0.382683433));
  const z2 = f32x4.add(f32x4.mul(o0, f32x4.splat(0.5411961)), z5);
  const z4 = f32x4.add(f32x4.mul(o2, f32x4.splat(1.306562965)), z5);
  const z3 = f32x4.mul(o1, f32x4.splat(0.707106781));
  const z11 = f32x4.add(t07, z3), z13 = f32x4.sub(t07, z3);
  v128.store(p, f32x4.add(z11, z4), 32);
  v128.store(p, f32x4.sub(z13, z2), 96);
  v128.store(p, f32x4.add(z13, z2), 160);
  v128.store(p, f32x4.sub(z11, z4), 224);
}
