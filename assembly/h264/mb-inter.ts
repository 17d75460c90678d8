import { macroblockBits, markMacroblock, putUe, rewindMacroblock, seBits } from "./bitwriter";
import { decimationScore } from "./decimate";
import { forwardResidual } from "./forward-transform";
import { globalX, globalY } from "./global-motion";
import { inverseResidualAdd } from "./inverse-transform";
import { LAMBDA_SHIFT } from "./lambda";
import { NNZ_AT, clearNnz, markInter, mbInfo } from "./mb-info";
import { intra16Sad, reconstructIntra16Macroblock, writeIntraMacroblock } from "./mb-intra-choice";
import { capMacroblock } from "./mb-pcm";
import { writeInter16 } from "./mb-syntax";
import { predictionStride, motionPrediction } from "./motion-compensation";
import { bestCost, bestMvX, bestMvY, refineMotion, searchMotion } from "./motion-search";
import { predX, predY, predictMotion, skipX, skipY } from "./mv-predict";
import { countNonZero, dequantize, quantize, zeroInterResidualSad } from "./quant";
import { BLOCK_COUNTS, COEF, LEVELS, copy16x16 } from "./scratch";
import { ssd16x16 } from "./ssd";
import { codedWidth, currentInfo, currentRecon, mbWidth, reconStride, sourcePlane } from "./workspace";

// A macroblock of a P slice: P_Skip, P_L0_16x16 (quarter-sample vector from the motion search) or
// Intra_16x16 (see mb-intra-choice.ts). The motion search runs
// first, and a macroblock whose best vector is P_Skip's and leaves nothing worth coding there is
// skipped (x264's rule: the search, not a bare skip test, says the skip vector is right; a wrong
// vector copied on through skipped macroblocks blurs and misplaces the picture for the rest of the
// GOP). Only a P_Skip that costs little SSD, or a little more when its vector is the picture's
// dominant motion, is taken before the search. Otherwise the candidates are reconstructed as the decoder will, their syntax is written to
// count its bits exactly, and the one with the least SSD + lambda * bits wins. I_PCM instead when
// the winner takes too many bits (mb-pcm.ts).
// see: ITU-T H.264 (08/2021) clause 7.3.4 (mb_skip_run), 7.4.5 Table 7-13, 8.4 (inter prediction),
// 8.4.1.1 (P_Skip); x264, encoder/analyse.c (fast P_Skip detection after the 16x16 search),
// https://code.videolan.org/videolan/x264

/** P_Skip without a search when its SSD is under this many bits' worth: anything coded costs more. */
const EARLY_SKIP_BITS = 4;
/**
 * ... or under this many when P_Skip's vector is the picture's dominant motion: the search would
 * find it again (a fast tilt's macroblocks are mostly so: 17% of its encoding time for 0.2% of bits).
 */
const EARLY_GLOBAL_SKIP_BITS = 32;
/** Bits of P_L0_16x16's mb_type and of coded_block_pattern 0, and one of mb_skip_run at least before them. */
const BARE_INTER_BITS = 3;

/** The inter candidate's reconstruction (stride 16) and levels, kept while intra is tried. */
const INTER_RECON: usize = memory.data(256, 16);
const INTER_LEVELS: usize = memory.data(512, 16);

let skipRun = 0;

/** Starts a P slice. */
export function startSkipRun(): void {
  skipRun = 0;
}

/** Skipped macroblocks not yet written (the slice ends with them). */
export function pendingSkipRun(): i32 {
  return skipRun;
}

