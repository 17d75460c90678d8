// The negative result codes of the WebAssembly JPEG encoder, mirrored from
// assembly/jpeg-encode/codes.ts (test/jpeg/encode-codes.test.ts checks that both files agree).

export const JpegEncodeCode = {
  BAD_DIMENSIONS: -1,
  BAD_QUALITY: -2,
  DST_TOO_SMALL: -3,
  IMAGE_TOO_LARGE: -4,
} as const;
