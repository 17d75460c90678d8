// The result codes of the WebAssembly JPEG decoder, mirrored from assembly/jpeg-decode/codes.ts
// (test/jpeg/decode-codes.test.ts checks that both files agree), with what each one means.

export const JpegDecodeCode = {
  OK: 0,
  NOT_A_JPEG: -1,
  NO_FRAME: -2,
  TRUNCATED: -10,
  SEGMENT_OVERRUN: -11,
  BAD_MARKER: -12,
  BAD_SEGMENT: -13,
  ZERO_DIMENSION: -14,
  MISSING_TABLE: -15,
  BAD_HUFFMAN_TABLE: -16,
  BAD_HUFFMAN_CODE: -17,
  ENTROPY_TRUNCATED: -18,
  BAD_RESTART: -19,
  NO_SCAN: -20,
  FALLBACK_PROGRESSIVE: -30,
  FALLBACK_COLOUR_SPACE: -31,
  FALLBACK_MULTI_SCAN: -32,
  FALLBACK_SAMPLING: -33,
  UNSUPPORTED_PRECISION: -40,
  UNSUPPORTED_ARITHMETIC: -41,
  UNSUPPORTED_LOSSLESS: -42,
  UNSUPPORTED_HIERARCHICAL: -43,
  UNSUPPORTED_JPEG_LS: -44,
  NOT_PARSED: -50,
  BAD_SCALE: -51,
} as const;

export type JpegDecodeCodeName = keyof typeof JpegDecodeCode;

/** What the caller does with a code: its range in codes.ts. */
export type JpegDecodeOutcome = 'ok' | 'not-a-jpeg' | 'corrupt' | 'fallback' | 'unsupported' | 'misuse';

export function outcomeOf(code: number): JpegDecodeOutcome {
  if (code === 0) return 'ok';
  if (code >= -9 && code <= -1) return 'not-a-jpeg';
  if (code >= -29 && code <= -10) return 'corrupt';
  if (code >= -39 && code <= -30) return 'fallback';
  if (code >= -49 && code <= -40) return 'unsupported';
  return 'misuse';
}

/** One line for a user, per code. */
const REASONS: Record<JpegDecodeCodeName, string> = {
  OK: 'decoded',
  NOT_A_JPEG: 'not a JPEG (no SOI marker at the start)',
  NO_FRAME: 'not a JPEG image (the data has no frame header)',
  TRUNCATED: 'truncated JPEG (the data ends inside the headers)',
  SEGMENT_OVERRUN: 'corrupt JPEG (a marker segment runs past the end of the data)',
  BAD_MARKER: 'corrupt JPEG (bytes where a marker must be, or a misplaced marker)',
  BAD_SEGMENT: 'corrupt JPEG (a header field is out of range)',
  ZERO_DIMENSION: 'corrupt JPEG (the frame header gives width or height 0)',
  MISSING_TABLE: 'corrupt JPEG (a scan uses a quantisation or Huffman table that is not defined)',
  BAD_HUFFMAN_TABLE: 'corrupt JPEG (a Huffman table is not a valid prefix code)',
  BAD_HUFFMAN_CODE: 'corrupt JPEG (invalid Huffman code in the entropy-coded data)',
  ENTROPY_TRUNCATED: 'truncated JPEG (the image data ends before the last block)',
  BAD_RESTART: 'corrupt JPEG (a restart marker is missing or out of sequence)',
  NO_SCAN: 'corrupt JPEG (the image ends before any scan)',
  FALLBACK_PROGRESSIVE: 'progressive JPEG',
  FALLBACK_COLOUR_SPACE: 'colour space other than grey or YCbCr',
  FALLBACK_MULTI_SCAN: 'sequential JPEG with one scan per component',
  FALLBACK_SAMPLING: 'sampling factors that are not whole multiples of each other',
  UNSUPPORTED_PRECISION: 'unsupported JPEG: sample precision other than 8 bits (e.g. 12-bit)',
  UNSUPPORTED_ARITHMETIC: 'unsupported JPEG: arithmetic coding',
  UNSUPPORTED_LOSSLESS: 'unsupported JPEG: lossless coding (SOF3)',
  UNSUPPORTED_HIERARCHICAL: 'unsupported JPEG: hierarchical coding',
  UNSUPPORTED_JPEG_LS: 'unsupported JPEG: JPEG-LS',
  NOT_PARSED: 'decoder used before a successful parse',
  BAD_SCALE: 'decoder asked for a scale other than 1, 1/2, 1/4 or 1/8',
};

/** The name of a code, or undefined if it is not one. */
export function codeName(code: number): JpegDecodeCodeName | undefined {
  return (Object.keys(JpegDecodeCode) as JpegDecodeCodeName[]).find((name) => JpegDecodeCode[name] === code);
}

/** A user-facing reason for a code. */
export function reasonOf(code: number): string {
  const name = codeName(code);
  return name ? REASONS[name] : `unknown decoder result ${code}`;
}
