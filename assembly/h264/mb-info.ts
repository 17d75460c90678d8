// What later macroblocks need to know about an earlier one: inter, intra or I_PCM, its motion vector, the
// coefficient count of each 4x4 block (for CAVLC's nC) and each 4x4 block's Intra_4x4 mode (DC for
// macroblocks coded otherwise). One 48-byte record per macroblock.
// see: ITU-T H.264 (08/2021) clause 8.4.1.3 (neighbouring motion vectors), 9.2.1 (nC from nA, nB;
// 16 for an I_PCM neighbour), 8.3.1.1 (a neighbour not coded in Intra_4x4 counts as mode 2, DC),
// 8.7.2.2 (qPp = 0 for the samples of an I_PCM macroblock).

export const INFO_BYTES: usize = 48;

const KIND_AT: usize = 0;
const MV_X_AT: usize = 2;
const MV_Y_AT: usize = 4;
/** 16 counts, 4x4 blocks in raster order within the macroblock (not luma4x4BlkIdx order). */
export const NNZ_AT: usize = 8;
/** 16 Intra_4x4 prediction modes, raster order. */
export const MODES_AT: usize = 24;
const MODE_DC: i8 = 2;

const KIND_INTER: u8 = 0;
const KIND_INTRA: u8 = 1;
/** I_PCM: intra, its samples sent as they are (counts 16 for nC, QP 0 for deblocking). */
const KIND_PCM: u8 = 2;

/** The record of macroblock `index` (raster order) in the array at `base`. */
@inline export function mbInfo(base: usize, index: i32): usize {
  return base + <usize>index * INFO_BYTES;
}

/** Intra_4x4, Intra_16x16 or I_PCM. */
@inline export function isIntra(info: usize): bool {
  return load<u8>(info, KIND_AT) != KIND_INTER;
}

@inline export function isPcm(info: usize): bool {
  return load<u8>(info, KIND_AT) == KIND_PCM;
}

/** Horizontal motion vector in quarter samples (0 for intra). */
@inline export function mvX(info: usize): i32 {
  return <i32>load<i16>(info, MV_X_AT);
}

/** Vertical motion vector in quarter samples (0 for intra). */
@inline export function mvY(info: usize): i32 {
  return <i32>load<i16>(info, MV_Y_AT);
}

/** TotalCoeff of 4x4 block `block` (raster index 0..15). */
@inline export function nnzOf(info: usize, block: i32): i32 {
  return <i32>load<u8>(info + NNZ_AT + <usize>block);
}

/** Whether any 4x4 block has a coefficient. */
@inline export function hasCoefficients(info: usize): bool {
  return v128.any_true(v128.load(info + NNZ_AT));
}

/** Intra_4x4 mode of 4x4 block `block` (raster index). */
@inline export function intra4ModeOf(info: usize, block: i32): i32 {
  return <i32>load<u8>(info + MODES_AT + <usize>block);
}

@inline export function markInter(info: usize, x: i32, y: i32): void {
  store<u8>(info, KIND_INTER, KIND_AT);
  store<i16>(info, <i16>x, MV_X_AT);
  store<i16>(info, <i16>y, MV_Y_AT);
  v128.store(info + MODES_AT, i8x16.splat(MODE_DC));
}

/** An intra macroblock; its Intra_4x4 modes are DC unless set afterwards. */
@inline export function markIntra(info: usize): void {
  store<u8>(info, KIND_INTRA, KIND_AT);
  store<u32>(info, 0, MV_X_AT);
  v128.store(info + MODES_AT, i8x16.splat(MODE_DC));
}

/** An I_PCM macroblock: intra, DC for Intra_4x4 neighbours, 16 coefficients in every block for nC (clause 9.2.1). */
@inline export function markPcm(info: usize): void {
  markIntra(info);
  store<u8>(info, KIND_PCM, KIND_AT);
  v128.store(info + NNZ_AT, i8x16.splat(16));
}

/** Sets every coefficient count to 0 (skipped or residual-free macroblocks). */
@inline export function clearNnz(info: usize): void {
  v128.store(info + NNZ_AT, i8x16.splat(0));
}
