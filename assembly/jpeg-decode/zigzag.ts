// Coefficient orders. see: ITU-T T.81 Figure A.6 (zigzag sequence).

/** NATURAL_ORDER[k] = row * 8 + column of the k-th coefficient in zigzag order. */
export const NATURAL_ORDER = memory.data<u8>([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
  12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
  58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/**
 * Byte offset in the IDCT's f32 coefficient block of the k-th zigzag coefficient. The block is
 * stored transposed (column * 8 + row) so the IDCT's first pass reads whole vectors along rows
 * and its output needs only one transpose: offset = ((n & 7) * 8 + (n >> 3)) * 4.
 */
export const TRANSPOSED_OFFSET = memory.data<u16>([
  0, 32, 4, 8, 36, 64, 96, 68, 40, 12, 16, 44, 72, 100, 128, 160,
  132, 104, 76, 48, 20, 24, 52, 80, 108, 136, 164, 192, 224, 196, 168, 140,
  112, 84, 56, 28, 60, 88, 116, 144, 172, 200, 228, 232, 204, 176, 148, 120,
  92, 124, 152, 180, 208, 236, 240, 212, 184, 156, 188, 216, 244, 248, 220, 252,
]);
