import { forwardResidual } from "./forward-transform";
import { predictIntra16 } from "./intra16";
import { predictIntra4, prepareIntra4 } from "./intra4";
import { inverseResidualAdd } from "./inverse-transform";
import { forwardLumaDc, inverseLumaDc } from "./luma-dc";
import { dequantize, prepareQuant, quantize, zeroInterResidualSad } from "./quant";
import { sad16x16 } from "./sad";

// The encoder's pixel kernels on explicit buffers, so tests can hold each against a plain
// reference of the spec's formulas. Coefficient buffers hold 16 blocks of 16 i16: block by * 4 + bx,
// coefficients in raster order (row = vertical frequency).
// see: the clauses named in each kernel's own file (forward-transform.ts, quant.ts, luma-dc.ts, intra16.ts, intra4.ts).

/** SAD of two 16x16 u8 blocks. */
export function h264Sad16x16(a: usize, aStride: i32, b: usize, bStride: i32): i32 {
  return sad16x16(a, aStride, b, bStride);
}

/** Forward 4x4 core transform of cur - pred over a 16x16 area into 256 i16 at coef. */
export function h264ForwardResidual(cur: usize, curStride: i32, pred: usize, predStride: i32, coef: usize): void {
  forwardResidual(cur, curStride, pred, predStride, coef);
}

/** Quantises `blocks` x 16 i16 coefficients at QP 0..51 (intra != 0: rounding 1/3, else 1/6) into levels. */
export function h264Quantize(coef: usize, levels: usize, blocks: i32, qp: i32, intra: i32): void {
  prepareQuant(qp);
  quantize(coef, levels, blocks, intra != 0);
}

/** The largest SAD of a 4x4 inter residual whose coefficients all quantise to 0 at QP 0..51. */
export function h264ZeroInterResidualSad(qp: i32): i32 {
  prepareQuant(qp);
  return zeroInterResidualSad();
}

/** Scales `blocks` x 16 i16 levels at QP 0..51 into coefficients (clause 8.5.12.1, flat weights). */
export function h264Dequantize(levels: usize, coef: usize, blocks: i32, qp: i32): void {
  prepareQuant(qp);
  dequantize(levels, coef, blocks);
}

/** dst = Clip1(pred + inverse transform of the 256 i16 at coef) over a 16x16 area. */
export function h264InverseResidualAdd(coef: usize, pred: usize, predStride: i32, dst: usize, dstStride: i32): void {
  inverseResidualAdd(coef, pred, predStride, dst, dstStride);
}

/** Hadamard and quantisation of coefficient 0 of each of the 16 blocks at coef, QP 0..51, into 16 i16 DC levels. */
export function h264ForwardLumaDc(coef: usize, dcLevels: usize, qp: i32): void {
  prepareQuant(qp);
  forwardLumaDc(coef, dcLevels);
}

/** The decoder's luma DC (clause 8.5.10) of 16 i16 levels at QP 0..51, written to coefficient 0 of each block at coef. */
export function h264InverseLumaDc(dcLevels: usize, coef: usize, qp: i32): void {
  inverseLumaDc(dcLevels, coef, qp);
}

/** Intra_16x16 prediction (mode 0..3) of the macroblock whose top-left pixel is at origin, into 256 u8 at dst. */
export function h264PredictIntra16(mode: i32, origin: usize, stride: i32, hasLeft: i32, hasTop: i32, dst: usize): void {
  predictIntra16(mode, origin, stride, hasLeft != 0, hasTop != 0, dst);
}

/** Intra_4x4 prediction (mode 0..8) of the block whose top-left pixel is at origin, into 16 u8 at dst. */
export function h264PredictIntra4(mode: i32, origin: usize, stride: i32, hasLeft: i32, hasTop: i32, hasTopRight: i32, dst: usize): void {
  prepareIntra4(origin, <usize>stride, hasLeft != 0, hasTop != 0, hasTopRight != 0);
  predictIntra4(mode, dst);
}
