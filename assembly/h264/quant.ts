// Scalar quantisation of 4x4 coefficients and the decoder's scaling (dequantisation), 8 lanes at a time.
// see: ITU-T H.264 (08/2021) clause 8.5.12.1 (scaling: d = c * LevelScale4x4 << (qP / 6) >> 4, with a
// flat weight of 16 this is c * v << (qP / 6)) and clause 8.5.9 (normAdjust4x4, the v table).
// The forward side is the encoder's choice: level = sign(W) * ((|W| * MF + f) >> (15 + qP / 6)),
// f = 2^qbits / 3 (intra) or / 6 (inter), with MF the reciprocal of v's norm (Richardson, 2nd ed., 7.2.3).

/** |level| is capped so every level fits CAVLC's 12-bit escape (clause 9.2.2.1) in any suffixLength. */
export const MAX_LEVEL: i32 = 2047;

// Three position classes: both indices even (a), both odd (b), mixed (c); six columns, qP % 6.
const FORWARD_SCALE: usize = memory.data<i16>([
  13107, 11916, 10082, 9362, 8192, 7282,
  5243, 4660, 4194, 3647, 3355, 2893,
  8066, 7490, 6554, 5825, 5243, 4559,
]);
const NORM_ADJUST: usize = memory.data<i16>([
  10, 11, 13, 14, 16, 18,
  16, 18, 20, 23, 25, 29,
  13, 14, 16, 18, 20, 23,
]);

/** Per raster position of a 4x4 block, for the prepared QP: MF and v << (qP / 6). */
const MF: usize = memory.data(32, 16);
const SCALE: usize = memory.data(32, 16);
let qbits = 15;
let roundIntra = 0;
let roundInter = 0;
let zeroInterSad = 0;
/** The prepared QP (-1: none yet). */
let preparedQp = -1;

/** Fills the per-position tables for `qp` (0..51). */
export function prepareQuant(qp: i32): void {
  if (qp == preparedQp) return;
  const m = qp % 6, e = qp / 6;
  for (let i = 0; i < 16; i++) {
    const row = i >> 2, column = i & 3;
    const kind = (row & 1) == 0 && (column & 1) == 0 ? 0 : (row & 1) == 1 && (column & 1) == 1 ? 1 : 2;
    store<i16>(MF + <usize>i * 2, load<i16>(FORWARD_SCALE + <usize>(kind * 6 + m) * 2));
    store<i16>(SCALE + <usize>i * 2, <i16>(<i32>load<i16>(NORM_ADJUST + <usize>(kind * 6 + m) * 2) << e));
  }
  qbits = 15 + e;
  roundIntra = (1 << qbits) / 3;
  roundInter = (1 << qbits) / 6;
  // |W| of a 4x4 block is at most max|row of Cf| * max|column of Cf| * SAD, those maxima 1 or 2 by position.
  const room = (1 << qbits) - roundInter - 1;
  zeroInterSad = min(room / <i32>load<i16>(FORWARD_SCALE + <usize>m * 2), min(room / (4 * <i32>load<i16>(FORWARD_SCALE + <usize>(6 + m) * 2)), room / (2 * <i32>load<i16>(FORWARD_SCALE + <usize>(12 + m) * 2))));
  preparedQp = qp;
}

/** The largest SAD of a 4x4 inter residual whose every coefficient quantises to 0 at the prepared QP, whatever the residual. */
export function zeroInterResidualSad(): i32 {
  return zeroInterSad;
}

/** MF of position (0, 0), for the luma DC path. */
export function dcForwardScale(): i32 {
  return <i32>load<i16>(MF);
}

/** Right shift of the prepared QP: 15 + qP / 6. */
export function quantShift(): i32 {
  return qbits;
}

/** Rounding offset f of the prepared QP. */
export function quantRounding(intra: bool): i32 {
  return intra ? roundIntra : roundInter;
}

/** Quantises `blocks` blocks of 16 i16 coefficients at `coef` into levels at `levels` (may alias). */
export function quantize(coef: usize, levels: usize, blocks: i32, intra: bool): void {
  const round = i32x4.splat(intra ? roundIntra : roundInter);
  const mfLow = v128.load(MF), mfHigh = v128.load(MF, 16);
  const end = <usize>blocks * 32;
  for (let i: usize = 0; i < end; i += 32) {
    v128.store(levels + i, quantize8(v128.load(coef + i), mfLow, round));
    v128.store(levels + i, quantize8(v128.load(coef + i, 16), mfHigh, round), 16);
  }
}

@inline function quantize8(c: v128, mf: v128, round: v128): v128 {
  const magnitude = i16x8.abs(c);
  const low = i32x4.shr_u(i32x4.add(i32x4.extmul_low_i16x8_u(magnitude, mf), round), qbits);
  const high = i32x4.shr_u(i32x4.add(i32x4.extmul_high_i16x8_u(magnitude, mf), round), qbits);
  const level = i16x8.min_s(i16x8.narrow_i32x4_s(low, high), i16x8.splat(<i16>MAX_LEVEL));
  const sign = i16x8.shr_s(c, 15);
  return i16x8.sub(v128.xor(level, sign), sign);
}

/** d = level * v << (qP / 6) for `blocks` blocks (clause 8.5.12.1); `coef` may alias `levels`. */
export function dequantize(levels: usize, coef: usize, blocks: i32): void {
  const scaleLow = v128.load(SCALE), scaleHigh = v128.load(SCALE, 16);
  const end = <usize>blocks * 32;
  for (let i: usize = 0; i < end; i += 32) {
    v128.store(coef + i, i16x8.mul(v128.load(levels + i), scaleLow));
    v128.store(coef + i, i16x8.mul(v128.load(levels + i, 16), scaleHigh), 16);
  }
}

/** Non-zero levels in the block of 16 at `levels`. */
@inline export function countNonZero(levels: usize): i32 {
  const zero = i16x8.splat(0);
  const low = i16x8.bitmask(i16x8.ne(v128.load(levels), zero));
  const high = i16x8.bitmask(i16x8.ne(v128.load(levels, 16), zero));
  return <i32>popcnt(low | (high << 8));
}

/** The normAdjust v of position (0, 0) for qP % 6, for the luma DC scaling. */
export function dcNormAdjust(qp: i32): i32 {
  return <i32>load<i16>(NORM_ADJUST + <usize>(qp % 6) * 2);
}
