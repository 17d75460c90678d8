// The decode loop: MCU row by MCU row, each block Huffman-decoded, inverse-transformed into
// the component's rows in scratch memory, then the finished rows turned into grey. Scratch
// holds one MCU row per component, so memory is the grey plane plus a few rows.
// see: ITU-T T.81 A.2 (MCU order), E.2.3/E.2.4 (restart intervals), F.2.2 (decoding).
import * as code from "./codes";
import { readRestartMarker, startBits } from "./bits";
import { chromaOffsets, greyRow } from "./colour";
import { decodeBlock } from "./entropy";
import { huffTable } from "./huffman";
import { fillDcBlock, idctBlock, idctBlockSparse } from "./idct";
import { scaledTable } from "./quant";
import * as state from "./state";
import { C_H, C_PLANE, C_PRED, C_STRIDE, C_TA, C_TD, C_V, comp, compAddress, setComp, scanComponent } from "./state";
import { replicateRow } from "./upsample";

/** Zigzag indices 0..9 all lie in rows and columns 0..3 (T.81 Figure A.6). */
const LAST_IN_TOP_LEFT_4X4 = 9;

/** One block's coefficients; the IDCT leaves it zero for the next block. */
const COEF = memory.data(256, 16);

let mcusX = 0;
let mcusY = 0;
/** Samples per row at full resolution, padded to whole MCUs. */
let fullStride = 0;
/** Scratch offsets: chroma offsets (three i16 planes `offsetPlane` apart), replicated rows. */
let offsetsAt: usize = 0;
let offsetPlane: usize = 0;
let expandedAt: usize = 0;
/** Luma at full resolution and Cb, Cr sampled alike, at most 2:1 across: the direct path. */
let directLayout = false;

@inline function align16(n: i32): i32 {
  return (n + 15) & ~15;
}

/** Lays out the scratch memory for the parsed frame; returns its size in bytes. */
export function layout(): i32 {
  const mcuWidth = 8 * state.maxH;
  const mcuHeight = 8 * state.maxV;
  mcusX = (state.frameWidth + mcuWidth - 1) / mcuWidth;
  mcusY = (state.frameHeight + mcuHeight - 1) / mcuHeight;
  fullStride = mcusX * mcuWidth;
  let at = 0;
  const n = state.componentCount;
  for (let c = 0; c < n; c++) {
    const stride = mcusX * comp(c, C_H) * 8;
    setComp(c, C_STRIDE, stride);
    setComp(c, C_PLANE, at);
    at += align16(stride * comp(c, C_V) * 8);
  }
  if (n == 1) return at;
  directLayout =
    comp(0, C_H) == state.maxH && comp(0, C_V) == state.maxV &&
    comp(1, C_H) == comp(2, C_H) && comp(1, C_V) == comp(2, C_V) && state.maxH / comp(1, C_H) <= 2;
  offsetsAt = <usize>at;
  offsetPlane = <usize>align16(fullStride * 2);
  at += 3 * <i32>offsetPlane;
  expandedAt = <usize>at;
  return at + 3 * align16(fullStride);
}

/** Decodes the parsed image into a width x height grey plane at `dst`; scratch: layout() bytes, 16-aligned. */
export function decodeGrey(scratch: usize, dst: usize): i32 {
  if (!state.parsed) return code.NOT_PARSED;
  layout();
  memory.fill(COEF, 0, 256);
  resetPredictors();
  startBits(state.scanStart, state.inputEnd);
  const interval = state.restartInterval;
  let untilRestart = interval;
  let nextRestart = 0;
  for (let my = 0; my < mcusY; my++) {
    for (let mx = 0; mx < mcusX; mx++) {
      if (interval != 0) {
        if (untilRestart == 0) {
          const rc = readRestartMarker(nextRestart);
          if (rc != code.OK) return rc;
          nextRestart = (nextRestart + 1) & 7;
          untilRestart = interval;
          resetPredictors();
        }
        untilRestart--;
      }
      const rc = decodeMcu(scratch, mx);
      if (rc != code.OK) return rc;
    }
    emitRows(scratch, dst, my * 8 * state.maxV);
  }
  return code.OK;
}

