// CAVLC code tables, written as the spec prints them and turned into (length, code) words once.
// see: ITU-T H.264 (08/2021) clause 9.2.1 Table 9-5 (coeff_token), 9.2.3 Tables 9-7 and 9-8
// (total_zeros, 4x4 blocks) and 9.2.3 Table 9-10 (run_before).
//
// Each string lists groups separated by '|' and codes separated by ' '. A derived entry is
// (length << 16) | code, code right-aligned.

// coeff_token: one group per TotalCoeff 0..16, one code per TrailingOnes 0..min(TotalCoeff, 3).
const COEFF_TOKEN_NC_0_TO_1 =
  "1|000101 01|00000111 000100 001|000000111 00000110 0000101 00011|0000000111 000000110 00000101 000011|" +
  "00000000111 0000000110 000000101 0000100|0000000001111 00000000110 0000000101 00000100|" +
  "0000000001011 0000000001110 00000000101 000000100|0000000001000 0000000001010 0000000001101 0000000100|" +
  "00000000001111 00000000001110 0000000001001 00000000100|00000000001011 00000000001010 00000000001101 0000000001100|" +
  "000000000001111 000000000001110 00000000001001 00000000001100|000000000001011 000000000001010 000000000001101 00000000001000|" +
  "0000000000001111 000000000000001 000000000001001 000000000001100|0000000000001011 0000000000001110 0000000000001101 000000000001000|" +
  "0000000000000111 0000000000001010 0000000000001001 0000000000001100|0000000000000100 0000000000000110 0000000000000101 0000000000001000";
const COEFF_TOKEN_NC_2_TO_3 =
  "11|001011 10|000111 00111 011|0000111 001010 001001 0101|00000111 000110 000101 0100|00000100 0000110 0000101 00110|" +
  "000000111 00000110 00000101 001000|00000001111 000000110 000000101 000100|00000001011 00000001110 00000001101 0000100|" +
  "000000001111 00000001010 00000001001 000000100|000000001011 000000001110 000000001101 00000001100|" +
  "000000001000 000000001010 000000001001 00000001000|0000000001111 0000000001110 0000000001101 000000001100|" +
  "0000000001011 0000000001010 0000000001001 0000000001100|0000000000111 00000000001011 0000000000110 0000000001000|" +
  "00000000001001 00000000001000 00000000001010 0000000000001|00000000000111 00000000000110 00000000000101 00000000000100";
const COEFF_TOKEN_NC_4_TO_7 =
  "1111|001111 1110|001011 01111 1101|001000 01100 01110 1100|0001111 01010 01011 1011|0001011 01000 01001 1010|" +
  "0001001 001110 001101 1001|0001000 001010 001001 1000|00001111 0001110 0001101 01101|00001011 00001110 0001010 001100|" +
  "000001111 00001010 00001101 0001100|000001011 000001110 00001001 00001100|000001000 000001010 000001101 00001000|" +
  "0000001101 000000111 000001001 000001100|0000001001 0000001100 0000001011 0000001010|" +
  "0000000101 0000001000 0000000111 0000000110|0000000001 0000000100 0000000011 0000000010";

// total_zeros for 4x4 blocks: one group per TotalCoeff 1..15, one code per total_zeros 0..16-TotalCoeff.
const TOTAL_ZEROS =
  "1 011 010 0011 0010 00011 00010 000011 000010 0000011 0000010 00000011 00000010 000000011 000000010 000000001|" +
  "111 110 101 100 011 0101 0100 0011 0010 00011 00010 000011 000010 000001 000000|" +
  "0101 111 110 101 0100 0011 100 011 0010 00011 00010 000001 00001 000000|" +
  "00011 111 0101 0100 110 101 100 0011 011 0010 00010 00001 00000|" +
  "0101 0100 0011 111 110 101 100 011 0010 00001 0001 00000|" +
  "000001 00001 111 110 101 100 011 010 0001 001 000000|" +
  "000001 00001 101 100 011 11 010 0001 001 000000|" +
  "000001 0001 00001 011 11 10 010 001 000000|" +
  "000001 000000 0001 11 10 001 01 00001|" +
  "00001 00000 001 11 10 01 0001|" +
  "0000 0001 001 010 1 011|" +
  "0000 0001 01 1 001|" +
  "000 001 1 01|" +
  "00 01 1|" +
  "0 1";

