// NAL unit writer: RBSP bits packed MSB first, with emulation prevention applied on the fly.
// see: ITU-T H.264 (08/2021) clause 7.4.1 (emulation_prevention_three_byte) and 7.3.2.11
// (rbsp_trailing_bits); clause 9.1 (Exp-Golomb codes ue(v) and se(v)).
//
// Inside a NAL unit the byte sequences 00 00 00, 00 00 01, 00 00 02 and 00 00 03 must not occur,
// so after two zero bytes a byte <= 3 is preceded by an inserted 03. Whole 32-bit words without a
// zero byte (the common case) are stored at once.

let out: usize = 0;
/** Pending bits, right-aligned; only the low `used` bits matter. */
let acc: u64 = 0;
let used: i32 = 0;
/** Zero bytes just written (0..2). */
let zeroRun: i32 = 0;
/** Emulation prevention bytes inserted so far in this NAL unit. */
let inserted: usize = 0;

// The writer's state where the current macroblock started (markMacroblock), to measure it and to
// write it again another way.
let markOut: usize = 0;
let markAcc: u64 = 0;
let markUsed: i32 = 0;
let markZeroRun: i32 = 0;
let markInserted: usize = 0;

/** Starts a NAL unit at `dst` with its one-byte header (forbidden_zero_bit, nal_ref_idc, nal_unit_type). */
export function startNal(dst: usize, header: u32): void {
  store<u8>(dst, <u8>header);
  out = dst + 1;
  acc = 0;
  used = 0;
  zeroRun = 0;
  inserted = 0;
}

/** The next byte to be written (pending bits not counted). */
export function bitsOutput(): usize {
  return out;
}

/** Remembers where the current macroblock's syntax starts. */
export function markMacroblock(): void {
  markOut = out;
  markAcc = acc;
  markUsed = used;
  markZeroRun = zeroRun;
  markInserted = inserted;
}

/** RBSP bits written since markMacroblock (emulation prevention bytes not counted). */
export function macroblockBits(): i32 {
  return <i32>(out - markOut - (inserted - markInserted)) * 8 + used - markUsed;
}

/** Drops everything written since markMacroblock. */
export function rewindMacroblock(): void {
  out = markOut;
  acc = markAcc;
  used = markUsed;
  zeroRun = markZeroRun;
  inserted = markInserted;
}

/** Zero bits up to the next byte boundary (byte_aligned() of clause 7.2). */
export function alignWithZeros(): void {
  putBits(0, (8 - (used & 7)) & 7);
}

/** Appends the low `count` bits of `value` (count 0..32, no bits set above it). */
@inline export function putBits(value: u32, count: i32): void {
  acc = (acc << <u64>count) | <u64>value;
  used += count;
  if (used >= 32) {
    used -= 32;
    putWord(<u32>(acc >> <u64>used));
  }
}

/** One flag bit. */
@inline export function putFlag(set: bool): void {
  putBits(<u32>set, 1);
}

/** ue(v): unsigned Exp-Golomb code of `value` (0..2^31-2). */
export function putUe(value: u32): void {
  const coded = value + 1;
  const length = 32 - <i32>clz(coded);
  if (length <= 16) {
    putBits(coded, 2 * length - 1);
  } else {
    putBits(0, length - 1);
    putBits(coded, length);
  }
}

/** se(v): signed Exp-Golomb code (positive v -> 2v - 1, otherwise -2v). */
export function putSe(value: i32): void {
  putUe(value > 0 ? (<u32>value << 1) - 1 : <u32>(-value) << 1);
}

/** Bits of ue(v) for `value`. */
@inline export function ueBits(value: u32): i32 {
  return 2 * (32 - <i32>clz(value + 1)) - 1;
}

/** Bits of se(v) for `value`. */
@inline export function seBits(value: i32): i32 {
  return ueBits(value > 0 ? (<u32>value << 1) - 1 : <u32>(-value) << 1);
}

/** rbsp_trailing_bits (a 1, then 0s to a byte boundary); writes what is pending and returns the end of the NAL unit. */
export function finishNal(): usize {
  putBits(1, 1);
  alignWithZeros();
  while (used >= 8) {
    used -= 8;
    putByte(<u32>(acc >> <u64>used) & 0xff);
  }
  return out;
}

function putWord(word: u32): void {
  const hasZeroByte = ((word - 0x01010101) & ~word & 0x80808080) != 0;
  if (zeroRun == 0 && !hasZeroByte) {
    store<u32>(out, bswap<u32>(word));
    out += 4;
    return;
  }
  putByte(word >>> 24);
  putByte((word >>> 16) & 0xff);
  putByte((word >>> 8) & 0xff);
  putByte(word & 0xff);
}

@inline function putByte(byte: u32): void {
  if (zeroRun == 2 && byte <= 3) {
    store<u8>(out, 3);
    out++;
    inserted++;
    zeroRun = 0;
  }
  store<u8>(out, <u8>byte);
  out++;
  zeroRun = byte == 0 ? zeroRun + 1 : 0;
}