function resetPredictors(): void {
  for (let c = 0; c < state.componentCount; c++) setComp(c, C_PRED, 0);
}

/** The blocks of MCU `mx` of the current row, in scan order, into the component rows. */
function decodeMcu(scratch: usize, mx: i32): i32 {
  for (let i = 0; i < state.componentCount; i++) {
    const c = scanComponent(i);
    const h = comp(c, C_H);
    const v = comp(c, C_V);
    const stride = <usize>comp(c, C_STRIDE);
    const plane = scratch + <usize>comp(c, C_PLANE) + <usize>(mx * h * 8);
    const dc = huffTable(0, comp(c, C_TD));
    const ac = huffTable(1, comp(c, C_TA));
    const quant = scaledTable(c);
    const predictor = compAddress(c, C_PRED);
    for (let by = 0; by < v; by++) {
      for (let bx = 0; bx < h; bx++) {
        const out = plane + <usize>(by * 8) * stride + <usize>(bx * 8);
        const last = decodeBlock(COEF, dc, ac, quant, predictor);
        if (last < 0) return last;
        if (last == 0) fillDcBlock(COEF, out, stride);
        else if (last <= LAST_IN_TOP_LEFT_4X4) idctBlockSparse(COEF, out, stride);
        else idctBlock(COEF, out, stride);
      }
    }
  }
  return code.OK;
}

/** Grey rows y0.. of the MCU row just decoded (clipped to the image). */
function emitRows(scratch: usize, dst: usize, y0: i32): void {
  const rows = min(8 * state.maxV, state.frameHeight - y0);
  const width = state.frameWidth;
  for (let r = 0; r < rows; r++) {
    const out = dst + <usize>(y0 + r) * <usize>width;
    if (state.componentCount == 1) memory.copy(out, scratch + <usize>comp(0, C_PLANE) + <usize>(r * comp(0, C_STRIDE)), <usize>width);
    else if (directLayout) directRow(scratch, r, out, width);
    else replicatedRow(scratch, r, out, width);
  }
}

/** Row r of the component's rows that covers full-resolution row r (vertical replication). */
@inline function componentRow(scratch: usize, c: i32, r: i32): usize {
  const rowInPlane = r / (state.maxV / comp(c, C_V));
  return scratch + <usize>comp(c, C_PLANE) + <usize>(rowInPlane * comp(c, C_STRIDE));
}

/** Direct path: offsets at chroma resolution, recomputed only when the chroma row changes. */
function directRow(scratch: usize, r: i32, out: usize, width: i32): void {
  const offsets = scratch + offsetsAt;
  const ratioV = state.maxV / comp(1, C_V);
  if (r % ratioV == 0) chromaOffsets(componentRow(scratch, 1, r), componentRow(scratch, 2, r), comp(1, C_STRIDE), offsets, offsetPlane);
  greyRow(componentRow(scratch, 0, r), offsets, offsetPlane, state.maxH / comp(1, C_H), out, width);
}

/** General path: every component replicated to full resolution first. */
function replicatedRow(scratch: usize, r: i32, out: usize, width: i32): void {
  const rowBytes = align16(fullStride);
  for (let c = 0; c < 3; c++) {
    const ratio = state.maxH / comp(c, C_H);
    replicateRow(componentRow(scratch, c, r), ratio, scratch + expandedAt + <usize>(c * rowBytes), fullStride);
  }
  const expanded = scratch + expandedAt;
  const offsets = scratch + offsetsAt;
  chromaOffsets(expanded + <usize>rowBytes, expanded + <usize>(2 * rowBytes), fullStride, offsets, offsetPlane);
  greyRow(expanded, offsets, offsetPlane, 1, out, width);
}
