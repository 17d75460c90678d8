import { MAX_LEVEL, dcForwardScale, dcNormAdjust, quantRounding, quantShift } from "./quant";

// The second-stage transform of Intra_16x16 macroblocks: the 16 DC coefficients (a 4x4 grid, one
// per 4x4 block, row = block row) get a 4x4 Hadamard transform and their own quantisation.
// see: ITU-T H.264 (08/2021) clause 8.5.10 (inverse: f = H c H, then dcY scaled with
// LevelScale4x4(qP % 6, 0, 0) and a rounding shift of 6 - qP / 6, or a left shift when qP >= 36).
// Forward: Y = (H W H) >> 1, level = sign(Y) * ((|Y| * MF00 + 2f) >> (qbits + 1)).

const GRID: usize = memory.data(16 * 4, 16);

/** Quantised DC levels (16 i16, raster over the block grid) of the 16 blocks at `coef` (forwardResidual layout). */
export function forwardLumaDc(coef: usize, dcLevels: usize): void {
  for (let b: usize = 0; b < 16; b++) store<i32>(GRID + b * 4, <i32>load<i16>(coef + b * 32));
  hadamard(GRID);
  const mf = dcForwardScale(), shift = quantShift() + 1, round = 2 * quantRounding(true);
  for (let b: usize = 0; b < 16; b++) {
    const y = load<i32>(GRID + b * 4) >> 1;
    const level = min(MAX_LEVEL, <i32>((<u32>abs(y) * <u32>mf + <u32>round) >> <u32>shift));
    store<i16>(dcLevels + b * 2, <i16>(y < 0 ? -level : level));
  }
}

/** Decoder-exact dcY of the 16 levels, written into coefficient 0 of each block at `coef`. */
export function inverseLumaDc(dcLevels: usize, coef: usize, qp: i32): void {
  for (let b: usize = 0; b < 16; b++) store<i32>(GRID + b * 4, <i32>load<i16>(dcLevels + b * 2));
  hadamard(GRID);
  const scale = 16 * dcNormAdjust(qp), e = qp / 6;
  for (let b: usize = 0; b < 16; b++) {
    const f = load<i32>(GRID + b * 4);
    const dc = e >= 6 ? (f * scale) << (e - 6) : (f * scale + (1 << (5 - e))) >> (6 - e);
    store<i16>(coef + b * 32, <i16>dc);
  }
}

/** In place: m = H m H with H = [1 1 1 1; 1 1 -1 -1; 1 -1 -1 1; 1 -1 1 -1] on 16 i32. */
function hadamard(m: usize): void {
  for (let i: usize = 0; i < 4; i++) hadamard4(m + i * 16, 4);
  for (let i: usize = 0; i < 4; i++) hadamard4(m + i * 4, 16);
}

@inline function hadamard4(p: usize, step: usize): void {
  const x0 = load<i32>(p), x1 = load<i32>(p + step), x2 = load<i32>(p + 2 * step), x3 = load<i32>(p + 3 * step);
  const s01 = x0 + x1, d01 = x0 - x1, s23 = x2 + x3, d23 = x2 - x3;
  store<i32>(p, s01 + s23);
  store<i32>(p + step, s01 - s23);
  store<i32>(p + 2 * step, d01 - d23);
  store<i32>(p + 3 * step, d01 + d23);
}
