// Where the decoder stores each coefficient of the zig-zag sequence (the sequence itself is
// ZIGZAG in ../jpeg-tables.ts). see: ITU-T T.81 Figure A.6 (zigzag sequence).

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
