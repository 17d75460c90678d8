import { markMacroblock, putUe } from "./bitwriter";
import { decimationScore } from "./decimate";
import { forwardResidual } from "./forward-transform";
import { inverseResidualAdd } from "./inverse-transform";
import { NNZ_AT, clearNnz, markInter, mbInfo } from "./mb-info";
import { encodeIntraMacroblock, intra16Sad } from "./mb-intra-choice";
import { capMacroblock } from "./mb-pcm";
import { writeInter16 } from "./mb-syntax";
import { predictionStride, motionPrediction } from "./motion-compensation";
import { bestCost, bestMvX, bestMvY, searchMotion } from "./motion-search";
import { predX, predY, predictMotion, skipX, skipY } from "./mv-predict";
import { countNonZero, dequantize, quantize } from "./quant";
import { BLOCK_COUNTS, COEF, LEVELS, copy16x16 } from "./scratch";
import { codedWidth, currentInfo, currentRecon, mbWidth, reconStride, sourcePlane } from "./workspace";

// A macroblock of a P slice: P_Skip when the skip vector leaves nothing to code, else the better
// of P_L0_16x16 (quarter-sample vector from the motion search) and an intra macroblock
// (Intra_16x16 or Intra_4x4, see mb-intra-choice.ts); I_PCM instead when either takes too many
// bits (mb-pcm.ts).
// see: ITU-T H.264 (08/2021) clause 7.3.4 (mb_skip_run), 7.4.5 Table 7-13, 8.4 (inter prediction),
// 8.4.1.1 (P_Skip).

/** Intra must beat inter by this many lambdas: its mb_type and residual usually cost more. */
const INTRA_PENALTY_LAMBDAS = 8;

let skipRun = 0;

/** Starts a P slice. */
export function startSkipRun(): void {
  skipRun = 0;
}

/** Skipped macroblocks not yet written (the slice ends with them). */
export function pendingSkipRun(): i32 {
  return skipRun;
}

/** Codes macroblock (mbX, mbY) of a P slice. */
export function encodePMacroblock(mbX: i32, mbY: i32, lambda: i32): void {
  const x0 = mbX << 4, y0 = mbY << 4;
  const cur = sourcePlane + <usize>(y0 * codedWidth + x0);
  const out = currentRecon + <usize>(y0 * reconStride + x0);
  const info = mbInfo(currentInfo, mbY * mbWidth + mbX);
  predictMotion(mbX, mbY);
  const skipPred = motionPrediction(x0, y0, skipX, skipY);
  if (interResidual(cur, skipPred, predictionStride) == 0) {
    copy16x16(skipPred, predictionStride, out, reconStride);
    markInter(info, skipX, skipY);
    clearNnz(info);
    skipRun++;
    return;
  }
  searchMotion(mbX, mbY, lambda);
  const interCost = bestCost;
  if (intra16Sad(mbX, mbY) + INTRA_PENALTY_LAMBDAS * lambda < interCost) {
    startCodedMacroblock();
    encodeIntraMacroblock(mbX, mbY, 5, lambda);
    capMacroblock(mbX, mbY, 5);
    return;
  }
  const mvX = bestMvX, mvY = bestMvY;
  const pred = motionPrediction(x0, y0, mvX, mvY), predStride = predictionStride;
  const cbp = interResidual(cur, pred, predStride);
  startCodedMacroblock();
  markInter(info, mvX, mvY);
  v128.store(info + NNZ_AT, v128.load(BLOCK_COUNTS));
  writeInter16(mbX, mbY, mvX - predX, mvY - predY, cbp);
  if (cbp == 0) {
    copy16x16(pred, predStride, out, reconStride);
  } else {
    dequantize(LEVELS, COEF, 16);
    inverseResidualAdd(COEF, pred, predStride, out, reconStride);
  }
  capMacroblock(mbX, mbY, 5);
}

/** Writes the mb_skip_run before a coded macroblock, whose own syntax starts after it. */
function startCodedMacroblock(): void {
  putUe(<u32>skipRun);
  skipRun = 0;
  markMacroblock();
}

/** Transforms and quantises cur - pred into LEVELS, drops what is not worth coding; returns coded_block_pattern (luma bits). */
function interResidual(cur: usize, pred: usize, predStride: i32): i32 {
  forwardResidual(cur, codedWidth, pred, predStride, COEF);
  quantize(COEF, LEVELS, 16, false);
  let cbp = 0, total = 0;
  for (let quadrant = 0; quadrant < 4; quadrant++) {
    const first = ((quadrant >> 1) << 3) | ((quadrant & 1) << 1); // raster index of its top-left 4x4 block
    let score = 0;
    for (let k = 0; k < 4; k++) score += decimationScore(LEVELS + <usize>(first + (k >> 1) * 4 + (k & 1)) * 32);
    total += score;
    if (score < 4) clearQuadrant(first);
    else cbp |= 1 << quadrant;
  }
  if (total < 6 && cbp != 0) {
    for (let quadrant = 0; quadrant < 4; quadrant++) clearQuadrant(((quadrant >> 1) << 3) | ((quadrant & 1) << 1));
    cbp = 0;
  }
  for (let b: usize = 0; b < 16; b++) store<u8>(BLOCK_COUNTS + b, <u8>countNonZero(LEVELS + b * 32));
  return cbp;
}

function clearQuadrant(first: i32): void {
  for (let k = 0; k < 4; k++) {
    const block = LEVELS + <usize>(first + (k >> 1) * 4 + (k & 1)) * 32;
    v128.store(block, i16x8.splat(0));
    v128.store(block, i16x8.splat(0), 16);
  }
}
