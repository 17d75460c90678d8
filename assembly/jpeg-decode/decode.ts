// The decode loop: MCU row by MCU row, each MCU's blocks Huffman-decoded together, then each
// inverse-transformed into its component's rows in scratch memory, then the finished rows turned
// into grey (emit.ts).
// Scratch holds one MCU row per component, so memory is the grey plane plus a few rows. At a
// reduced scale 1/k each block gives n x n samples (scale.ts), and the grey plane is the
// ceil(w/k) x ceil(h/k) grid in 1/16 levels.
// see: ITU-T T.81 A.2 (MCU order), E.2.3/E.2.4 (restart intervals), F.2.2 (decoding).
import * as code from "./codes";
import { readRestartMarker, startBits } from "./bits";
import { emitRows, layoutRows, outputRowsPerMcu } from "./emit";
import { BLOCK_BYTES, blockCoefficients, COEF, decodeMcuBlocks, lastIndex, MAX_MCU_BLOCKS, setMcuBlock } from "./entropy";
import { huffTable } from "./huffman";
import { fillDcBlock, idctBlock, idctBlockSparse } from "./idct";
import { dcSample, idct2, idct4, reducedDcBlock } from "./idct-reduced";
import { coefficientPlan } from "./quant";
import { planScale } from "./scale";
import * as state from "./state";
import { C_H, C_N, C_PLANE, C_PRED, C_SIZE, C_STRIDE, C_TA, C_TD, C_V, comp, compAddress, setComp, scanComponent } from "./state";

/** Zigzag indices 0..9 all lie in rows and columns 0..3 (T.81 Figure A.6). */
const LAST_IN_TOP_LEFT_4X4 = 9;

let mcusX = 0;
let mcusY = 0;

@inline function align16(n: i32): i32 {
  return (n + 15) & ~15;
}

/** Lays out the scratch memory for the parsed frame decoded at 1/k; returns its size in bytes. */
export function layout(k: i32): i32 {
  planScale(k);
  const mcuWidth = 8 * state.maxH;
  const mcuHeight = 8 * state.maxV;
  mcusX = (state.frameWidth + mcuWidth - 1) / mcuWidth;
  mcusY = (state.frameHeight + mcuHeight - 1) / mcuHeight;
  let at = 0;
  for (let c = 0; c < state.componentCount; c++) {
    const stride = mcusX * comp(c, C_H) * comp(c, C_N);
    setComp(c, C_STRIDE, stride);
    setComp(c, C_PLANE, at);
    at += align16(stride * comp(c, C_V) * comp(c, C_N) * comp(c, C_SIZE));
  }
  return layoutRows(at, mcusX * mcuWidth / k);
}

/** Decodes the parsed image at 1/k into dst: width x height bytes (k = 1), or the ceil(w/k) x ceil(h/k) grid as u16 in 1/16 levels; scratch: layout(k) bytes, 16-aligned. */
export function decodeGrey(scratch: usize, dst: usize, k: i32): i32 {
  if (!state.parsed) return code.NOT_PARSED;
  if (k != 1 && k != 2 && k != 4 && k != 8) return code.BAD_SCALE;
  layout(k);
  memory.fill(COEF, 0, <usize>MAX_MCU_BLOCKS * BLOCK_BYTES);
  planMcuBlocks();
  resetPredictors();
  startBits(state.scanStart, state.inputEnd);
  const interval = state.restartInterval;
  let untilRestart = interval;
  let nextRestart = 0;
  const rowsPerMcu = outputRowsPerMcu(k);
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
    emitRows(scratch, dst, my * rowsPerMcu, k);
  }
  return code.OK;
}

function resetPredictors(): void {
  for (let c = 0; c < state.componentCount; c++) setComp(c, C_PRED, 0);
}

/** Every MCU's blocks in scan order: each component's H x V blocks, with its tables. */
function planMcuBlocks(): void {
  let b = 0;
  for (let i = 0; i < state.componentCount; i++) {
    const c = scanComponent(i);
    const blocks = comp(c, C_H) * comp(c, C_V);
    for (let j = 0; j < blocks; j++) setMcuBlock(b++, huffTable(0, comp(c, C_TD)), huffTable(1, comp(c, C_TA)), coefficientPlan(c), compAddress(c, C_PRED));
  }
}

/** The blocks of MCU `mx` of the current row: entropy-decoded together, then each inverse-transformed into its component's rows. */
function decodeMcu(scratch: usize, mx: i32): i32 {
  const rc = decodeMcuBlocks();
  if (rc != code.OK) return rc;
  let b = 0;
  for (let i = 0; i < state.componentCount; i++) {
    const c = scanComponent(i);
    const h = comp(c, C_H);
    const v = comp(c, C_V);
    const n = comp(c, C_N);
    const size = <usize>comp(c, C_SIZE);
    const stride = <usize>comp(c, C_STRIDE) * size;
    const plane = scratch + <usize>comp(c, C_PLANE) + <usize>(mx * h * n) * size;
    for (let by = 0; by < v; by++) {
      for (let bx = 0; bx < h; bx++) {
        const out = plane + <usize>(by * n) * stride + <usize>(bx * n) * size;
        const coef = blockCoefficients(b);
        const last = lastIndex(b);
        b++;
        if (n == 8) fullBlock(coef, last, out, stride);
        else reducedBlock(coef, last, n, out, stride, size == 2);
      }
    }
  }
  return code.OK;
}

/** The 8 x 8 IDCT, with less work for blocks whose coefficients lie in the top-left corner. */
@inline function fullBlock(coef: usize, last: i32, out: usize, stride: usize): void {
  if (last == 0) fillDcBlock(coef, out, stride);
  else if (last <= LAST_IN_TOP_LEFT_4X4) idctBlockSparse(coef, out, stride);
  else idctBlock(coef, out, stride);
}

/** An n x n IDCT (n = 4, 2, 1); a DC-only block is one whole level. */
@inline function reducedBlock(coef: usize, last: i32, n: i32, out: usize, stride: usize, fine: bool): void {
  if (last == 0) reducedDcBlock(coef, out, stride, n, fine);
  else if (n == 1) dcSample(coef, out, false, fine);
  else if (n == 4) idct4(coef, out, stride, fine);
  else idct2(coef, out, stride, fine);
}
