// Horizontal chroma (or luma) replication for the general sampling layouts: each sample is
// repeated `ratio` times (nearest neighbour, as jpeg-js does). Vertical replication is done by
// the caller, which reuses the same source row for `ratio` output rows.
// see: ITU-T T.81 A.1.1 (sampling factors and component dimensions).

/** dst[x] = src[x / ratio] for x < n (n a multiple of 8 * ratio). */
export function replicateRow(src: usize, ratio: i32, dst: usize, n: i32): void {
  if (ratio == 1) {
    memory.copy(dst, src, <usize>n);
  } else if (ratio == 2) {
    for (let x = 0; x < n; x += 16) {
      const v = v128.load64_zero(src + <usize>(x >> 1));
      v128.store(dst + <usize>x, v128.shuffle<u8>(v, v, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7));
    }
  } else {
    for (let x = 0; x < n; x++) store<u8>(dst + <usize>x, load<u8>(src + <usize>(x / ratio)));
  }
}

/** dst[x] = src[x / ratio] for x < n, u16 samples (the reduced scale's luma). */
export function replicateRow16(src: usize, ratio: i32, dst: usize, n: i32): void {
  for (let x = 0; x < n; x++) store<u16>(dst + (<usize>x << 1), load<u16>(src + (<usize>(x / ratio) << 1)));
}
