import { seBits } from "./bitwriter";
import { globalX, globalY } from "./global-motion";
import { isIntra, mbInfo, mvX, mvY } from "./mb-info";
import { estimatedSad } from "./motion-compensation";
import { predX, predY } from "./mv-predict";
import { sad16x16 } from "./sad";
import { codedHeight, codedWidth, currentInfo, mbWidth, previousInfo, reconStride, referenceRecon, sourcePlane } from "./workspace";

// Motion search for one 16x16 macroblock, in two stages so that a macroblock the integer stage
// already settles (see mb-inter.ts) skips the second: searchMotion takes the best of a few
// predictor candidates (zero, the predicted vector, the neighbours' vectors, the co-located vector
// of the previous frame, the picture's dominant motion from global-motion.ts) and refines it by a
// small diamond walk in whole samples; refineMotion then walks diamonds of half and quarter
// samples around the winner (the predicted vector itself too), ranked by an estimate of the
// fractional prediction (motion-compensation.ts). Cost = SAD + lambda * bits of the motion vector
// difference.
// Every vector chosen keeps to the ranges of every level, so the P_Skip vectors predicted from
// them (medians of neighbours' vectors, clause 8.4.1.3) do too, and a higher level signalled later
// (level.ts) only widens them.
// see: ITU-T H.264 (08/2021) A.3.1 items k and l, Table A-1 (MaxVmvR: vertical vectors within
// [-64, 63.75] at every level; horizontal within [-2048, 2047.75] below level 6).

/** How far outside the picture a searched block may reach (the reference's BORDER holds it, and the sample after it that fractional estimates read). */
const SEARCH_MARGIN: i32 = 16;
const MAX_UP: i32 = -64;
const MAX_DOWN: i32 = 63;
const MAX_LEFT: i32 = -2048;
const MAX_RIGHT: i32 = 2047;
const DIAMOND_STEPS = 32;
/** Positions remembered so that none is costed twice (the candidates and the first diamond steps). */
const TRIED_MAX = 16;
/** Diamond rounds at each fractional step (half, then quarter samples). */
const FRACTION_ROUNDS = 1;

/** The winning vector in whole samples after the integer search. */
let bestX = 0;
let bestY = 0;
/** The winning vector in quarter samples, and its cost. */
export let bestMvX = 0;
export let bestMvY = 0;
export let bestCost = 0;

let cur: usize = 0;
let origin: usize = 0;
let originX = 0;
let originY = 0;
let minX = 0;
let maxX = 0;
let minY = 0;
let maxY = 0;
let lambda = 0;

/** Whole-sample search for macroblock (mbX, mbY); predictMotion must have run for it. Leaves the winner in bestMvX/bestMvY (quarter samples). */
export function searchMotion(mbX: i32, mbY: i32, lambdaMotion: i32): void {
  const x0 = mbX << 4, y0 = mbY << 4;
  originX = x0;
  originY = y0;
  cur = sourcePlane + <usize>(y0 * codedWidth + x0);
  origin = referenceRecon + <usize>(y0 * reconStride + x0);
  minX = max(-SEARCH_MARGIN - x0, MAX_LEFT);
  maxX = min(codedWidth + SEARCH_MARGIN - 16 - x0, MAX_RIGHT);
  minY = max(-SEARCH_MARGIN - y0, MAX_UP);
  maxY = min(codedHeight + SEARCH_MARGIN - 16 - y0, MAX_DOWN);
  lambda = lambdaMotion;
  bestCost = i32.MAX_VALUE;
  tried = 0;
  consider(0, 0);
  consider(predX >> 2, predY >> 2);
  const index = mbY * mbWidth + mbX;
  if (mbX > 0) considerRecord(mbInfo(currentInfo, index - 1));
  if (mbY > 0) considerRecord(mbInfo(currentInfo, index - mbWidth));
  if (mbY > 0 && mbX + 1 < mbWidth) considerRecord(mbInfo(currentInfo, index - mbWidth + 1));
  considerRecord(mbInfo(previousInfo, index));
  consider(globalX, globalY);
  refine();
  bestMvX = bestX << 2;
  bestMvY = bestY << 2;
}

/** Refines searchMotion's winner to quarter samples: diamonds of half, then quarter samples, and the predicted vector. */
export function refineMotion(): void {
  considerQuarter(predX, predY);
  for (let step = 2; step >= 1; step--) {
    for (let round = 0; round < FRACTION_ROUNDS; round++) {
      const x = bestMvX, y = bestMvY;
      considerQuarter(x + step, y);
      considerQuarter(x - step, y);
      considerQuarter(x, y + step);
      considerQuarter(x, y - step);
      if (x == bestMvX && y == bestMvY) break;
    }
  }
}

/** SAD of the candidate at whole-sample vector (x, y) without the vector cost. */
export function candidateSad(x: i32, y: i32): i32 {
  return sad16x16(cur, codedWidth, origin + <usize>(y * reconStride + x), reconStride);
}

function considerRecord(info: usize): void {
  if (!isIntra(info)) consider(mvX(info) >> 2, mvY(info) >> 2);
}

/** Diamond steps in whole samples until none improves; the point just left is not tried again. */
function refine(): void {
  let fromX = 0, fromY = 0; // the last step, undone by going back
  for (let step = 0; step < DIAMOND_STEPS; step++) {
    const x = bestX, y = bestY;
    if (fromX != -1) consider(x + 1, y);
    if (fromX != 1) consider(x - 1, y);
    if (fromY != -1) consider(x, y + 1);
    if (fromY != 1) consider(x, y - 1);
    if (x == bestX && y == bestY) return;
    fromX = bestX - x;
    fromY = bestY - y;
  }
}

function considerQuarter(x: i32, y: i32): void {
  x = min(max(x, minX << 2), maxX << 2);
  y = min(max(y, max(minY << 2, MAX_UP << 2)), min(maxY << 2, (MAX_DOWN << 2) + 3));
  if (x == bestMvX && y == bestMvY) return;
  const cost = estimatedSad(cur, codedWidth, originX, originY, x, y) + lambda * (seBits(x - predX) + seBits(y - predY));
  if (cost < bestCost) {
    bestCost = cost;
    bestMvX = x;
    bestMvY = y;
  }
}

/** Whole-sample positions already costed for this macroblock, packed (x, y), and how many. */
const TRIED: usize = memory.data(4 * TRIED_MAX, 16);
let tried = 0;

function consider(x: i32, y: i32): void {
  x = min(max(x, minX), maxX);
  y = min(max(y, minY), maxY);
  const packed = (x << 16) | (y & 0xffff);
  for (let i = 0; i < tried; i++) if (load<i32>(TRIED + <usize>i * 4) == packed) return;
  if (tried < TRIED_MAX) store<i32>(TRIED + <usize>(tried++) * 4, packed);
  const rate = seBits((x << 2) - predX) + seBits((y << 2) - predY);
  const cost = candidateSad(x, y) + lambda * rate;
  if (cost < bestCost) {
    bestCost = cost;
    bestX = x;
    bestY = y;
  }
}
