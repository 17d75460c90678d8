// The finished rows of an MCU row turned into grey: one component is already grey; three are
// YCbCr turned into Rec.709 grey (colour.ts), directly from the component rows when luma needs no
// replication and Cb, Cr are sampled alike (at most 2:1 across), else after replicating every
// component to the output grid. At a reduced scale, luma and grey are in 1/16 levels (u16).
// see: ITU-T T.81 A.1.1 (sampling factors and component dimensions).
import { chromaOffsets, greyRow, greyRowFine } from "./colour";
import * as state from "./state";
import { C_N, C_PLANE, C_RH, C_RV, C_SIZE, C_STRIDE, C_H, C_V, comp } from "./state";
import { replicateRow, replicateRow16 } from "./upsample";

/** Samples per row of the output grid, padded to whole MCUs. */
let gridStride = 0;
/** Scratch offsets: chroma offsets (three i16 planes `offsetPlane` apart), replicated rows (`expandedRow` apart). */
let offsetsAt: usize = 0;
let offsetPlane: usize = 0;
let expandedAt: usize = 0;
let expandedRow: usize = 0;
/** Luma needs no replication and Cb, Cr are sampled alike, at most 2:1 across: the direct path. */
let directLayout = false;

@inline function align16(n: i32): i32 {
  return (n + 15) & ~15;
}

/** Lays out the rows colour conversion needs after the component planes (which end at `at`); returns the scratch size. */
export function layoutRows(at: i32, stride: i32): i32 {
  gridStride = stride;
  if (state.componentCount == 1) return at;
  directLayout =
    comp(0, C_RH) == 1 && comp(0, C_RV) == 1 && comp(1, C_N) == comp(2, C_N) &&
    comp(1, C_H) == comp(2, C_H) && comp(1, C_V) == comp(2, C_V) && comp(1, C_RH) <= 2;
  offsetsAt = <usize>at;
  offsetPlane = <usize>align16(stride * 2);
  at += 3 * <i32>offsetPlane;
  expandedAt = <usize>at;
  expandedRow = <usize>align16(stride * comp(0, C_SIZE));
  return at + 3 * <i32>expandedRow;
}

/** Output rows of one MCU row at 1/k. */
export function outputRowsPerMcu(k: i32): i32 {
  return 8 * state.maxV / k;
}

/** Grey rows y0.. of the MCU row just decoded at 1/k (clipped to the output grid). */
export function emitRows(scratch: usize, dst: usize, y0: i32, k: i32): void {
  const width = (state.frameWidth + k - 1) / k;
  const rows = min(outputRowsPerMcu(k), (state.frameHeight + k - 1) / k - y0);
  const size = <usize>comp(0, C_SIZE);
  for (let r = 0; r < rows; r++) {
    const out = dst + <usize>(y0 + r) * <usize>width * size;
    if (state.componentCount == 1) memory.copy(out, componentRow(scratch, 0, r), <usize>width * size);
    else if (directLayout) directRow(scratch, r, out, width, size == 2);
    else replicatedRow(scratch, r, out, width, size == 2);
  }
}

/** Row r of the component's rows that covers output row r (vertical replication). */
@inline function componentRow(scratch: usize, c: i32, r: i32): usize {
  const rowInPlane = r / comp(c, C_RV);
  return scratch + <usize>comp(c, C_PLANE) + <usize>(rowInPlane * comp(c, C_STRIDE) * comp(c, C_SIZE));
}

/** Direct path: offsets at chroma resolution, recomputed only when the chroma row changes. */
function directRow(scratch: usize, r: i32, out: usize, width: i32, fine: bool): void {
  const offsets = scratch + offsetsAt;
  if (r % comp(1, C_RV) == 0) chromaOffsets(componentRow(scratch, 1, r), componentRow(scratch, 2, r), comp(1, C_STRIDE), offsets, offsetPlane);
  if (fine) greyRowFine(componentRow(scratch, 0, r), offsets, offsetPlane, comp(1, C_RH), out, width);
  else greyRow(componentRow(scratch, 0, r), offsets, offsetPlane, comp(1, C_RH), out, width);
}

/** General path: every component replicated to the output grid first. */
function replicatedRow(scratch: usize, r: i32, out: usize, width: i32, fine: bool): void {
  const expanded = scratch + expandedAt;
  if (fine) replicateRow16(componentRow(scratch, 0, r), comp(0, C_RH), expanded, gridStride);
  else replicateRow(componentRow(scratch, 0, r), comp(0, C_RH), expanded, gridStride);
  for (let c = 1; c < 3; c++) replicateRow(componentRow(scratch, c, r), comp(c, C_RH), expanded + <usize>c * expandedRow, gridStride);
  const offsets = scratch + offsetsAt;
  chromaOffsets(expanded + expandedRow, expanded + 2 * expandedRow, gridStride, offsets, offsetPlane);
  if (fine) greyRowFine(expanded, offsets, offsetPlane, 1, out, width);
  else greyRow(expanded, offsets, offsetPlane, 1, out, width);
}
