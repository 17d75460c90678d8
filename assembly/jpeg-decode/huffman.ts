// Huffman tables: DHT parsing, canonical code construction, 11-bit lookahead decoding, and the
// example tables of Annex K for Motion-JPEG frames that carry no DHT.
// see: ITU-T T.81 Annex C (code construction), F.2.2.3 (decoding), K.3 (typical tables).
import { BAD_HUFFMAN_TABLE, BAD_SEGMENT, MISSING_TABLE, OK } from "./codes";
import { STD_AC_CHROMA, STD_AC_LUMA, STD_DC_CHROMA, STD_DC_LUMA } from "../jpeg-tables";

/** Bits resolved by one table lookup; longer codes take the slow path. */
export const LOOKAHEAD: i32 = 11;

// One table's layout (bytes): lookup u16[2^LOOKAHEAD] = (length << 8) | symbol, 0 for "longer";
// maxCode i32[17] (last code of each length, -1 if none); delta i32[17] (symbol index - code);
// symbols u8[256]; fast i32[2^LOOKAHEAD] (see fillFast).
const LOOKUP: usize = 0;
const MAX_CODE: usize = 2 << LOOKAHEAD;
const DELTA: usize = MAX_CODE + 68;
const SYMBOLS: usize = MAX_CODE + 136;
const FAST: usize = MAX_CODE + 400;
const TABLE_BYTES: i32 = <i32>FAST + (4 << LOOKAHEAD);

/** Tables 0..3 are DC tables 0..3, tables 4..7 AC tables 0..3. */
const TABLES = memory.data(8 * TABLE_BYTES, 16);
let definedMask: i32 = 0;

/** Address of DC (cls 0) or AC (cls 1) table `id`. */
@inline export function huffTable(cls: i32, id: i32): usize {
  return TABLES + <usize>(((cls << 2) + id) * TABLE_BYTES);
}

export function resetHuffman(): void {
  definedMask = 0;
}

/** Parses a DHT segment body (one or more tables); returns OK or a code. */
export function parseHuffmanTables(body: usize, length: i32): i32 {
  let at = 0;
  while (at < length) {
    if (at + 17 > length) return BAD_SEGMENT;
    const head = <i32>load<u8>(body + <usize>at);
    const cls = head >> 4;
    const id = head & 15;
    if (cls > 1 || id > 3) return BAD_SEGMENT;
    const counts = body + <usize>(at + 1);
    let total = 0;
    for (let i = 0; i < 16; i++) total += <i32>load<u8>(counts + <usize>i);
    if (total > 256 || at + 17 + total > length) return BAD_SEGMENT;
    const rc = buildTable(huffTable(cls, id), counts, counts + 16);
    if (rc != OK) return rc;
    fillFast(huffTable(cls, id), cls);
    definedMask |= 1 << ((cls << 2) + id);
    at += 17 + total;
  }
  return OK;
}

/** Makes sure table (cls, id) exists: a scan without DHT gets the Annex K tables (ids 0 and 1). */
export function requireTable(cls: i32, id: i32): i32 {
  if (definedMask & (1 << ((cls << 2) + id))) return OK;
  if (id > 1) return MISSING_TABLE;
  const counts = cls == 0 ? (id == 0 ? STD_DC_LUMA : STD_DC_CHROMA) : id == 0 ? STD_AC_LUMA : STD_AC_CHROMA;
  buildTable(huffTable(cls, id), counts, counts + 16);
  fillFast(huffTable(cls, id), cls);
  definedMask |= 1 << ((cls << 2) + id);
  return OK;
}

