// Intra_16x16 prediction of a macroblock from the reconstructed pixels above and to its left.
// see: ITU-T H.264 (08/2021) clause 8.3.3 (modes 0 vertical, 1 horizontal, 2 DC, 3 plane).
// With one slice per picture the neighbours are available exactly when inside the picture, and
// the top-left pixel exists whenever both the left and the top row do.

export const INTRA16_VERTICAL: i32 = 0;
export const INTRA16_HORIZONTAL: i32 = 1;
export const INTRA16_DC: i32 = 2;
export const INTRA16_PLANE: i32 = 3;

/** Whether `mode` can be used with these neighbours. */
@inline export function intra16Allowed(mode: i32, hasLeft: bool, hasTop: bool): bool {
  if (mode == INTRA16_VERTICAL) return hasTop;
  if (mode == INTRA16_HORIZONTAL) return hasLeft;
  if (mode == INTRA16_PLANE) return hasLeft && hasTop;
  return true;
}

/** Writes the 16x16 prediction (stride 16) of `mode` to dst; `origin` is the macroblock's top-left pixel in the reconstruction. */
export function predictIntra16(mode: i32, origin: usize, stride: i32, hasLeft: bool, hasTop: bool, dst: usize): void {
  const s = <usize>stride;
  if (mode == INTRA16_VERTICAL) {
    const above = v128.load(origin - s);
    for (let y: usize = 0; y < 16; y++) v128.store(dst + y * 16, above);
  } else if (mode == INTRA16_HORIZONTAL) {
    for (let y: usize = 0; y < 16; y++) v128.store(dst + y * 16, i8x16.splat(load<i8>(origin + y * s - 1)));
  } else if (mode == INTRA16_DC) {
    const value = i8x16.splat(<i8>dcValue(origin, s, hasLeft, hasTop));
    for (let y: usize = 0; y < 16; y++) v128.store(dst + y * 16, value);
  } else {
    predictPlane(origin, s, dst);
  }
}

/** Mean of the available neighbours, rounded; 128 with none (clause 8.3.3.3). */
function dcValue(origin: usize, s: usize, hasLeft: bool, hasTop: bool): i32 {
  let top = 0, left = 0;
  if (hasTop) top = sumRow(origin - s);
  if (hasLeft) for (let y: usize = 0; y < 16; y++) left += <i32>load<u8>(origin + y * s - 1);
  if (hasTop && hasLeft) return (top + left + 16) >> 5;
  if (hasTop) return (top + 8) >> 4;
  if (hasLeft) return (left + 8) >> 4;
  return 128;
}

@inline function sumRow(p: usize): i32 {
  const pairs = i16x8.extadd_pairwise_i8x16_u(v128.load(p));
  const quads = i32x4.extadd_pairwise_i16x8_u(pairs);
  return i32x4.extract_lane(quads, 0) + i32x4.extract_lane(quads, 1) + i32x4.extract_lane(quads, 2) + i32x4.extract_lane(quads, 3);
}

/** Clause 8.3.3.4: Clip1((a + b (x - 7) + c (y - 7) + 16) >> 5); every term fits 16 bits. */
function predictPlane(origin: usize, s: usize, dst: usize): void {
  const top = origin - s, left = origin - 1;
  let h = 0, v = 0;
  for (let k: usize = 0; k < 8; k++) {
    // k = 7 reaches the top-left pixel p[-1, -1] on both sums.
    // (written so the unsigned address arithmetic never goes below the row/column start minus one)
    h += <i32>(k + 1) * (<i32>load<u8>(top + 8 + k) - <i32>load<u8>(top + 6 - k));
    v += <i32>(k + 1) * (<i32>load<u8>(left + (8 + k) * s) - <i32>load<u8>(left + 6 * s - k * s));
  }
  const a = 16 * (<i32>load<u8>(left + 15 * s) + <i32>load<u8>(top + 15));
  const b = (5 * h + 32) >> 6, c = (5 * v + 32) >> 6;
  const ramp = i16x8.mul(i16x8.splat(<i16>b), i16x8(-7, -6, -5, -4, -3, -2, -1, 0));
  const rampHigh = i16x8.add(ramp, i16x8.splat(<i16>(8 * b)));
  for (let y = 0; y < 16; y++) {
    const base = i16x8.splat(<i16>(a + c * (y - 7) + 16));
    const low = i16x8.shr_s(i16x8.add(base, ramp), 5);
    const high = i16x8.shr_s(i16x8.add(base, rampHigh), 5);
    v128.store(dst + <usize>y * 16, i8x16.narrow_i16x8_u(low, high));
  }
}
