// Blocks that cross the right or bottom edge are completed by repeating the last column and row,
// which keeps the padding smooth (no false high frequencies).
// see: ITU-T T.81 section A.2.4 (completion of partial MCUs is left to the encoder).

/** Copies the 8x8 block at (x0, y0) of a width x height u8 plane into `dst` (stride 8), clamping to the edges. */
export function copyEdgeBlock(src: usize, width: i32, height: i32, x0: i32, y0: i32, dst: usize): void {
  for (let r = 0; r < 8; r++) {
    const row = src + <usize>min(y0 + r, height - 1) * <usize>width;
    for (let c = 0; c < 8; c++) {
      store<u8>(dst + <usize>(r * 8 + c), load<u8>(row + <usize>min(x0 + c, width - 1)));
    }
  }
}
