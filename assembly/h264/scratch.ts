// Per-macroblock working memory (static: one macroblock is coded at a time).

/** Coefficients of 16 4x4 blocks (forwardResidual layout), 256 i16. */
export const COEF: usize = memory.data(512, 16);
/** Quantised levels, same layout as COEF. */
export const LEVELS: usize = memory.data(512, 16);
/** Intra_16x16 DC levels, 16 i16 in raster order over the block grid. */
export const DC_LEVELS: usize = memory.data(32, 16);
/** TotalCoeff of each 4x4 block (raster order) of an inter candidate. */
export const BLOCK_COUNTS: usize = memory.data(16, 16);
/** One 16x16 prediction (stride 16) per Intra_16x16 mode. */
export const INTRA_PRED: usize = memory.data(4 * 256, 16);

/** luma4x4BlkIdx (coding order, clause 6.4.3) -> raster index of the 4x4 block in its macroblock. */
export const CODING_ORDER: usize = memory.data<u8>([0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15]);

/** Copies a 16x16 block. */
export function copy16x16(src: usize, srcStride: i32, dst: usize, dstStride: i32): void {
  for (let y = 0; y < 16; y++) {
    v128.store(dst, v128.load(src));
    src += <usize>srcStride;
    dst += <usize>dstStride;
  }
}
