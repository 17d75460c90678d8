// Result codes of the JPEG decoder: 0 is success, every failure a negative code.
// The ranges tell the TypeScript side what to do (src/jpeg/decode-codes.ts mirrors this file,
// test/jpeg/decode-codes.test.ts checks that the two agree):
//   -1..-9    not a JPEG at all
//   -10..-29  a damaged JPEG (nobody decodes it)
//   -30..-39  a valid JPEG this decoder leaves to the fallback decoder (jpeg-js)
//   -40..-49  a valid JPEG coding that nothing in frame-processor decodes
//   -50..-59  the API was used out of order or with bad arguments

export const OK: i32 = 0;

/** No SOI marker at the start. */
export const NOT_A_JPEG: i32 = -1;
/** SOI, but the data ends (or EOI comes) before any frame header. */
export const NO_FRAME: i32 = -2;

/** The data ends inside the headers, before the first scan. */
export const TRUNCATED: i32 = -10;
/** A marker segment's length runs past the end of the data. */
export const SEGMENT_OVERRUN: i32 = -11;
/** Bytes where a marker must be, or a marker that cannot occur there. */
export const BAD_MARKER: i32 = -12;
/** A header field out of range: segment length, table id, sampling factor, scan parameters... */
export const BAD_SEGMENT: i32 = -13;
/** The frame header gives width or height 0 (height from a DNL marker is not supported). */
export const ZERO_DIMENSION: i32 = -14;
/** A scan uses a quantisation or Huffman table that was never defined. */
export const MISSING_TABLE: i32 = -15;
/** A DHT segment whose code lengths do not form a prefix code. */
export const BAD_HUFFMAN_TABLE: i32 = -16;
/** Entropy-coded data with a code no table defines, or a run past coefficient 63. */
export const BAD_HUFFMAN_CODE: i32 = -17;
/** The entropy-coded data ends (end of input or a marker) before the last block. */
export const ENTROPY_TRUNCATED: i32 = -18;
/** A restart marker is missing or out of sequence. */
export const BAD_RESTART: i32 = -19;
/** EOI after the frame header but before any scan. */
export const NO_SCAN: i32 = -20;

/** Progressive DCT (SOF2). */
export const FALLBACK_PROGRESSIVE: i32 = -30;
/** Not 1 or 3 components, CMYK/YCCK, or RGB (Adobe transform 0, or R/G/B ids without JFIF/Adobe). */
export const FALLBACK_COLOUR_SPACE: i32 = -31;
/** A sequential frame coded in several scans (one component per scan). */
export const FALLBACK_MULTI_SCAN: i32 = -32;
/** Sampling factors whose ratios to the largest are not whole numbers (e.g. 3x1 with 2x1). */
export const FALLBACK_SAMPLING: i32 = -33;

/** Sample precision other than 8 bits (12-bit, 16-bit). */
export const UNSUPPORTED_PRECISION: i32 = -40;
/** Arithmetic entropy coding (SOF9..SOF11, SOF13..SOF15). */
export const UNSUPPORTED_ARITHMETIC: i32 = -41;
/** Lossless JPEG (SOF3). */
export const UNSUPPORTED_LOSSLESS: i32 = -42;
/** Hierarchical JPEG (SOF5..SOF7, DHP, EXP). */
export const UNSUPPORTED_HIERARCHICAL: i32 = -43;
/** JPEG-LS (SOF55 = 0xF7, LSE = 0xF8). */
export const UNSUPPORTED_JPEG_LS: i32 = -44;

/** jpegDecodeGrey called without a successful jpegParse before it. */
export const NOT_PARSED: i32 = -50;
/** jpegDecodeGrey or jpegScratchBytes asked for a scale other than 1, 2, 4 or 8. */
export const BAD_SCALE: i32 = -51;
