import { forwardResidual } from "./forward-transform";
import { INTRA16_PLANE, intra16Allowed, predictIntra16 } from "./intra16";
import { inverseResidualAdd } from "./inverse-transform";
import { forwardLumaDc, inverseLumaDc } from "./luma-dc";
import { NNZ_AT, markIntra, mbInfo } from "./mb-info";
import { writeIntra16 } from "./mb-syntax";
import { countNonZero, dequantize, quantize } from "./quant";
import { sad16x16 } from "./sad";
import { COEF, DC_LEVELS, INTRA_PRED, LEVELS } from "./scratch";
import { codedWidth, currentInfo, currentRecon, mbWidth, qp, reconStride, sourcePlane } from "./workspace";

// An Intra_16x16 macroblock: the prediction mode with the lowest SAD, the residual through the
// 4x4 transform plus the DC Hadamard stage, reconstruction exactly as the decoder does it.
// see: ITU-T H.264 (08/2021) clause 8.3.3 (prediction), 8.5.2 (Intra_16x16 residual: DC levels,
// then AC levels with the DC put back as c[0][0]), 7.3.5 (syntax).

/** Mode chosen by chooseIntra16. */
let chosenMode = 0;
/** Whether the reconstructed macroblock has AC levels. */
let acCoded = false;

/** Predicts every allowed mode for macroblock (mbX, mbY) and keeps the lowest SAD; returns that SAD. */
export function chooseIntra16(mbX: i32, mbY: i32): i32 {
  const x0 = mbX << 4, y0 = mbY << 4;
  const origin = currentRecon + <usize>(y0 * reconStride + x0);
  const cur = sourcePlane + <usize>(y0 * codedWidth + x0);
  let best = i32.MAX_VALUE;
  for (let mode = 0; mode <= INTRA16_PLANE; mode++) {
    if (!intra16Allowed(mode, mbX > 0, mbY > 0)) continue;
    const pred = INTRA_PRED + <usize>mode * 256;
    predictIntra16(mode, origin, reconStride, mbX > 0, mbY > 0, pred);
    const sad = sad16x16(cur, codedWidth, pred, 16);
    if (sad < best) {
      best = sad;
      chosenMode = mode;
    }
  }
  return best;
}

/** Reconstructs and records macroblock (mbX, mbY) as Intra_16x16 in the mode chooseIntra16 picked; its levels stay in LEVELS and DC_LEVELS. */
export function reconstructIntra16(mbX: i32, mbY: i32): void {
  const x0 = mbX << 4, y0 = mbY << 4;
  const origin = currentRecon + <usize>(y0 * reconStride + x0);
  const cur = sourcePlane + <usize>(y0 * codedWidth + x0);
  const pred = INTRA_PRED + <usize>chosenMode * 256;
  forwardResidual(cur, codedWidth, pred, 16, COEF);
  forwardLumaDc(COEF, DC_LEVELS);
  quantize(COEF, LEVELS, 16, true);
  const info = mbInfo(currentInfo, mbY * mbWidth + mbX);
  markIntra(info);
  acCoded = false;
  for (let b: usize = 0; b < 16; b++) {
    store<i16>(LEVELS + b * 32, 0); // the DC travels in DC_LEVELS
    const count = countNonZero(LEVELS + b * 32);
    store<u8>(info + NNZ_AT + b, <u8>count);
    acCoded = acCoded || count != 0;
  }
  dequantize(LEVELS, COEF, 16);
  inverseLumaDc(DC_LEVELS, COEF, qp);
  inverseResidualAdd(COEF, pred, 16, origin, reconStride);
}

/** Writes the syntax of the macroblock reconstructIntra16 made; mb_type is offset by `mbTypeBase` (0 in I, 5 in P slices). */
export function writeIntra16Syntax(mbX: i32, mbY: i32, mbTypeBase: i32): void {
  writeIntra16(mbX, mbY, mbTypeBase, chosenMode, acCoded);
}
