import { chooseIntra16, reconstructIntra16, writeIntra16Syntax } from "./mb-intra";
import { recordIntra4x4, tryIntra4x4, writeIntra4x4Syntax } from "./mb-intra4";

// Intra_16x16 or Intra_4x4 for one macroblock: both are tried and the lower estimated cost wins
// (SAD + lambda * header bits; Intra_4x4 also pays for its 16 modes inside its cost). The winner is
// reconstructed and recorded first, its syntax written afterwards (and again, if a rate-distortion
// trial measured it and rewound), from the levels it left.
// see: ITU-T H.264 (08/2021) clause 7.4.5, Table 7-11 (I_NxN and I_16x16 mb_type), 8.3.1 and 8.3.3.

/** Extra header bits of Intra_4x4 over Intra_16x16, in lambdas (its cbp and the bits its residual needs beyond SAD). */
const INTRA4_BIAS_LAMBDAS = 24;

let intra16Cost = 0;
let chosenIntra4 = false;

/** The Intra_16x16 SAD of macroblock (mbX, mbY), remembered for reconstructIntraMacroblock. */
export function intra16Sad(mbX: i32, mbY: i32): i32 {
  intra16Cost = chooseIntra16(mbX, mbY);
  return intra16Cost;
}

/** Reconstructs and records (mbX, mbY) as the better intra kind; intra16Sad must have run for it. */
export function reconstructIntraMacroblock(mbX: i32, mbY: i32, lambda: i32): void {
  const intra4Cost = tryIntra4x4(mbX, mbY, lambda) + INTRA4_BIAS_LAMBDAS * lambda;
  chosenIntra4 = intra4Cost < intra16Cost;
  if (chosenIntra4) recordIntra4x4(mbX, mbY);
  else reconstructIntra16(mbX, mbY);
}

/**
 * Reconstructs and records (mbX, mbY) as Intra_16x16; intra16Sad must have run for it. P pictures
 * take this: their intra macroblocks are few, and the Intra_4x4 trial cost an eighth of the
 * encoding time of a fast tilt for a quarter of a percent of its bits.
 */
export function reconstructIntra16Macroblock(mbX: i32, mbY: i32): void {
  chosenIntra4 = false;
  reconstructIntra16(mbX, mbY);
}

/** Writes the syntax of the macroblock reconstructIntraMacroblock or reconstructIntra16Macroblock made (mb_type offset by `mbTypeBase`: 0 in I, 5 in P slices). */
export function writeIntraMacroblock(mbX: i32, mbY: i32, mbTypeBase: i32): void {
  if (chosenIntra4) writeIntra4x4Syntax(mbX, mbY, mbTypeBase);
  else writeIntra16Syntax(mbX, mbY, mbTypeBase);
}
