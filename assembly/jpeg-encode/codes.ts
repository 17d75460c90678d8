// Result codes of the greyscale JPEG encoder: a byte count on success, every failure a negative
// code. src/jpeg/encode-codes.ts mirrors this file (test/jpeg/encode-codes.test.ts checks that
// the two agree), as src/jpeg/decode-codes.ts mirrors the decoder's codes.ts.

/** width or height outside 1..65535 (the 16-bit fields of SOF0). */
export const BAD_DIMENSIONS: i32 = -1;
/** quality outside 1..100. */
export const BAD_QUALITY: i32 = -2;
/** dst capacity too small for the encoded image (greyJpegBound is always enough). */
export const DST_TOO_SMALL: i32 = -3;
/** The worst-case output size does not fit in an i32. */
export const IMAGE_TOO_LARGE: i32 = -4;
