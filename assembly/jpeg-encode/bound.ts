import { BAD_DIMENSIONS, IMAGE_TOO_LARGE } from "./codes";
import { EOI_BYTES, HEADER_BYTES } from "./markers";

// Worst-case size of the output, so the caller can allocate once.
// see: ITU-T T.81 Annex K tables K.3/K.5 (longest codes: DC 9 bits, AC 16 bits) and F.1.2.3 (stuffing).
//
// Coefficients are clamped to +-1023 (quantize.ts), so a DC difference is at most category 11
// (9-bit code + 11 bits) and an AC coefficient at most category 10 (16-bit code + 10 bits).
// Zeros cost less than that (ZRL: 11 bits per 16 zeros; EOB, 4 bits, replaces at least one zero),
// so one block codes to at most 20 + 63 * 26 = 1658 bits. The bit writer flushes whole 8-byte
// words, each at most 16 bytes once stuffed, and holds at most 63 bits back, so:
// - after i blocks at most floor(i * 1658 / 64) words are out: <= i * 414.5 <= i * 416 bytes;
// - one block flushes at most floor((63 + 1658) / 64) = 26 words: <= 416 bytes;
// - the end flushes at most 8 bytes (16 stuffed), then the 2-byte EOI: <= TAIL_BYTES.
// With capacity = greyJpegBound, at least (blocks - i) * 416 + 66 >= 482 bytes are left before
// block i, never below the encoder's per-block check (416 + 64), which keeps smaller buffers safe.

export const MAX_DIMENSION: i32 = 65535;
/** Worst-case bytes of one coded block, byte stuffing included. */
export const BLOCK_MAX_BYTES: i32 = 416;
/** Room for the last flush (8 bytes, stuffed: 16) and EOI, rounded up. */
export const TAIL_BYTES: i32 = 64;

/** Output bytes that always suffice for a width x height image (1..65535 each), or a negative code. */
export function greyJpegBound(width: i32, height: i32): i32 {
  if (!validDimensions(width, height)) return BAD_DIMENSIONS;
  const blocks = <i64>((width + 7) >> 3) * <i64>((height + 7) >> 3);
  const bound = <i64>HEADER_BYTES + blocks * <i64>BLOCK_MAX_BYTES + <i64>(TAIL_BYTES + EOI_BYTES);
  return bound > <i64>i32.MAX_VALUE ? IMAGE_TOO_LARGE : <i32>bound;
}

/** Width and height fit the 16-bit fields of SOF0 and are at least 1. */
export function validDimensions(width: i32, height: i32): bool {
  return width >= 1 && height >= 1 && width <= MAX_DIMENSION && height <= MAX_DIMENSION;
}
