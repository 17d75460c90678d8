import { forwardBlock } from "./forward-transform";
import { INTRA4_HORIZONTAL_UP, intra4Allowed, predictIntra4, prepareIntra4 } from "./intra4";
import { inverseBlockAdd } from "./inverse-transform";
import { MODES_AT, NNZ_AT, intra4ModeOf, markIntra, mbInfo } from "./mb-info";
import { writeIntra4x4 } from "./mb-syntax";
import { countNonZero, dequantize, quantize } from "./quant";
import { CODING_ORDER, LEVELS } from "./scratch";
import { codedWidth, currentInfo, currentRecon, mbWidth, reconStride, sourcePlane } from "./workspace";

// An Intra_4x4 macroblock, tried block by block in coding order: each block takes the mode with
// the lowest SAD + lambda * mode bits, and is transformed, quantised and reconstructed before the
// next one is predicted from it (so the trial writes the macroblock's reconstruction; an
// Intra_16x16 decision afterwards overwrites it).
// see: ITU-T H.264 (08/2021) clause 8.3.1.1 (predIntra4x4PredMode = Min(mode A, mode B), DC when a
// neighbour is outside the picture), 8.3.1.2 (neighbour availability, incl. the top-right block),
// 7.3.5.1 (prev_intra4x4_pred_mode_flag, rem_intra4x4_pred_mode).

/** Modes and coefficient counts of the trial, raster order. */
const MODES: usize = memory.data(16, 16);
const COUNTS: usize = memory.data(16, 16);
const PREDICTION: usize = memory.data(16, 16);
const BLOCK_COEF: usize = memory.data(64, 16);
/** coded_block_pattern of the trial. */
let trialCbp = 0;

/** Codes macroblock (mbX, mbY) as Intra_4x4 into the reconstruction and LEVELS; returns the summed SAD + lambda * mode bits. */
export function tryIntra4x4(mbX: i32, mbY: i32, lambda: i32): i32 {
  const x0 = mbX << 4, y0 = mbY << 4, stride = <usize>reconStride;
  const origin = currentRecon + <usize>y0 * stride + <usize>x0;
  const cur = sourcePlane + <usize>(y0 * codedWidth + x0);
  const index = mbY * mbWidth + mbX;
  let cost = 0;
  trialCbp = 0;
  for (let i: usize = 0; i < 16; i++) {
    const b = <i32>load<u8>(CODING_ORDER + i), bx = b & 3, by = b >> 2;
    const at = origin + <usize>(by * 4) * stride + <usize>(bx * 4);
    const source = cur + <usize>(by * 4 * codedWidth + bx * 4);
    const hasLeft = bx > 0 || mbX > 0, hasTop = by > 0 || mbY > 0;
    prepareIntra4(at, stride, hasLeft, hasTop, hasTop && topRightAvailable(b, mbX, mbY));
    const predicted = predictedMode(index, mbX, mbY, b);
    cost += chooseMode(source, b, predicted, hasLeft, hasTop, lambda);
    predictIntra4(<i32>load<u8>(MODES + <usize>b), PREDICTION);
    const levels = LEVELS + <usize>b * 32;
    forwardBlock(source, codedWidth, PREDICTION, 4, BLOCK_COEF);
    quantize(BLOCK_COEF, levels, 1, true);
    const count = countNonZero(levels);
    store<u8>(COUNTS + <usize>b, <u8>count);
    if (count != 0) trialCbp |= 1 << (<i32>i >> 2);
    dequantize(levels, BLOCK_COEF, 1);
    inverseBlockAdd(BLOCK_COEF, PREDICTION, 4, at, reconStride);
  }
  return cost;
}

/** Keeps the trial: records the macroblock's modes and coefficient counts. */
export function recordIntra4x4(mbX: i32, mbY: i32): void {
  const info = mbInfo(currentInfo, mbY * mbWidth + mbX);
  markIntra(info);
  v128.store(info + MODES_AT, v128.load(MODES));
  v128.store(info + NNZ_AT, v128.load(COUNTS));
}

/** Writes the syntax of the recorded trial (mb_type offset by `mbTypeBase`: 0 in I, 5 in P slices). */
export function writeIntra4x4Syntax(mbX: i32, mbY: i32, mbTypeBase: i32): void {
  const index = mbY * mbWidth + mbX, info = mbInfo(currentInfo, index);
  const flags = PREDICTION; // reused: 16 remainders (or 255 where the predicted mode is used), coding order
  for (let i: usize = 0; i < 16; i++) {
    const b = <i32>load<u8>(CODING_ORDER + i);
    const mode = intra4ModeOf(info, b), predicted = predictedMode(index, mbX, mbY, b);
    store<u8>(flags + i, <u8>(mode == predicted ? 255 : mode < predicted ? mode : mode - 1));
  }
  writeIntra4x4(mbX, mbY, mbTypeBase, flags, trialCbp);
}

/** Lowest SAD + lambda * bits over the allowed modes; the mode goes to MODES[b]. */
function chooseMode(source: usize, b: i32, predicted: i32, hasLeft: bool, hasTop: bool, lambda: i32): i32 {
  const s = <usize>codedWidth;
  const actual = v128.load32_lane(source + 3 * s, v128.load32_lane(source + 2 * s, v128.load32_lane(source + s, v128.load32_zero(source), 1), 2), 3);
  let best = i32.MAX_VALUE, bestMode = 2;
  for (let mode = 0; mode <= INTRA4_HORIZONTAL_UP; mode++) {
    if (!intra4Allowed(mode, hasLeft, hasTop)) continue;
    predictIntra4(mode, PREDICTION);
    const p = v128.load(PREDICTION);
    const sums = i16x8.extadd_pairwise_i8x16_u(i8x16.sub(i8x16.max_u(actual, p), i8x16.min_u(actual, p)));
    const quads = i32x4.extadd_pairwise_i16x8_u(sums);
    const sad = i32x4.extract_lane(quads, 0) + i32x4.extract_lane(quads, 1) + i32x4.extract_lane(quads, 2) + i32x4.extract_lane(quads, 3);
    const cost = sad + lambda * (mode == predicted ? 1 : 4);
    if (cost < best) {
      best = cost;
      bestMode = mode;
    }
  }
  store<u8>(MODES + <usize>b, <u8>bestMode);
  return best;
}

/** predIntra4x4PredMode of raster block b, from this trial's modes and the neighbours' records. */
function predictedMode(index: i32, mbX: i32, mbY: i32, b: i32): i32 {
  const bx = b & 3, by = b >> 2;
  if ((bx == 0 && mbX == 0) || (by == 0 && mbY == 0)) return 2;
  const left = bx > 0 ? <i32>load<u8>(MODES + <usize>(b - 1)) : intra4ModeOf(mbInfo(currentInfo, index - 1), b + 3);
  const above = by > 0 ? <i32>load<u8>(MODES + <usize>(b - 4)) : intra4ModeOf(mbInfo(currentInfo, index - mbWidth), b + 12);
  return min(left, above);
}

/** Whether the 4x4 block above and to the right is decoded before raster block b (clause 6.4.11.4). */
function topRightAvailable(b: i32, mbX: i32, mbY: i32): bool {
  const bx = b & 3, by = b >> 2;
  if (by == 0) return bx < 3 ? mbY > 0 : mbY > 0 && mbX + 1 < mbWidth;
  // Inside the macroblock: blocks 3, 7, 11, 13 and 15 (coding order) have theirs decoded later.
  return bx < 3 && !(bx == 1 && (by == 1 || by == 3));
}
