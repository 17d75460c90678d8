// The bit reader over the entropy-coded data: a 64-bit buffer, MSB first, refilled a byte at a
// time where a 0xFF may occur (byte stuffing: 0xFF 0x00 is a data byte 0xFF, 0xFF + anything
// else is a marker) and eight bytes at a time elsewhere. At a marker or at the end of the
// input it feeds zero bytes and counts them, so the decoder can tell it read past the data.
// see: ITU-T T.81 F.1.2.3 (byte stuffing), B.1.1.5 (restart markers), F.2.2.5 (NEXTBYTE).
import { BAD_RESTART, ENTROPY_TRUNCATED, OK } from "./codes";

/** Valid bits from the top; the bits below `bitCount` are either zero or the next stream bits. */
export let bitBuffer: u64 = 0;
export let bitCount: i32 = 0;
/** Next byte of the input not yet in the buffer, and the end of the input. */
export let bitPos: usize = 0;
export let bitEnd: usize = 0;
/** Zero bytes fed at a marker or at the end: reading into them means the data ran out. */
export let padBytes: i32 = 0;

/** Starts reading entropy-coded data at `pos`. */
export function startBits(pos: usize, end: usize): void {
  bitBuffer = 0;
  bitCount = 0;
  bitPos = pos;
  bitEnd = end;
  padBytes = 0;
}

/** Fills the buffer a byte at a time, stopping at markers and the end, to `bitCount | 56` bits (56..63) as the eight-byte refill does. */
export function refillSlow(): void {
  let bits = bitBuffer & ~(<u64>-1 >>> <u64>bitCount);
  let count = bitCount;
  let pos = bitPos;
  const end = bitEnd;
  while (count < 56) {
    let byte: u64 = 0;
    if (pos < end && load<u8>(pos) != 0xFF) {
      byte = <u64>load<u8>(pos);
      pos++;
    } else if (pos + 1 < end && load<u8>(pos) == 0xFF && load<u8>(pos + 1) == 0) {
      byte = 0xFF;
      pos += 2;
    } else {
      padBytes++; // a marker, or the end: the position stays on it
    }
    bits |= byte << <u64>(56 - count);
    count += 8;
  }
  bitBuffer = bits;
  bitCount = count;
  bitPos = pos;
}

/** True if the decoder has consumed zero bytes fed past a marker or the end of the data. */
@inline export function readPastData(): bool {
  return padBytes != 0 && bitCount < padBytes << 3;
}

/**
 * Ends a restart interval: drops the buffered bits (the encoder pads the interval's last byte
 * with 1-bits), skips any bytes before the next marker as libjpeg does, and expects RSTn with
 * n = `expected` (0..7). Every loop advances `pos` towards the end of the input.
 */
export function readRestartMarker(expected: i32): i32 {
  let pos = bitPos;
  const end = bitEnd;
  while (pos < end) {
    if (load<u8>(pos) != 0xFF) {
      pos++;
      continue;
    }
    let next = pos + 1;
    while (next < end && load<u8>(next) == 0xFF) next++; // fill bytes before a marker
    if (next >= end) break;
    const marker = <i32>load<u8>(next);
    if (marker == 0) {
      pos = next + 1; // a stuffed 0xFF: still entropy-coded data
      continue;
    }
    if (marker != 0xd0 + expected) return BAD_RESTART;
    startBits(next + 1, end);
    return OK;
  }
  return ENTROPY_TRUNCATED;
}
