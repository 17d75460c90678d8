// Entropy-coded output: bits are packed MSB first into a 64-bit buffer, written 8 bytes at a
// time, and every 0xFF byte is followed by a stuffed 0x00 so it cannot be read as a marker.
// see: ITU-T T.81 sections F.1.2.3 (byte stuffing) and B.1.1.5 (padding with 1-bits).
//
// The buffer is one u64 that the block coder keeps in a local: the pending bits sit right-aligned
// under a 1-bit sentinel, so clz tells the free room and no separate counter is needed.
// The caller guarantees room: a flush writes at most 16 bytes (8 data bytes, each maybe stuffed).

/** A buffer holding no pending bits: just the sentinel. */
export const EMPTY_BITS: u64 = 1;

let out: usize = 0;
let saved: u64 = EMPTY_BITS;

/** Starts entropy-coded data at `dst`. */
export function startBits(dst: usize): void {
  out = dst;
  saved = EMPTY_BITS;
}

/** Address of the next byte to be written (pending bits not yet counted). */
export function bitsOutput(): usize {
  return out;
}

/** The buffer, to keep in a local while coding a block. */
export function takeBits(): u64 {
  return saved;
}

/** Stores the local buffer back after a block. */
export function keepBits(buffer: u64): void {
  saved = buffer;
}

/** Appends the low `length` bits of `code` (length 1..59, no bits set above it); returns the new buffer. */
@inline export function putBits(buffer: u64, code: u64, length: i32): u64 {
  const room = <i32>clz(buffer); // free bits above the sentinel
  if (room >= length) return (buffer << <u64>length) | code;
  // Fill the word with the code's top bits (this shifts the sentinel out), flush, keep the rest.
  const take = room + 1;
  const rest = <u64>(length - take);
  flushWord((buffer << <u64>take) | (code >> rest));
  return (<u64>1 << rest) | (code & ((<u64>1 << rest) - 1));
}

/** Writes the pending bits of `buffer`, padded with 1-bits to a byte boundary; returns the end of the data. */
export function finishBits(buffer: u64): usize {
  const pending = 63 - <i32>clz(buffer);
  const pad = (8 - (pending & 7)) & 7;
  const word = (buffer << <u64>pad) | ((<u64>1 << <u64>pad) - 1); // sentinel sits above the bytes written
  for (let shift = pending + pad - 8; shift >= 0; shift -= 8) putByte(<u32>(word >> <u64>shift) & 0xff);
  saved = EMPTY_BITS;
  return out;
}

/** Writes 8 bytes, big-endian; one bit test skips stuffing when no byte is 0xFF. */
function flushWord(word: u64): void {
  const inverted = ~word;
  const hasFF = (inverted - 0x0101010101010101) & ~inverted & 0x8080808080808080;
  if (hasFF == 0) {
    store<u64>(out, bswap<u64>(word));
    out += 8;
    return;
  }
  for (let shift = 56; shift >= 0; shift -= 8) putByte(<u32>(word >> <u64>shift) & 0xff);
}

/** One byte, followed by a stuffed 0x00 if it is 0xFF (the 0x00 is always stored, then kept or overwritten). */
@inline function putByte(byte: u32): void {
  store<u8>(out, <u8>byte);
  store<u8>(out, 0, 1);
  out += 1 + <usize>(byte == 0xff);
}
