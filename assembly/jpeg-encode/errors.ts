// Negative return codes of the greyscale JPEG encoder. Mirrored by src/jpeg-encoder.ts
// (JPEG_ENCODE_ERROR_CODES); test/jpeg-encoder.test.ts checks that the two agree.

/** width or height outside 1..65535 (the 16-bit fields of SOF0). */
export const ERR_BAD_DIMENSIONS: i32 = -1;
/** quality outside 1..100. */
export const ERR_BAD_QUALITY: i32 = -2;
/** dst capacity too small for the encoded image (greyJpegBound is always enough). */
export const ERR_DST_TOO_SMALL: i32 = -3;
/** The worst-case output size does not fit in an i32. */
export const ERR_IMAGE_TOO_LARGE: i32 = -4;