/** Builds the canonical code from 16 counts and their symbols (T.81 C.2, F.15). */
function buildTable(table: usize, counts: usize, symbols: usize): i32 {
  memory.fill(table + LOOKUP, 0, 1 << (LOOKAHEAD + 1));
  let code = 0;
  let index = 0;
  for (let length = 1; length <= 16; length++) {
    const n = <i32>load<u8>(counts + <usize>(length - 1));
    store<i32>(table + DELTA + <usize>(length << 2), index - code);
    for (let i = 0; i < n; i++) {
      // More codes than this length can hold: not a prefix code.
      if (code >= 1 << length) return BAD_HUFFMAN_TABLE;
      const symbol = <i32>load<u8>(symbols + <usize>index);
      store<u8>(table + SYMBOLS + <usize>index, <u8>symbol);
      if (length <= LOOKAHEAD) fillLookup(table, code, length, symbol);
      code++;
      index++;
    }
    store<i32>(table + MAX_CODE + <usize>(length << 2), n > 0 ? code - 1 : -1);
    code <<= 1;
  }
  return OK;
}

/** Every LOOKAHEAD-bit string starting with `code` decodes to `symbol` in `length` bits. */
function fillLookup(table: usize, code: i32, length: i32, symbol: i32): void {
  const shift = LOOKAHEAD - length;
  const first = code << shift;
  const entry = <u16>((length << 8) | symbol);
  for (let i = 0; i < 1 << shift; i++) store<u16>(table + LOOKUP + (<usize>(first + i) << 1), entry);
}

/** The run a fast AC entry gives the end of block: it takes the position past 63 in one step. */
export const FAST_EOB_RUN: i32 = 128;

/**
 * For each LOOKAHEAD-bit string that holds a whole code and its value bits, the symbol decoded:
 * (value << 16) | (run << 8) | (bits used); an AC table's end-of-block code has run FAST_EOB_RUN
 * and value 0, a DC table's difference 0 is (bits used) alone; else 0. Most coefficients, the end
 * of most blocks and most DC differences then take one lookup.
 */
function fillFast(table: usize, cls: i32): void {
  for (let i = 0; i < 1 << LOOKAHEAD; i++) {
    const entry = <i32>load<u16>(table + LOOKUP + (<usize>i << 1));
    const length = entry >> 8;
    const size = cls == 0 ? entry & 255 : entry & 15;
    let fast = 0;
    if (entry != 0 && size != 0 && size <= 15 && length + size <= LOOKAHEAD) {
      const raw = (i >> (LOOKAHEAD - length - size)) & ((1 << size) - 1);
      const value = raw < 1 << (size - 1) ? raw - (1 << size) + 1 : raw;
      fast = (value << 16) | (cls == 0 ? 0 : (entry & 0xf0) << 4) | (length + size);
    } else if (entry != 0 && (entry & 255) == 0) {
      fast = cls == 0 ? length : (FAST_EOB_RUN << 8) | length; // DC difference 0; AC end of block
    }
    store<i32>(table + FAST + (<usize>i << 2), fast);
  }
}

/** Fast entry for the top LOOKAHEAD bits of `bits` (see fillFast); 0 if none. */
@inline export function fastSymbol(table: usize, bits: u64): i32 {
  return load<i32>(table + FAST + (<usize>(bits >>> (64 - LOOKAHEAD)) << 2));
}

/** Lookup entry for the top LOOKAHEAD bits of `bits`: (length << 8) | symbol, 0 if the code is longer. */
@inline export function lookup(table: usize, bits: u64): i32 {
  return <i32>load<u16>(table + LOOKUP + (<usize>(bits >>> (64 - LOOKAHEAD)) << 1));
}

/** Decodes a code longer than LOOKAHEAD bits from the top of `bits` (>= 16 valid); -1 if invalid. */
export function decodeLong(table: usize, bits: u64): i32 {
  for (let length = LOOKAHEAD + 1; length <= 16; length++) {
    const code = <i32>(bits >>> (64 - length));
    if (code <= load<i32>(table + MAX_CODE + <usize>(length << 2))) {
      const index = (code + load<i32>(table + DELTA + <usize>(length << 2))) & 255;
      return (length << 8) | <i32>load<u8>(table + SYMBOLS + <usize>index);
    }
  }
  return -1;
}
