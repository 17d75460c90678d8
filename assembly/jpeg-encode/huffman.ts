import { AC_BITS, AC_VALUES, DC_BITS, DC_VALUES } from "./tables";

// Huffman code tables (EHUFCO/EHUFSI) derived from the standard BITS + HUFFVAL lists.
// see: ITU-T T.81 Annex C, Figures C.1-C.3 (canonical code assignment by increasing length).
// Each entry is one u32, length << 16 | code, indexed by symbol; unused symbols stay 0.

/** DC luminance codes for categories 0..11: 12 x u32. */
export const DC_CODES: usize = memory.data(12 * 4, 16);
/** AC luminance codes for symbols run << 4 | size: 256 x u32. */
export const AC_CODES: usize = memory.data(256 * 4, 16);
/** 0..3 ZRL codes (16 zeros each) back to back, as (u64 code, u64 length) pairs, so a run of up to 63 zeros is one prefix. */
export const ZRL_PREFIXES: usize = memory.data(4 * 16, 16);

const ZRL: usize = 0xf0;
let derived = false;

/** Fills DC_CODES, AC_CODES and ZRL_PREFIXES (once; the tables never change). */
export function deriveHuffmanTables(): void {
  if (derived) return;
  deriveCodes(DC_BITS, DC_VALUES, DC_CODES);
  deriveCodes(AC_BITS, AC_VALUES, AC_CODES);
  deriveZrlPrefixes();
  derived = true;
}

/** Assigns consecutive codes to the symbols of each length 1..16, doubling between lengths. */
function deriveCodes(bits: usize, values: usize, table: usize): void {
  let code: u32 = 0;
  let k: usize = 0;
  for (let length: u32 = 1; length <= 16; length++) {
    const count = <i32>load<u8>(bits + <usize>(length - 1));
    for (let i = 0; i < count; i++) {
      const symbol = <usize>load<u8>(values + k);
      store<u32>(table + (symbol << 2), (length << 16) | code);
      code++;
      k++;
    }
    code <<= 1;
  }
}

function deriveZrlPrefixes(): void {
  const entry = load<u32>(AC_CODES + (ZRL << 2));
  let code: u64 = 0;
  let length: u64 = 0;
  for (let n: usize = 0; n < 4; n++) {
    store<u64>(ZRL_PREFIXES + (n << 4), code);
    store<u64>(ZRL_PREFIXES + (n << 4), length, 8);
    code = (code << <u64>(entry >> 16)) | <u64>(entry & 0xffff);
    length += <u64>(entry >> 16);
  }
}
