import { chooseIntra16, encodeIntra16 } from "./mb-intra";
import { commitIntra4x4, tryIntra4x4 } from "./mb-intra4";

// Intra_16x16 or Intra_4x4 for one macroblock: both are tried and the lower estimated cost wins
// (SAD + lambda * header bits; Intra_4x4 also pays for its 16 modes inside its cost).
// see: ITU-T H.264 (08/2021) clause 7.4.5, Table 7-11 (I_NxN and I_16x16 mb_type), 8.3.1 and 8.3.3.

/** Extra header bits of Intra_4x4 over Intra_16x16, in lambdas (its cbp and the bits its residual needs beyond SAD). */
const INTRA4_BIAS_LAMBDAS = 24;

let intra16Cost = 0;

/** The Intra_16x16 SAD of macroblock (mbX, mbY), remembered for encodeIntraMacroblock. */
export function intra16Sad(mbX: i32, mbY: i32): i32 {
  intra16Cost = chooseIntra16(mbX, mbY);
  return intra16Cost;
}

/** Codes (mbX, mbY) as the better intra kind; intra16Sad must have run for it. mb_type is offset by `mbTypeBase` (0 in I, 5 in P slices). */
export function encodeIntraMacroblock(mbX: i32, mbY: i32, mbTypeBase: i32, lambda: i32): void {
  const intra4Cost = tryIntra4x4(mbX, mbY, lambda) + INTRA4_BIAS_LAMBDAS * lambda;
  if (intra4Cost < intra16Cost) commitIntra4x4(mbX, mbY, mbTypeBase);
  else encodeIntra16(mbX, mbY, mbTypeBase);
}
