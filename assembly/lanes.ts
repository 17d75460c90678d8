// f32 lanes to i32 lanes without i32x4.trunc_sat_f32x4_s, which V8 compiles to six x64
// instructions (fix-ups for NaN and overflow): adding 1.5 x 2^23 leaves x, rounded to the
// nearest integer (ties to even, as f32x4.nearest), in the low mantissa bits, so one float add
// and one integer subtract convert any |x| < 2^22. Callers' values are far inside that, never NaN.
// see: IEEE 754-2019 3.4 (binary32, 23 fraction bits) and 4.3 (roundTiesToEven, the default).

/** 1.5 x 2^23: every f32 in [2^23, 2^24) is an integer, one unit apart. */
const MAGIC: f32 = 12582912;
const MAGIC_BITS: i32 = 0x4b400000;

/** round(x) of four f32 lanes (|x| < 2^22), ties to even, as i32 lanes: i32x4.trunc_sat_f32x4_s(f32x4.nearest(x)). */
@inline export function roundLanes(x: v128): v128 {
  return i32x4.sub(f32x4.add(x, f32x4.splat(MAGIC)), i32x4.splat(MAGIC_BITS));
}

/** floor(x) of four f32 lanes (|x| < 2^22) as i32 lanes; the same as truncation for x >= 0. */
@inline export function floorLanes(x: v128): v128 {
  return roundLanes(f32x4.floor(x));
}

/** i32 dst[i] = round(f32 src[i]) (ties to even) for i < count (a multiple of 4); the tests' view of roundLanes. */
export function roundLanesOf(src: usize, dst: usize, count: i32): void {
  for (let i = 0; i < count; i += 4) v128.store(dst + <usize>(i << 2), roundLanes(v128.load(src + <usize>(i << 2))));
}

/** i32 dst[i] = floor(f32 src[i]) for i < count (a multiple of 4); the tests' view of floorLanes. */
export function floorLanesOf(src: usize, dst: usize, count: i32): void {
  for (let i = 0; i < count; i += 4) v128.store(dst + <usize>(i << 2), floorLanes(v128.load(src + <usize>(i << 2))));
}