// run_before: one group per zerosLeft 1..6 and > 6, one code per run_before 0..min(zerosLeft, 14).
const RUN_BEFORE =
  "1 0|1 01 00|11 10 01 00|11 10 01 001 000|11 10 011 010 001 000|11 000 001 011 010 101 100|" +
  "111 110 101 100 011 010 001 0001 00001 000001 0000001 00000001 000000001 0000000001 00000000001";

/** [nC class 0..3][TotalCoeff 0..16][TrailingOnes 0..3] */
const COEFF_TOKEN: usize = memory.data(4 * 17 * 4 * 4, 4);
/** [TotalCoeff 0..15][total_zeros 0..15] */
const TOTAL_ZEROS_CODES: usize = memory.data(16 * 16 * 4, 4);
/** [min(zerosLeft, 7)][run_before 0..15] */
const RUN_BEFORE_CODES: usize = memory.data(8 * 16 * 4, 4);

let derived = false;

/** Fills the derived tables (once per instance). */
export function deriveCavlcTables(): void {
  if (derived) return;
  parseGroups(COEFF_TOKEN_NC_0_TO_1, COEFF_TOKEN, 4);
  parseGroups(COEFF_TOKEN_NC_2_TO_3, COEFF_TOKEN + 17 * 4 * 4, 4);
  parseGroups(COEFF_TOKEN_NC_4_TO_7, COEFF_TOKEN + 2 * 17 * 4 * 4, 4);
  deriveFixedLengthCoeffTokens(COEFF_TOKEN + 3 * 17 * 4 * 4);
  parseGroups(TOTAL_ZEROS, TOTAL_ZEROS_CODES + 16 * 4, 16);
  parseGroups(RUN_BEFORE, RUN_BEFORE_CODES + 16 * 4, 16);
  derived = true;
}

/** coeff_token for the block's nC (clause 9.2.1): (length << 16) | code. */
@inline export function coeffTokenCode(nC: i32, totalCoeff: i32, trailingOnes: i32): u32 {
  const table = nC < 2 ? 0 : nC < 4 ? 1 : nC < 8 ? 2 : 3;
  return load<u32>(COEFF_TOKEN + ((<usize>table * 17 + <usize>totalCoeff) * 4 + <usize>trailingOnes) * 4);
}

/** total_zeros (TotalCoeff 1..15): (length << 16) | code. */
@inline export function totalZerosCode(totalCoeff: i32, totalZeros: i32): u32 {
  return load<u32>(TOTAL_ZEROS_CODES + (<usize>totalCoeff * 16 + <usize>totalZeros) * 4);
}

/** run_before for zerosLeft > 0: (length << 16) | code. */
@inline export function runBeforeCode(zerosLeft: i32, run: i32): u32 {
  return load<u32>(RUN_BEFORE_CODES + (<usize>min(zerosLeft, 7) * 16 + <usize>run) * 4);
}

/** 8 <= nC: a 6-bit code, (TotalCoeff - 1) << 2 | TrailingOnes, and 000011 for no coefficients. */
function deriveFixedLengthCoeffTokens(dst: usize): void {
  store<u32>(dst, (6 << 16) | 3);
  for (let total = 1; total <= 16; total++) {
    for (let ones = 0; ones <= min(total, 3); ones++) {
      store<u32>(dst + <usize>(total * 4 + ones) * 4, (6 << 16) | <u32>(((total - 1) << 2) | ones));
    }
  }
}

/** Group g's code i goes to dst[g * stride + i]. */
function parseGroups(text: string, dst: usize, stride: i32): void {
  let group = 0, index = 0, length = 0;
  let code: u32 = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x7c; // '|' ends the last group
    if (c == 0x30 || c == 0x31) {
      code = (code << 1) | <u32>(c - 0x30);
      length++;
      continue;
    }
    store<u32>(dst + <usize>(group * stride + index) * 4, (<u32>length << 16) | code);
    code = 0;
    length = 0;
    if (c == 0x7c) {
      group++;
      index = 0;
    } else {
      index++;
    }
  }
}
