import { ZIGZAG } from "./cavlc";

// Dropping nearly empty inter residuals. A 4x4 block whose levels are all +-1 scores by how
// isolated its coefficients are; an 8x8 block scoring under 4 is not worth its bits and is zeroed,
// and so is a whole macroblock scoring under 6 (which often makes it a P_Skip). This only changes
// what the encoder chooses to send; the reconstruction follows the levels actually sent.
// (An encoder heuristic, not part of the standard; the same rule as x264's "decimation".)
// see: x264, common/quant.c (decimate_score: the run-length scores 3, 2, 2, 1, 1, 1, 0...), https://code.videolan.org/videolan/x264

const RUN_SCORE: usize = memory.data<u8>([3, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
/** A block with any |level| > 1 is always kept. */
const KEEP = 9;

/** Score of the 16 levels (raster order) at `levels`: 0 for an empty block, KEEP for one to keep. */
export function decimationScore(levels: usize): i32 {
  const low = v128.load(levels), high = v128.load(levels, 16);
  if (!v128.any_true(v128.or(low, high))) return 0;
  // |level| > 1 anywhere: level + 1 > 2 as unsigned, i.e. not in -1..1.
  const one = i16x8.splat(1), two = i16x8.splat(2);
  if (v128.any_true(v128.or(i16x8.gt_u(i16x8.add(low, one), two), i16x8.gt_u(i16x8.add(high, one), two)))) return KEEP;
  let k = 15;
  while (k >= 0 && levelAt(levels, k) == 0) k--;
  let score = 0;
  while (k >= 0) {
    k--;
    let run = 0;
    while (k >= 0 && levelAt(levels, k) == 0) {
      k--;
      run++;
    }
    score += <i32>load<u8>(RUN_SCORE + <usize>run);
  }
  return score;
}

@inline function levelAt(levels: usize, k: i32): i32 {
  return <i32>load<i16>(levels + (<usize>load<u8>(ZIGZAG + <usize>k) << 1));
}
