// Huffman decoding of an MCU's 8x8 blocks: DC difference + AC run/size pairs, dequantised and
// pre-scaled for the IDCT as they are read, each stored where the component's coefficient plan
// says (transposed for the full IDCT, see zigzag.ts; n x n for a reduced one, see quant.ts).
// see: ITU-T T.81 F.2.2.1 (DC), F.2.2.2 (AC), F.2.2.4 (RECEIVE and EXTEND), Figure F.12/F.13.
import { BAD_HUFFMAN_CODE, ENTROPY_TRUNCATED, OK } from "./codes";
import { bitBuffer, bitCount, bitEnd, bitPos, padBytes, readPastData, refillSlow } from "./bits";
import { decodeLong, FAST_EOB_RUN, fastSymbol, LOOKAHEAD, lookup } from "./huffman";
import { planMultiplier, planPosition } from "./quant";

/** Level shift (+128) and rounding (+0.5) of the output samples, added once to the DC term. */
const DC_OFFSET: f32 = 128.5;

/** The `size`-bit value at the top of `bits` as a signed coefficient (T.81 F.2.2.4 EXTEND). */
@inline function extend(bits: u64, size: i32): i32 {
  const v = <i32>(bits >>> <u64>(64 - size));
  return v < 1 << (size - 1) ? v - (1 << size) + 1 : v;
}

/** A bad code is a truncation if the bits it was read from reach into the zero padding. */
function badCode(count: i32): i32 {
  return padBytes != 0 && count < (padBytes << 3) + 16 ? ENTROPY_TRUNCATED : BAD_HUFFMAN_CODE;
}

/** Eight bytes at `pos` big-endian if they hold no 0xFF and lie inside the input, else all ones. */
@inline function plainChunk(pos: usize, end: usize): u64 {
  if (pos + 8 > end) return <u64>-1;
  const bytes = v128.load64_zero(pos);
  if (v128.any_true(i8x16.eq(bytes, i8x16.splat(-1)))) return <u64>-1;
  const reversed = v128.shuffle<u8>(bytes, bytes, 7, 6, 5, 4, 3, 2, 1, 0, 8, 9, 10, 11, 12, 13, 14, 15);
  return <u64>i64x2.extract_lane(reversed, 0);
}

/**
 * The buffer of `count` bits (< 56) refilled with whole bytes to `count | 56` bits (bits.ts):
 * eight bytes at once where no 0xFF is near, else byte by byte.
 */
@inline function refilled(bits: u64, count: i32): u64 {
  const chunk = plainChunk(bitPos, bitEnd);
  if (chunk != <u64>-1) {
    bitPos += <usize>((63 - count) >> 3);
    return bits | (chunk >>> <u64>count);
  }
  bitBuffer = bits;
  bitCount = count;
  refillSlow();
  return bitBuffer;
}

/** Decodes one Huffman symbol with the lookahead table, else the long-code path; -1 if invalid. */
@inline function symbolEntry(table: usize, bits: u64): i32 {
  const entry = lookup(table, bits);
  return entry != 0 ? entry : decodeLong(table, bits);
}

/** Most blocks in an MCU: T.81 B.2.3 allows a sum of H x V of 10 over a scan's components. */
export const MAX_MCU_BLOCKS = 10;
/** Bytes of one block's coefficients: 64 f32, then 16 where the coefficients an IDCT does not read go. */
export const BLOCK_BYTES: usize = 272;
/** The coefficients of an MCU's blocks, BLOCK_BYTES apart; the IDCTs leave each zero for the next MCU. */
export const COEF = memory.data(MAX_MCU_BLOCKS * <i32>BLOCK_BYTES, 16);
/** Per block of the MCU in scan order: its DC table, AC table, coefficient plan and DC predictor's address (u32 each). */
const BLOCK_TABLES = memory.data(MAX_MCU_BLOCKS * 16, 16);
/** The zigzag index of each block's last non-zero coefficient (0: DC only), after decodeMcuBlocks. */
const LAST_INDEX = memory.data(MAX_MCU_BLOCKS * 4, 16);
let mcuBlocks = 0;

/** Sets block `b` of every MCU (scan order) to decode with these tables, and the MCU to have b + 1 blocks so far. */
export function setMcuBlock(b: i32, dcTable: usize, acTable: usize, plan: usize, predictor: usize): void {
  const at = BLOCK_TABLES + (<usize>b << 4);
  store<u32>(at, <u32>dcTable);
  store<u32>(at, <u32>acTable, 4);
  store<u32>(at, <u32>plan, 8);
  store<u32>(at, <u32>predictor, 12);
  mcuBlocks = b + 1;
}

