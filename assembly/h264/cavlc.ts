import { coeffTokenCode, runBeforeCode, totalZerosCode } from "./cavlc-tables";
import { putBits } from "./bitwriter";

// residual_block_cavlc: one 4x4 block's levels as coeff_token, trailing-one signs, levels,
// total_zeros and run_before.
// see: ITU-T H.264 (08/2021) clause 7.3.5.3.2 (syntax) and 9.2 (semantics, tables, level_prefix and
// level_suffix with the adaptive suffixLength of 9.2.2.1).

/** Raster index of each zig-zag scan position (frame macroblocks, clause 8.5.6 Table 8-13). */
export const ZIGZAG: usize = memory.data<u8>([0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15]);

const VALUES: usize = memory.data(16 * 4, 16);
const POSITIONS: usize = memory.data(16 * 4, 16);

/**
 * Writes the block of 16 i16 levels (raster order) at `levels`, scan positions start..15
 * (start 1 for Intra16x16ACLevel, whose maxNumCoeff is 15); returns TotalCoeff.
 */
export function writeResidualBlock(levels: usize, start: i32, nC: i32): i32 {
  let count = 0;
  for (let k = start; k < 16; k++) {
    const value = <i32>load<i16>(levels + (<usize>load<u8>(ZIGZAG + <usize>k) << 1));
    if (value != 0) {
      store<i32>(VALUES + <usize>count * 4, value);
      store<i32>(POSITIONS + <usize>count * 4, k);
      count++;
    }
  }
  if (count == 0) {
    putCode(coeffTokenCode(nC, 0, 0));
    return 0;
  }
  let ones = 0;
  while (ones < 3 && ones < count && abs(load<i32>(VALUES + <usize>(count - 1 - ones) * 4)) == 1) ones++;
  putCode(coeffTokenCode(nC, count, ones));
  for (let i = count - 1; i >= count - ones; i--) putBits(<u32>(load<i32>(VALUES + <usize>i * 4) < 0), 1);
  writeLevels(count, ones);
  const zeros = load<i32>(POSITIONS + <usize>(count - 1) * 4) - start + 1 - count;
  if (count < 16 - start) putCode(totalZerosCode(count, zeros));
  writeRuns(count, zeros);
  return count;
}

/** The levels that are not trailing ones, highest frequency first (clause 9.2.2.1). */
function writeLevels(count: i32, ones: i32): void {
  let suffixLength = count > 10 && ones < 3 ? 1 : 0;
  for (let i = count - 1 - ones; i >= 0; i--) {
    const level = load<i32>(VALUES + <usize>i * 4);
    let code = level > 0 ? 2 * level - 2 : -2 * level - 1;
    // The first level after fewer than 3 trailing ones cannot be +-1, so its code starts at 2.
    if (i == count - 1 - ones && ones < 3) code -= 2;
    putLevelCode(code, suffixLength);
    if (suffixLength == 0) suffixLength = 1;
    if (abs(level) > (3 << (suffixLength - 1)) && suffixLength < 6) suffixLength++;
  }
}

/** level_prefix (prefix zeros and a 1) and level_suffix of levelCode. */
function putLevelCode(code: i32, suffixLength: i32): void {
  if (suffixLength == 0) {
    if (code < 14) {
      putBits(1, code + 1);
    } else if (code < 30) {
      putBits(1, 15);
      putBits(<u32>(code - 14), 4);
    } else {
      putBits(1, 16);
      putBits(<u32>(code - 30), 12);
    }
    return;
  }
  if (code < 15 << suffixLength) {
    putBits(1, (code >> suffixLength) + 1);
    putBits(<u32>(code & ((1 << suffixLength) - 1)), suffixLength);
  } else {
    putBits(1, 16);
    putBits(<u32>(code - (15 << suffixLength)), 12);
  }
}

/** run_before of each coefficient but the lowest-frequency one, while zeros are left. */
function writeRuns(count: i32, zeros: i32): void {
  let zerosLeft = zeros;
  for (let i = count - 1; i > 0 && zerosLeft > 0; i--) {
    const run = load<i32>(POSITIONS + <usize>i * 4) - load<i32>(POSITIONS + <usize>(i - 1) * 4) - 1;
    putCode(runBeforeCode(zerosLeft, run));
    zerosLeft -= run;
  }
}

@inline function putCode(entry: u32): void {
  putBits(entry & 0xffff, <i32>(entry >>> 16));
}