/** Codes macroblock (mbX, mbY) of a P slice; `lambda` weighs motion bits against SAD, `modeLambda` (<< LAMBDA_SHIFT) bits against SSD. */
export function encodePMacroblock(mbX: i32, mbY: i32, lambda: i32, modeLambda: i64): void {
  const x0 = mbX << 4, y0 = mbY << 4;
  const cur = sourcePlane + <usize>(y0 * codedWidth + x0);
  const out = currentRecon + <usize>(y0 * reconStride + x0);
  const info = mbInfo(currentInfo, mbY * mbWidth + mbX);
  predictMotion(mbX, mbY);
  const skipCost = distortion(cur, motionPrediction(x0, y0, skipX, skipY), predictionStride);
  const global = skipX == globalX << 2 && skipY == globalY << 2;
  if (skipCost <= (global ? EARLY_GLOBAL_SKIP_BITS : EARLY_SKIP_BITS) * modeLambda) {
    commitSkip(x0, y0, out, info);
    return;
  }
  searchMotion(mbX, mbY, lambda);
  let skipCbp = -1; // P_Skip's residual once looked at (its levels left in LEVELS)
  if (bestMvX == skipX && bestMvY == skipY) {
    skipCbp = skipResidual(cur, x0, y0);
    if (skipCbp == 0) {
      commitSkip(x0, y0, out, info);
      return;
    }
  }
  refineMotion();
  const atSkip = bestMvX == skipX && bestMvY == skipY;
  if (atSkip && skipCbp < 0) {
    skipCbp = skipResidual(cur, x0, y0);
    if (skipCbp == 0) {
      commitSkip(x0, y0, out, info);
      return;
    }
  }
  const interSad = bestCost, mvX = bestMvX, mvY = bestMvY, mvdX = mvX - predX, mvdY = mvY - predY;
  const cbp = interCandidate(mbX, mbY, cur, mvdX, mvdY, modeLambda, atSkip ? skipCbp : -1);
  const interCost = distortion(cur, INTER_RECON, 16) + modeLambda * <i64>interBits(mbX, mbY, mvdX, mvdY, cbp);
  let intraCost = i64.MAX_VALUE;
  if (intra16Sad(mbX, mbY) < interSad) {
    memory.copy(INTER_LEVELS, LEVELS, 512);
    reconstructIntra16Macroblock(mbX, mbY);
    intraCost = distortion(cur, out, reconStride) + modeLambda * <i64>intraBits(mbX, mbY);
  }
  if (skipCost <= interCost && skipCost <= intraCost) {
    commitSkip(x0, y0, out, info);
  } else if (intraCost < interCost) {
    startCodedMacroblock();
    writeIntraMacroblock(mbX, mbY, 5);
    capMacroblock(mbX, mbY, 5);
  } else {
    if (intraCost != i64.MAX_VALUE) {
      memory.copy(LEVELS, INTER_LEVELS, 512);
      recordInter(info, mvX, mvY);
    }
    startCodedMacroblock();
    writeInter16(mbX, mbY, mvdX, mvdY, cbp);
    copy16x16(INTER_RECON, 16, out, reconStride);
    capMacroblock(mbX, mbY, 5);
  }
}

/** The coded_block_pattern of P_Skip's residual, quantised into LEVELS less what is not worth coding: 0 when nothing is left. */
function skipResidual(cur: usize, x0: i32, y0: i32): i32 {
  return interResidual(cur, motionPrediction(x0, y0, skipX, skipY), predictionStride);
}

/** SSD of a 16x16 block against the source, << LAMBDA_SHIFT. */
@inline function distortion(cur: usize, block: usize, stride: i32): i64 {
  return <i64>ssd16x16(cur, codedWidth, block, stride) << LAMBDA_SHIFT;
}

/** Bits of the P_L0_16x16 syntax (written, then taken back, when it has a residual), and one of mb_skip_run at least before it. */
function interBits(mbX: i32, mbY: i32, mvdX: i32, mvdY: i32, cbp: i32): i32 {
  if (cbp == 0) return BARE_INTER_BITS + seBits(mvdX) + seBits(mvdY);
  markMacroblock();
  writeInter16(mbX, mbY, mvdX, mvdY, cbp);
  const bits = macroblockBits() + 1;
  rewindMacroblock();
  return bits;
}

/** Bits of the intra macroblock reconstructIntraMacroblock made (written, then taken back), and one of mb_skip_run. */
function intraBits(mbX: i32, mbY: i32): i32 {
  markMacroblock();
  writeIntraMacroblock(mbX, mbY, 5);
  const bits = macroblockBits() + 1;
  rewindMacroblock();
  return bits;
}

/** Records an inter macroblock: its vector and the coefficient counts in BLOCK_COUNTS. */
function recordInter(info: usize, mvX: i32, mvY: i32): void {
  markInter(info, mvX, mvY);
  v128.store(info + NNZ_AT, v128.load(BLOCK_COUNTS));
}