/** Block `b`'s coefficients and the zigzag index of its last non-zero one, after decodeMcuBlocks. */
@inline export function blockCoefficients(b: i32): usize {
  return COEF + <usize>b * BLOCK_BYTES;
}
@inline export function lastIndex(b: i32): i32 {
  return load<i32>(LAST_INDEX + (<usize>b << 2));
}

/**
 * Decodes the blocks of one MCU, each into its coefficients (all zero on entry) with its DC and
 * AC tables, coefficient plan (quant.ts: where each coefficient goes and its multiplier) and DC
 * predictor; 0 or a negative code. The bit buffer stays in locals from block to block. It holds
 * at least 32 bits before a long symbol: a code (<= 16 bits) and its value (<= 15 bits).
 */
export function decodeMcuBlocks(): i32 {
  let bits = bitBuffer;
  let count = bitCount;
  for (let b = 0; b < mcuBlocks; b++) {
    const tables = BLOCK_TABLES + (<usize>b << 4);
    const dcTable = <usize>load<u32>(tables);
    const acTable = <usize>load<u32>(tables, 4);
    const plan = <usize>load<u32>(tables, 8);
    const predictor = <usize>load<u32>(tables, 12);
    const coef = blockCoefficients(b);
    // DC: the symbol is the bit size of the difference to the predictor.
    if (count < LOOKAHEAD) {
      bits = refilled(bits, count);
      count |= 56;
    }
    let dc = load<i32>(predictor);
    const fastDc = fastSymbol(dcTable, bits);
    if (fastDc != 0) {
      bits <<= <u64><u32>fastDc;
      count -= fastDc & 63;
      dc += fastDc >> 16;
    } else {
      if (count < 32) {
        bits = refilled(bits, count);
        count |= 56;
      }
      const dcEntry = symbolEntry(dcTable, bits);
      const dcSize = dcEntry & 255;
      if (dcEntry < 0 || dcSize > 15) return badCode(count);
      bits <<= <u64>(dcEntry >> 8);
      count -= dcEntry >> 8;
      if (dcSize != 0) {
        dc += extend(bits, dcSize);
        bits <<= <u64>dcSize;
        count -= dcSize;
      }
    }
    store<i32>(predictor, dc);
    store<f32>(coef + planPosition(plan, 0), <f32>dc * planMultiplier(plan, 0) + DC_OFFSET);
    let k = 1;
    let last = 0;
    while (k < 64) {
      // A one-lookup symbol takes at most LOOKAHEAD bits; only a longer one needs 32.
      if (count < LOOKAHEAD) {
        bits = refilled(bits, count);
        count |= 56;
      }
      let value: i32;
      const fast = fastSymbol(acTable, bits);
      if (fast != 0) {
        // Code and value bits in one lookup (or the end of the block: k past 63 by FAST_EOB_RUN).
        // The shift takes the bits used from the entry's low 6 bits (i64.shl is modulo 64).
        k += (fast >> 8) & 255;
        bits <<= <u64><u32>fast;
        count -= fast & 63;
        value = fast >> 16;
      } else {
        if (count < 32) {
          bits = refilled(bits, count);
          count |= 56;
        }
        const entry = symbolEntry(acTable, bits);
        if (entry < 0) return badCode(count);
        bits <<= <u64>(entry >> 8);
        count -= entry >> 8;
        const size = entry & 15;
        const run = (entry >> 4) & 15;
        if (size == 0) {
          if (run != 15) break; // end of block
          k += 16; // sixteen zeros
          continue;
        }
        k += run;
        value = extend(bits, size);
        bits <<= <u64>size;
        count -= size;
      }
      if (k > 63) {
        if (k < FAST_EOB_RUN) return badCode(count);
        break; // end of block
      }
      store<f32>(coef + planPosition(plan, k), <f32>value * planMultiplier(plan, k));
      last = k;
      k++;
    }
    store<i32>(LAST_INDEX + (<usize>b << 2), last);
  }
  bitBuffer = bits;
  bitCount = count;
  if (padBytes != 0 && readPastData()) return ENTROPY_TRUNCATED;
  return OK;
}
