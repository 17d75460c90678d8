import { BORDER, codedHeight, codedWidth, height, reconStride, sourcePlane, width } from "./workspace";

// Edge replication: the input grows to whole macroblocks by repeating its last column and row
// (so an odd size's extra even column/row, which the decoder shows, repeats the last edge pixel),
// and each reconstruction gets BORDER repeated pixels for motion compensation.
// see: ITU-T H.264 (08/2021) clause 7.4.2.1.1 (frame cropping) and 8.4.2.2.1 (Clip3 of reference coordinates).

/** Copies the width x height plane at `src` into the source plane, padded to the coded size. */
export function loadSource(src: usize): void {
  const w = <usize>width, cw = <usize>codedWidth;
  for (let y = 0; y < codedHeight; y++) {
    const row = src + <usize>min(y, height - 1) * w;
    const dst = sourcePlane + <usize>y * cw;
    memory.copy(dst, row, w);
    if (cw > w) memory.fill(dst + w, load<u8>(row + w - 1), cw - w);
  }
}

/** Fills the BORDER around the coded picture at `origin` (pixel 0, 0) with its edge pixels. */
export function extendBorders(origin: usize): void {
  const stride = <usize>reconStride, border = <usize>BORDER, cw = <usize>codedWidth;
  for (let y = 0; y < codedHeight; y++) {
    const row = origin + <usize>y * stride;
    memory.fill(row - border, load<u8>(row), border);
    memory.fill(row + cw, load<u8>(row + cw - 1), border);
  }
  const first = origin - border;
  const last = first + <usize>(codedHeight - 1) * stride;
  for (let k: usize = 1; k <= border; k++) {
    memory.copy(first - k * stride, first, stride);
    memory.copy(last + k * stride, last, stride);
  }
}