/** P_Skip: the skip vector's prediction as the reconstruction, no syntax but a longer run. */
function commitSkip(x0: i32, y0: i32, out: usize, info: usize): void {
  copy16x16(motionPrediction(x0, y0, skipX, skipY), predictionStride, out, reconStride);
  markInter(info, skipX, skipY);
  clearNnz(info);
  skipRun++;
}

/**
 * P_L0_16x16 at the searched vector (mvd from the predicted one): its levels in LEVELS, its record
 * in the macroblock's info, its reconstruction in INTER_RECON; the residual is dropped when the
 * prediction alone costs less. `knownCbp` >= 0: the residual is already in LEVELS (P_Skip's vector).
 * Returns the luma coded_block_pattern.
 */
function interCandidate(mbX: i32, mbY: i32, cur: usize, mvdX: i32, mvdY: i32, modeLambda: i64, knownCbp: i32): i32 {
  const mvX = mvdX + predX, mvY = mvdY + predY;
  const pred = motionPrediction(mbX << 4, mbY << 4, mvX, mvY), predStride = predictionStride;
  const info = mbInfo(currentInfo, mbY * mbWidth + mbX);
  let cbp = knownCbp >= 0 ? knownCbp : interResidual(cur, pred, predStride);
  copy16x16(pred, predStride, INTER_RECON, 16);
  if (cbp != 0) {
    clearNnz(info);
    markInter(info, mvX, mvY);
    const bare = distortion(cur, INTER_RECON, 16) + modeLambda * <i64>interBits(mbX, mbY, mvdX, mvdY, 0);
    dequantize(LEVELS, COEF, 16);
    inverseResidualAdd(COEF, INTER_RECON, 16, INTER_RECON, 16);
    recordInter(info, mvX, mvY);
    const coded = distortion(cur, INTER_RECON, 16) + modeLambda * <i64>interBits(mbX, mbY, mvdX, mvdY, cbp);
    if (bare < coded) {
      copy16x16(pred, predStride, INTER_RECON, 16);
      for (let quadrant = 0; quadrant < 4; quadrant++) clearQuadrant(((quadrant >> 1) << 3) | ((quadrant & 1) << 1));
      v128.store(BLOCK_COUNTS, i8x16.splat(0));
      cbp = 0;
    }
  }
  recordInter(info, mvX, mvY);
  return cbp;
}

/** Writes the mb_skip_run before a coded macroblock, whose own syntax starts after it. */
function startCodedMacroblock(): void {
  putUe(<u32>skipRun);
  skipRun = 0;
  markMacroblock();
}

/** Transforms and quantises cur - pred into LEVELS, drops what is not worth coding; returns coded_block_pattern (luma bits). */
function interResidual(cur: usize, pred: usize, predStride: i32): i32 {
  if (largestBlockSad(cur, pred, predStride) <= zeroInterResidualSad()) {
    memory.fill(LEVELS, 0, 512);
    v128.store(BLOCK_COUNTS, i8x16.splat(0));
    return 0;
  }
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

/** The largest SAD of the sixteen 4x4 blocks of cur - pred. */
function largestBlockSad(cur: usize, pred: usize, predStride: i32): i32 {
  const cs = <usize>codedWidth, ps = <usize>predStride;
  let largest = i32x4.splat(0);
  for (let band: usize = 0; band < 4; band++) {
    let pairs = i16x8.splat(0); // lane k: pixels 2k and 2k + 1 of the band's four rows
    for (let r: usize = 0; r < 4; r++) {
      const row = band * 4 + r, a = v128.load(cur + row * cs), b = v128.load(pred + row * ps);
      pairs = i16x8.add(pairs, i16x8.extadd_pairwise_i8x16_u(i8x16.sub(i8x16.max_u(a, b), i8x16.min_u(a, b))));
    }
    largest = i32x4.max_s(largest, i32x4.extadd_pairwise_i16x8_u(pairs)); // lane k: block k of the band
  }
  return max(max(i32x4.extract_lane(largest, 0), i32x4.extract_lane(largest, 1)), max(i32x4.extract_lane(largest, 2), i32x4.extract_lane(largest, 3)));
}

function clearQuadrant(first: i32): void {
  for (let k = 0; k < 4; k++) {
    const block = LEVELS + <usize>(first + (k >> 1) * 4 + (k & 1)) * 32;
    v128.store(block, i16x8.splat(0));
    v128.store(block, i16x8.splat(0), 16);
  }
}
