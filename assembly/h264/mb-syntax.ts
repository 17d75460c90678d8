import { putBits, putSe, putUe } from "./bitwriter";
import { writeResidualBlock } from "./cavlc";
import { mbInfo, nnzOf } from "./mb-info";
import { CODING_ORDER, DC_LEVELS, LEVELS } from "./scratch";
import { currentInfo, mbWidth } from "./workspace";

// macroblock_layer() of the two coded macroblock kinds, CAVLC, 4:2:0 with no chroma residual.
// see: ITU-T H.264 (08/2021) clause 7.3.5 (macroblock_layer, mb_pred, residual_luma), Table 7-11
// (I_NxN is 0; I mb_type 1..24: 1 + predMode + 4 * chroma cbp + 12 * (luma AC coded)), Table 7-13 (P mb_type,
// intra types offset by 5), Table 9-4 (coded_block_pattern codeNum, intra and inter columns), 9.2.1 (nC).

/** Table 9-4 inverted for coded_block_pattern 0..15 (chroma 0), inter macroblocks. */
const INTER_CBP_CODE: usize = memory.data<u8>([0, 2, 3, 7, 4, 8, 17, 13, 5, 18, 9, 14, 10, 15, 16, 11]);
/** The same for Intra_4x4 macroblocks. */
const INTRA_CBP_CODE: usize = memory.data<u8>([3, 29, 30, 17, 31, 18, 37, 8, 32, 38, 19, 9, 20, 10, 11, 2]);

/** Intra_16x16 with intra_chroma_pred_mode DC and mb_qp_delta 0; nnz counts must already be recorded. */
export function writeIntra16(mbX: i32, mbY: i32, mbTypeBase: i32, mode: i32, acCoded: bool): void {
  putUe(<u32>(mbTypeBase + 1 + mode + (acCoded ? 12 : 0)));
  putUe(0);
  putSe(0);
  const index = mbY * mbWidth + mbX, info = mbInfo(currentInfo, index);
  writeResidualBlock(DC_LEVELS, 0, blockNc(info, index, mbX, mbY, 0));
  if (!acCoded) return;
  for (let i: usize = 0; i < 16; i++) {
    const b = <i32>load<u8>(CODING_ORDER + i);
    writeResidualBlock(LEVELS + <usize>b * 32, 1, blockNc(info, index, mbX, mbY, b));
  }
}

/**
 * I_NxN (Intra_4x4): per block in coding order, `remainders` holds 255 (prev_intra4x4_pred_mode_flag)
 * or rem_intra4x4_pred_mode; levels in LEVELS, nnz counts already recorded.
 */
export function writeIntra4x4(mbX: i32, mbY: i32, mbTypeBase: i32, remainders: usize, cbp: i32): void {
  putUe(<u32>mbTypeBase);
  for (let i: usize = 0; i < 16; i++) {
    const remainder = <u32>load<u8>(remainders + i);
    if (remainder == 255) putBits(1, 1);
    else putBits(remainder, 4); // a 0 flag, then 3 bits
  }
  putUe(0);
  putUe(<u32>load<u8>(INTRA_CBP_CODE + <usize>cbp));
  writeLumaBlocks(mbX, mbY, cbp);
}

/** P_L0_16x16 with its motion vector difference and the 8x8 blocks flagged in `cbp`. */
export function writeInter16(mbX: i32, mbY: i32, mvdX: i32, mvdY: i32, cbp: i32): void {
  putUe(0);
  putSe(mvdX);
  putSe(mvdY);
  putUe(<u32>load<u8>(INTER_CBP_CODE + <usize>cbp));
  writeLumaBlocks(mbX, mbY, cbp);
}

/** mb_qp_delta and the 4x4 blocks (16 coefficients each) of the 8x8 blocks flagged in `cbp`. */
function writeLumaBlocks(mbX: i32, mbY: i32, cbp: i32): void {
  if (cbp == 0) return;
  putSe(0);
  const index = mbY * mbWidth + mbX, info = mbInfo(currentInfo, index);
  for (let i: usize = 0; i < 16; i++) {
    if ((cbp & (1 << <i32>(i >> 2))) == 0) continue;
    const b = <i32>load<u8>(CODING_ORDER + i);
    writeResidualBlock(LEVELS + <usize>b * 32, 0, blockNc(info, index, mbX, mbY, b));
  }
}

/** nC of raster block `b`: the rounded mean of the left and upper blocks' TotalCoeff, those available. */
function blockNc(info: usize, index: i32, mbX: i32, mbY: i32, b: i32): i32 {
  const bx = b & 3, by = b >> 2;
  let nA = 0, nB = 0;
  const hasA = bx > 0 || mbX > 0, hasB = by > 0 || mbY > 0;
  if (bx > 0) nA = nnzOf(info, b - 1);
  else if (hasA) nA = nnzOf(mbInfo(currentInfo, index - 1), b + 3);
  if (by > 0) nB = nnzOf(info, b - 4);
  else if (hasB) nB = nnzOf(mbInfo(currentInfo, index - mbWidth), b + 12);
  if (hasA && hasB) return (nA + nB + 1) >> 1;
  return hasA ? nA : nB;
}
