import { setU16, u8At } from "./pixels";

// The grid k times coarser for frames decoded at full size (the jpeg-js fallback): each k x k
// cell's mean in 1/16 grey levels, rounded; a partial cell at the right or bottom edge is the
// mean of the pixels it has. The arithmetic is src/core/reference.ts's referenceReduce.

/** Means of the k x k cells (k >= 1) of a width x height u8 plane into dst: ceil(w/k) x ceil(h/k) u16 Q4 (0..4080). */
export function reduceMean(src: usize, width: i32, height: i32, k: i32, dst: usize): void {
  const outWidth = (width + k - 1) / k;
  const outHeight = (height + k - 1) / k;
  for (let y = 0; y < outHeight; y++) {
    const rows = min(k, height - y * k);
    for (let x = 0; x < outWidth; x++) {
      const columns = min(k, width - x * k);
      let sum = 0;
      for (let dy = 0; dy < rows; dy++) {
        const row = (y * k + dy) * width + x * k;
        for (let dx = 0; dx < columns; dx++) sum += u8At(src, row + dx);
      }
      const count = rows * columns;
      setU16(dst, y * outWidth + x, (16 * sum + (count >> 1)) / count);
    }
  }
}
